package io.strom.rules.plan;

import static java.util.Objects.requireNonNull;

import io.strom.rules.data.WindowType;

/**
 * A resolved window: sizes in milliseconds, grace already defaulted as ksqlDB defaults it (0 for
 * EMIT FINAL; {@code max(24h - size, 0)} for time windows and {@code 24h - gap} for sessions
 * under EMIT CHANGES). {@code retentionMillis} is null when the rule did not set RETENTION.
 */
public record WindowPlan(WindowType type, long sizeMillis, long advanceMillis, long graceMillis,
    Long retentionMillis) {

  public WindowPlan {
    requireNonNull(type, "type");
  }

  /** The session inactivity gap (sessions only). */
  public long gapMillis() {
    return sizeMillis;
  }
}
