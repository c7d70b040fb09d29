package io.strom.rules.ast;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * {@code WINDOW TUMBLING|HOPPING|SESSION (...)}. {@code size} is the gap for sessions;
 * {@code advance} is null unless hopping; {@code grace} and {@code retention} are null when not given.
 */
public record WindowClause(Kind kind, Duration size, Duration advance, Duration grace, Duration retention,
    Location location) {

  public enum Kind { TUMBLING, HOPPING, SESSION }

  public WindowClause {
    requireNonNull(kind, "kind");
    requireNonNull(size, "size");
    requireNonNull(location, "location");
  }
}
