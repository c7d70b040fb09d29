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

  public static void metric(String name, double value, String unit) {
    System.out.println(String.format(Locale.ROOT, "METRIC %s %.1f %s", name, value, unit));
  }
}
