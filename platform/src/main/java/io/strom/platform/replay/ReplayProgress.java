package io.strom.platform.replay;

import java.util.Locale;

/**
 * The replay's progress line from successive samples of how far it is behind: the rate at which
 * the gap closes (records read less records arrived, per second, since the previous sample) and
 * the time left at that rate until it is as far behind as the live connector.
 */
final class ReplayProgress {

  private long previousNanos = -1;
  private long previousBehind;

  /** The line for a sample taken at {@code nanos}; {@code liveBehind} null when the live connector has no group. */
  String line(String name, long nanos, long behind, Long liveBehind) {
    long target = liveBehind == null ? 0 : liveBehind;
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "REPLAY %s behind %,d records", name, behind));
    if (liveBehind != null) {
      line.append(String.format(Locale.ROOT, " (live: %,d)", liveBehind));
    }
    if (previousNanos >= 0 && nanos > previousNanos) {
      double rate = (previousBehind - behind) / ((nanos - previousNanos) / 1e9);
      line.append(String.format(Locale.ROOT, ", closing at %,.0f records/s", rate));
      if (rate > 0 && behind > target) {
        line.append(", about ").append(duration((behind - target) / rate)).append(" left");
      } else if (behind > target) {
        line.append(", time left unknown (not closing)");
      }
    }
    previousNanos = nanos;
    previousBehind = behind;
    return line.toString();
  }

  static String duration(double seconds) {
    long s = Math.max(1, Math.round(seconds));
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
  }
}
