package io.strom.rules.runtime.window;

import java.util.Objects;

/**
 * How an aggregation groups records in time: tumbling, hopping, session or not at all, with grace,
 * retention, emit mode and the host's idle timeout. Immutable; durations in milliseconds.
 *
 * <p>Grace defaults as in ksqlDB: {@code max(24h - size, 0)} (sessions: {@code max(24h - gap, 0)})
 * under EMIT CHANGES, 0 under EMIT FINAL.
 */
public final class WindowPolicy {

  /** The window types; TUMBLING and HOPPING are both "time" windows in output. */
  public enum Type { TUMBLING, HOPPING, SESSION, NONE }

  static final long DAY_MILLIS = 24L * 60 * 60 * 1000;

  private final Type type;
  private final long size;
  private final long advance;
  private final Long grace;
  private final Long retention;
  private final EmitMode emit;
  private final long idleTimeout;

  private WindowPolicy(Type type, long size, long advance, Long grace, Long retention, EmitMode emit,
      long idleTimeout) {
    this.type = type;
    this.size = size;
    this.advance = advance;
    this.grace = grace;
    this.retention = retention;
    this.emit = emit;
    this.idleTimeout = idleTimeout;
    validate();
  }

  public static WindowPolicy tumbling(long sizeMillis) {
    return new WindowPolicy(Type.TUMBLING, sizeMillis, sizeMillis, null, null, EmitMode.CHANGES, 0);
  }

  public static WindowPolicy hopping(long sizeMillis, long advanceMillis) {
    return new WindowPolicy(Type.HOPPING, sizeMillis, advanceMillis, null, null, EmitMode.CHANGES, 0);
  }

  /** A session window: records of a key at most {@code gapMillis} apart share a session. */
  public static WindowPolicy session(long gapMillis) {
    return new WindowPolicy(Type.SESSION, gapMillis, 0, null, null, EmitMode.CHANGES, 0);
  }

  /** Plain GROUP BY aggregation into a table: one row per key, never closed. */
  public static WindowPolicy unwindowed() {
    return new WindowPolicy(Type.NONE, 0, 0, null, null, EmitMode.CHANGES, 0);
  }

  /** GRACE PERIOD: how long after its end a window still takes out-of-order records. */
  public WindowPolicy withGrace(long graceMillis) {
    return new WindowPolicy(type, size, advance, graceMillis, retention, emit, idleTimeout);
  }

  /**
   * RETENTION, accepted for ksqlDB compatibility and checked to be at least size + grace. Strom keeps
   * no closed windows (nothing can read or change them), so state is bounded by the grace alone.
   */
  public WindowPolicy withRetention(long retentionMillis) {
    return new WindowPolicy(type, size, advance, grace, retentionMillis, emit, idleTimeout);
  }

  public WindowPolicy withEmit(EmitMode mode) {
    return new WindowPolicy(type, size, advance, grace, retention, Objects.requireNonNull(mode, "mode"),
        idleTimeout);
  }

  /**
   * EMIT FINAL only: after this much wall-clock time without records, {@code advanceTime} lets stream
   * time follow the wall clock so that due windows close. 0 (the default) disables it. A host setting,
   * not part of the rule: snapshots restore under any idle timeout.
   */
  public WindowPolicy withIdleTimeout(long idleTimeoutMillis) {
    return new WindowPolicy(type, size, advance, grace, retention, emit, idleTimeoutMillis);
  }

  public Type type() {
    return type;
  }

  /** Window size for time windows, gap for sessions, 0 when unwindowed. */
  public long sizeMillis() {
    return size;
  }

  /** ADVANCE BY for hopping windows (= size for tumbling), 0 otherwise. */
  public long advanceMillis() {
    return advance;
  }

  public long gapMillis() {
    return type == Type.SESSION ? size : 0;
  }

  public EmitMode emit() {
    return emit;
  }

  public long idleTimeoutMillis() {
    return idleTimeout;
  }

  /** The grace in force: the explicit GRACE PERIOD or ksqlDB's default for the emit mode. */
  public long graceMillis() {
    if (grace != null) {
      return grace;
    }
    if (emit == EmitMode.FINAL || type == Type.NONE) {
      return 0;
    }
    return Math.max(DAY_MILLIS - size, 0);
  }

  /** A stable text of everything that shapes the state; snapshots carry it to refuse another rule's state. */
  String describe() {
    switch (type) {
      case TUMBLING:
        return "TUMBLING(" + size + ",grace=" + graceMillis() + "," + emit + ")";
      case HOPPING:
        return "HOPPING(" + size + "," + advance + ",grace=" + graceMillis() + "," + emit + ")";
      case SESSION:
        return "SESSION(" + size + ",grace=" + graceMillis() + "," + emit + ")";
      default:
        return "NONE";
    }
  }

  private void validate() {
    switch (type) {
      case TUMBLING:
      case HOPPING:
        positive("window size", size);
        positive("ADVANCE BY", advance);
        if (advance > size) {
          throw new IllegalArgumentException(
              "ADVANCE BY (" + advance + " ms) must not exceed the window size (" + size + " ms)");
        }
        break;
      case SESSION:
        positive("session gap", size);
        break;
      default:
        if (emit == EmitMode.FINAL) {
          throw new IllegalArgumentException("EMIT FINAL needs a windowed aggregation");
        }
        if (grace != null || retention != null) {
          throw new IllegalArgumentException("GRACE PERIOD and RETENTION need a window");
        }
    }
    if (grace != null && grace < 0) {
      throw new IllegalArgumentException("GRACE PERIOD must not be negative, got " + grace + " ms");
    }
    if (retention != null && retention < size + graceMillis()) {
      throw new IllegalArgumentException("RETENTION (" + retention + " ms) must be at least window size + grace ("
          + (size + graceMillis()) + " ms)");
    }
    if (idleTimeout < 0) {
      throw new IllegalArgumentException("idle timeout must not be negative, got " + idleTimeout + " ms");
    }
  }

  private static void positive(String what, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got " + value + " ms");
    }
  }

  @Override
  public String toString() {
    return describe() + (idleTimeout > 0 ? ",idle=" + idleTimeout : "");
  }
}
