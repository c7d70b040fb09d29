package io.strom.rules.runtime.window;

/**
 * One change of one key's aggregate in one window (or of its row, when unwindowed). The executor
 * applies HAVING and projects the output record from it: a tombstone goes out when a row that passed
 * HAVING ({@link #oldResults()}) no longer does ({@link #newResults()} fails or is null); nothing goes
 * out for a row that never passed.
 *
 * <p>Results arrays hold one value per aggregate function, in the order given to
 * {@link AggregationState}; they are fresh arrays the receiver may keep.
 */
public final class AggregateUpdate {

  private final Object key;
  private final WindowSpec.Type windowType;
  private final long windowStart;
  private final long windowEnd;
  private final Object[] oldResults;
  private final Object[] newResults;
  private final long timestamp;

  AggregateUpdate(Object key, WindowSpec.Type windowType, long windowStart, long windowEnd,
      Object[] oldResults, Object[] newResults, long timestamp) {
    this.key = key;
    this.windowType = windowType;
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
    this.oldResults = oldResults;
    this.newResults = newResults;
    this.timestamp = timestamp;
  }

  /** The group key as the host passed it to {@code process}. */
  public Object key() {
    return key;
  }

  /** TUMBLING/HOPPING (a "time" window), SESSION, or NONE when unwindowed. */
  public WindowSpec.Type windowType() {
    return windowType;
  }

  public boolean isWindowed() {
    return windowType != WindowSpec.Type.NONE;
  }

  /** WINDOWSTART (inclusive); 0 when unwindowed. */
  public long windowStart() {
    return windowStart;
  }

  /** WINDOWEND: exclusive {@code start + size} for time windows, inclusive last record time for sessions. */
  public long windowEnd() {
    return windowEnd;
  }

  /** The results before this change; null when the row is new (and always under EMIT FINAL). */
  public Object[] oldResults() {
    return oldResults;
  }

  /** The results after this change; null when the row was removed (a session merged away). */
  public Object[] newResults() {
    return newResults;
  }

  public boolean isRemoval() {
    return newResults == null;
  }

  /**
   * The output record's timestamp: the largest record timestamp aggregated into the window (or row);
   * the session end for sessions, and for a removed session its end.
   */
  public long timestamp() {
    return timestamp;
  }

  @Override
  public String toString() {
    return "AggregateUpdate{key=" + key + ", window=" + windowType + "[" + windowStart + "," + windowEnd
        + "], old=" + java.util.Arrays.toString(oldResults) + ", new=" + java.util.Arrays.toString(newResults)
        + ", ts=" + timestamp + "}";
  }
}
