package io.strom.bench.e2e;

import java.util.Arrays;

/**
 * Percentiles of one step's reading → alert-row latencies, nearest-rank (the value below which
 * at least p% of the alerts fall: no interpolation, so every figure is a latency that was
 * measured). Alerts that never became visible within the drain time count as missing and make
 * the step fail its target whatever the percentiles say.
 */
public record LatencySummary(int alerts, int missing, long p50, long p95, long p99, long max) {

  /** Summarises {@code latenciesMs} (any order; the array is sorted in place). */
  public static LatencySummary of(long[] latenciesMs, int missing) {
    Arrays.sort(latenciesMs);
    return new LatencySummary(latenciesMs.length, missing,
        percentile(latenciesMs, 50), percentile(latenciesMs, 95), percentile(latenciesMs, 99),
        latenciesMs.length == 0 ? -1 : latenciesMs[latenciesMs.length - 1]);
  }

  /** Nearest rank: the ⌈p/100 · n⌉-th smallest value (1-based); -1 for no values. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  /** True when the step had alerts, none went missing and its p99 is within {@code targetMs}. */
  public boolean meets(long targetMs) {
    return alerts > 0 && missing == 0 && p99 <= targetMs;
  }
}
