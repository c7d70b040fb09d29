package io.strom.rules.runtime.aggregate;

import io.strom.rules.runtime.state.StateReader;
import io.strom.rules.runtime.state.StateWriter;

/**
 * The mutable state of one aggregate in one window of one key. Created empty by
 * {@link AggregateFunction#newAccumulator()}; the window runtime feeds it records, merges it when
 * sessions merge, reads its result and snapshots it.
 */
public interface Accumulator {

  /**
   * Adds one record.
   *
   * @param value the evaluated argument (SQL NULL = null; ignored by COUNT(*))
   * @param timestamp the record's event time in epoch millis
   * @param sequence the record's arrival position in the partition (offset order)
   */
  void add(Object value, long timestamp, long sequence);

  /**
   * Folds in another accumulator of the same function when sessions merge. {@code other} holds a
   * later session (order-sensitive functions such as EWMA treat its values as coming after this
   * one's) and is not used afterwards.
   */
  void merge(Accumulator other);

  /** The current result as a Java value of the function's result type (null = SQL NULL). */
  Object result();

  void write(StateWriter out);

  /** Restores state written by {@link #write} into this freshly created accumulator. */
  void read(StateReader in);
}
