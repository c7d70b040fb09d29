package io.strom.rules.data;

/**
 * A record entering a rule: its key as the host got it (used only to pass the key of a record
 * without a value through), its columns ({@code value}; null for a record without a value, e.g. a
 * tombstone), its timestamp (ROWTIME, epoch millis) and its offset in the partition (arrival
 * order, used by the *_BY_OFFSET aggregates).
 */
public record InputRecord(Object key, Row value, long timestamp, long offset) {

  public static InputRecord of(Row value, long timestamp) {
    return new InputRecord(null, value, timestamp, 0L);
  }
}
