package io.strom.rules.runtime.window;

import java.util.Arrays;

/**
 * One change of one key's aggregate in one window (or of its row, when unwindowed). The executor
 * applies HAVING and projects the output record from it: a tombstone goes out when a row that passed
 * HAVING (the old results) no longer does (the new results fail, or the row was removed); nothing goes
 * out for a row that never passed.
 *
 * <p><b>Valid only during the {@link AggregationListener#onUpdate} call</b>: new results are read
 * on demand from the live window, so a listener that reads only what it needs (for HAVING often one
 * result) converts nothing else. Copy what you keep; {@link #oldResults()} and {@link #newResults()}
 * return fresh arrays that may be kept. Results are indexed like the aggregate
 * functions given to {@link AggregationState}.
 */
public final class AggregateUpdate {

  // A short-lived object per update, on purpose: filling a long-lived, reused one costs a GC write
  // barrier per reference stored, more than allocating (and often not even that, once inlined).
  private final AggregationState state;
  private final Object key;
  private final long windowStart;
  private final long windowEnd;
  private final long timestamp;
  /** The old row, captured before the change (primitive slots, object-accumulator results); null if new. */
  private final long[] oldSlots;
  private final Object[] oldObjectResults;
  /** The row after the change, read live; null for a removal. */
  private final KeyWindows current;
  private final int currentIndex;

  AggregateUpdate(AggregationState state, Object key, long windowStart, long windowEnd, long timestamp,
      long[] oldSlots, Object[] oldObjectResults, KeyWindows current, int currentIndex) {
    this.state = state;
    this.key = key;
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
    this.timestamp = timestamp;
    this.oldSlots = oldSlots;
    this.oldObjectResults = oldObjectResults;
    this.current = current;
    this.currentIndex = currentIndex;
  }

  /** The group key as the host passed it to {@code process}. */
  public Object key() {
    return key;
  }

  /** TUMBLING/HOPPING (a "time" window), SESSION, or NONE when unwindowed. */
  public WindowPolicy.Type windowType() {
    return state.spec().type();
  }

  public boolean isWindowed() {
    return windowType() != WindowPolicy.Type.NONE;
  }

  /** WINDOWSTART (inclusive); 0 when unwindowed. */
  public long windowStart() {
    return windowStart;
  }

  /** WINDOWEND: exclusive {@code start + size} for time windows, inclusive last record time for sessions. */
  public long windowEnd() {
    return windowEnd;
  }

  /**
   * The output record's timestamp: the largest record timestamp aggregated into the window (or row);
   * the session end for sessions, and for a removed session its end.
   */
  public long timestamp() {
    return timestamp;
  }

  /** True when the row did not exist before this change (always under EMIT FINAL). */
  public boolean isNew() {
    return oldSlots == null;
  }

  /** True when the row was removed (a session merged into another); there are no new results. */
  public boolean isRemoval() {
    return current == null;
  }

  /** Result {@code function} after the change; not for a removal. */
  public Object newResult(int function) {
    if (current == null) {
      throw new IllegalStateException("a removed row has no new results");
    }
    return state.result(current.data, currentIndex * current.stride, current.objects, currentIndex, function);
  }

  /** Result {@code function} before the change; not for a new row. */
  public Object oldResult(int function) {
    if (oldSlots == null) {
      throw new IllegalStateException("a new row has no old results");
    }
    return state.result(oldSlots, 0, oldObjectResults, function);
  }

  /** All results after the change, in a fresh array; null for a removal. */
  public Object[] newResults() {
    if (current == null) {
      return null;
    }
    Object[] results = new Object[state.functionCount()];
    for (int j = 0; j < results.length; j++) {
      results[j] = newResult(j);
    }
    return results;
  }

  /** All results before the change, in a fresh array; null for a new row. */
  public Object[] oldResults() {
    if (oldSlots == null) {
      return null;
    }
    Object[] results = new Object[state.functionCount()];
    for (int j = 0; j < results.length; j++) {
      results[j] = oldResult(j);
    }
    return results;
  }

  @Override
  public String toString() {
    return "AggregateUpdate{key=" + key + ", window=" + windowType() + "[" + windowStart + "," + windowEnd
        + "], old=" + Arrays.toString(oldResults()) + ", new=" + Arrays.toString(newResults())
        + ", ts=" + timestamp + "}";
  }
}
