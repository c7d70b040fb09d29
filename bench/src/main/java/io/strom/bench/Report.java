package io.strom.bench;

import java.util.Locale;

/**
 * The machine-readable lines every benchmark ends with (see the benchmarks design note):
 * {@code RATIO <name> <ours/baseline>} and {@code METRIC <name> <value> <unit>}.
 */
public final class Report {

  private Report() {}

  /** Throughput of ours over the baseline's; above 1 means ours is faster. */
  public static void ratio(String name, double oursOverBaseline) {
    System.out.println(String.format(Locale.ROOT, "RATIO %s %.3f", name, oursOverBaseline));
  }

  /**
   * One ratio per timed round (ours over the baseline in that round), printed with their median
   * and range, then the RATIO line: their median, so one disturbed round cannot move it far.
   */
  public static void ratioOverRounds(String name, double[] perRound) {
    StringBuilder rounds = new StringBuilder();
    for (double ratio : perRound) {
      rounds.append(String.format(Locale.ROOT, " %.3f", ratio));
    }
    System.out.println(String.format(Locale.ROOT, "%s per round:%s; median %.3f, range %.3f-%.3f over %d rounds", name,
        rounds, Rounds.median(perRound), Rounds.min(perRound), Rounds.max(perRound), perRound.length));
    ratio(name, Rounds.median(perRound));
  }

  public static void metric(String name, double value, String unit) {
    System.out.println(String.format(Locale.ROOT, "METRIC %s %.1f %s", name, value, unit));
  }
}
