/**
 * The demo's live view: {@link io.strom.platform.monitor.Monitor} samples the running servers from
 * the outside into a {@link io.strom.platform.monitor.Snapshot}, which
 * {@link io.strom.platform.monitor.SnapshotRenderer} prints as a terminal screen or as plain lines.
 */
package io.strom.platform.monitor;
