/**
 * {@code ./strom quality}: runs the three simulated feeds with every scenario through rule files on
 * the embedded platform, joins the alerts PostgreSQL holds with the ground truth regenerated from
 * the seed, and reports precision, recall and detection delay per scenario (see docs/quality.md).
 */
package io.strom.platform.quality;
