package io.strom.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** The summaries of timed rounds every benchmark prints: median and range. */
public final class Rounds {

  private Rounds() {
  }

  /** The median (the mean of the middle two for an even count); NaN for no values. */
  public static double median(double... values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  public static double median(Collection<Double> values) {
    return median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  public static double min(double... values) {
    return Arrays.stream(values).min().orElse(Double.NaN);
  }

  public static double max(double... values) {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }

  /** One figure of every round, where each round's figures are stored side by side. */
  public static double[] column(List<double[]> rounds, int column) {
    return rounds.stream().mapToDouble(r -> r[column]).toArray();
  }

  /** Ours over the baseline in each round, where both are rates of the same rounds in order. */
  public static double[] ratios(List<Double> ours, List<Double> baseline) {
    double[] ratios = new double[ours.size()];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = ours.get(i) / baseline.get(i);
    }
    return ratios;
  }
}
