package io.strom.rules.data;

import static java.util.Objects.requireNonNull;

/**
 * The window of a windowed output: time windows are half-open {@code [start, end)}; session
 * bounds are inclusive (the first and last record's timestamps).
 */
public record WindowBounds(long start, long end, WindowType type) {

  public WindowBounds {
    requireNonNull(type, "type");
  }
}
