package io.strom.rules.data;

import static java.util.Objects.requireNonNull;

/**
 * A record that arrived after the grace period of a window it belongs to: handed to the host
 * (never dropped silently) with the window it missed and by how many milliseconds. For a
 * MATCH_RECOGNIZE rule, {@code missedWindow} is null: the record came later than stream time
 * minus the pattern's grace and was not matched.
 */
public record LateRecord(InputRecord record, WindowBounds missedWindow, long lateByMillis) {

  public LateRecord {
    requireNonNull(record, "record");
  }
}
