/**
 * The versioned binary format of rule state. {@link io.strom.rules.runtime.state.StateWriter} and
 * {@link io.strom.rules.runtime.state.StateReader} write fixed-width primitives and SQL values with a
 * one-byte type tag (null, BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL, STRING, TIMESTAMP, DATE, TIME,
 * ARRAY, MAP). The window runtime and the accumulators build their snapshots from these; each
 * snapshot starts with a format version byte, and tags are never renumbered.
 */
package io.strom.rules.runtime.state;
