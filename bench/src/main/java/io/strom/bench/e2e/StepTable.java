package io.strom.bench.e2e;

import java.util.Locale;

/** The human-readable table of the steps, one line each, printed as they finish. */
final class StepTable {

  private StepTable() {}

  static String header() {
    return String.format(Locale.ROOT, "%10s %10s %8s %8s %8s %8s %8s %8s %9s %9s  %s",
        "offered/s", "achieved/s", "alerts", "missing", "p50 ms", "p95 ms", "p99 ms", "max ms",
        "kafka p50", "kafka p99", "p99 target");
  }

  static String row(RatePlan.Step step, long targetMs) {
    LatencySummary l = step.latency();
    LatencySummary k = step.kafka();
    return String.format(Locale.ROOT, "%10.0f %10.0f %8d %8d %8d %8d %8d %8d %9d %9d  %s",
        step.offeredRate(), step.achievedRate(), l.alerts(), l.missing(), l.p50(), l.p95(), l.p99(), l.max(),
        k == null ? -1 : k.p50(), k == null ? -1 : k.p99(),
        l.meets(targetMs) ? "met (<= " + targetMs + " ms)" : "MISSED");
  }
}
