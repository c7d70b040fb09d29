package io.strom.platform.replay;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;

/**
 * The replay's progress line from successive samples of how far it is behind: the rate at which
 * the gap closes (records read less records arrived, per second, over the last
 * {@link #WINDOW_NANOS}) and the time left at that rate until it is as far behind as the live
 * connector. The window spans several offset commits: between two commits the lag only grows.
 */
final class ReplayProgress {

  static final long WINDOW_NANOS = 30_000_000_000L;

  private record Sample(long nanos, long behind) {}

  /** The samples of the window, oldest first; the oldest may be older than the window, to span it. */
  private final Deque<Sample> samples = new ArrayDeque<>();

  /** The line for a sample taken at {@code nanos}; {@code liveBehind} null when the live connector has no group. */
  String line(String name, long nanos, long behind, Long liveBehind) {
    long target = liveBehind == null ? 0 : liveBehind;
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "REPLAY %s behind %,d records", name, behind));
    if (liveBehind != null) {
      line.append(String.format(Locale.ROOT, " (live: %,d)", liveBehind));
    }
    while (samples.size() > 1 && nanos - second().nanos() >= WINDOW_NANOS) {
      samples.removeFirst();
    }
    Sample oldest = samples.peekFirst();
    if (oldest != null && nanos > oldest.nanos()) {
      double rate = (oldest.behind() - behind) / ((nanos - oldest.nanos()) / 1e9);
      line.append(String.format(Locale.ROOT, ", closing at %,.0f records/s", rate));
      if (rate > 0 && behind > target) {
        line.append(", about ").append(duration((behind - target) / rate)).append(" left");
      } else if (behind > target) {
        line.append(", time left unknown (not closing)");
      }
    }
    samples.addLast(new Sample(nanos, behind));
    return line.toString();
  }

  private Sample second() {
    Iterator<Sample> it = samples.iterator();
    it.next();
    return it.next();
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
