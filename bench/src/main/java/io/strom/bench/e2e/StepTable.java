package io.strom.bench.e2e;

import java.util.Locale;

/** The human-readable table of the steps, one line each, printed as they finish. */
final class StepTable {

  private StepTable() {}

  static String header() {
    return String.format(Locale.ROOT, "%10s %10s %8s %8s %8s %8s %8s %8s  %s",
        "offered/s", "achieved/s", "alerts", "missing", "p50 ms", "p95 ms", "p99 ms", "max ms", "p99 target");
  }

  static String row(RatePlan.Step step, long targetMs) {
    LatencySummary l = step.latency();
    return String.format(Locale.ROOT, "%10.0f %10.0f %8d %8d %8d %8d %8d %8d  %s",
        step.offeredRate(), step.achievedRate(), l.alerts(), l.missing(), l.p50(), l.p95(), l.p99(), l.max(),
        l.meets(targetMs) ? "met (<= " + targetMs + " ms)" : "MISSED");
  }
}
