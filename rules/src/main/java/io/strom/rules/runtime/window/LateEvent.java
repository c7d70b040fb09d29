package io.strom.rules.runtime.window;

/**
 * A record that arrived after the window it belongs to had closed ({@code streamTime >= closeTime}),
 * handed to the host instead of being dropped silently. With hopping windows a record can be late for
 * some windows and on time for others: there is one event per missed window. A record with a negative
 * timestamp belongs to no window at all: its event has window type NONE.
 */
public final class LateEvent {

  private final Object key;
  private final long timestamp;
  private final WindowPolicy.Type windowType;
  private final long windowStart;
  private final long windowEnd;
  private final long closeTime;
  private final long streamTime;

  LateEvent(Object key, long timestamp, WindowPolicy.Type windowType, long windowStart, long windowEnd,
      long closeTime, long streamTime) {
    this.key = key;
    this.timestamp = timestamp;
    this.windowType = windowType;
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
    this.closeTime = closeTime;
    this.streamTime = streamTime;
  }

  public Object key() {
    return key;
  }

  /** The late record's event time. */
  public long timestamp() {
    return timestamp;
  }

  public WindowPolicy.Type windowType() {
    return windowType;
  }

  /** The missed window's start (for sessions: the session the record would have formed or joined). */
  public long windowStart() {
    return windowStart;
  }

  public long windowEnd() {
    return windowEnd;
  }

  /**
   * The stream time at which the window closed: {@code end + grace} for time windows,
   * {@code end + gap + grace + 1} for sessions (a session is closed once {@code end < streamTime - gap - grace}).
   */
  public long closeTime() {
    return closeTime;
  }

  /** Stream time when the record arrived. */
  public long streamTime() {
    return streamTime;
  }

  /** How far past the close stream time was: {@code streamTime - closeTime}, 0 = just closed. */
  public long lateByMillis() {
    return streamTime - closeTime;
  }

  @Override
  public String toString() {
    return "LateEvent{key=" + key + ", ts=" + timestamp + ", window=" + windowType + "[" + windowStart + ","
        + windowEnd + "], closeTime=" + closeTime + ", streamTime=" + streamTime + "}";
  }
}
