package io.strom.platform.quality;

import java.util.List;

/** Nearest-rank percentiles of millisecond figures. */
final class Percentiles {

  private Percentiles() {}

  /** The nearest-rank {@code q} quantile (0 < q <= 1) of {@code values}, or null when there are none. */
  static Long of(List<Long> values, double q) {
    if (values.isEmpty()) {
      return null;
    }
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }
}
