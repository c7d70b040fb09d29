package io.strom.rules.data;

/**
 * A record a rule emits.
 *
 * @param key the output key: null when the output has no key column, the bare value for one key
 *     column, a {@link io.strom.rules.types.StructValue} (field per key column) for several
 * @param values every output column's value in {@link io.strom.rules.CompiledRule#output()} order (key columns
 *     included, so a sink has a whole row), or null for a tombstone (the row for this key and
 *     window is gone)
 * @param timestamp the output's event time (epoch millis)
 * @param window the window of a windowed aggregate, else null
 */
public record OutputRecord(Object key, Object[] values, long timestamp, WindowBounds window) {

  public boolean isTombstone() {
    return values == null;
  }
}
