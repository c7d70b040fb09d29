package io.strom.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JMH benchmarks of one class (ours and the baselines side by side, same run) and
 * returns each method's score and per-iteration scores, so a {@link Benchmark} can turn them into
 * ratios per round ({@link #printRounds}) and their median.
 */
public final class Jmh {

  private Jmh() {}

  /**
   * One benchmark method's results, in ops per time unit of the class.
   *
   * @param score JMH's score (the mean of every measured iteration)
   * @param iterations every measured iteration's score, forks in order and each fork's iterations in order
   */
  public record Scores(double score, double[] iterations) {}

  /** The results by benchmark method name (e.g. {@code "ours"}, without the class name). */
  public static Map<String, Scores> run(Class<?> benchmarkClass, ChainedOptionsBuilder extra)
      throws RunnerException {
    ChainedOptionsBuilder options = extra == null ? new OptionsBuilder() : extra;
    Collection<RunResult> results =
        new Runner(options.include("^" + benchmarkClass.getName().replace("$", "\\$") + "\\.").build()).run();
    Map<String, Scores> scores = new LinkedHashMap<>();
    for (RunResult result : results) {
      String label = result.getPrimaryResult().getLabel();
      label = label.substring(label.lastIndexOf('.') + 1); // JMH may label with the qualified name
      List<Double> iterations = new ArrayList<>();
      for (BenchmarkResult fork : result.getBenchmarkResults()) {
        for (IterationResult iteration : fork.getIterationResults()) {
          iterations.add(iteration.getPrimaryResult().getScore());
        }
      }
      scores.put(label, new Scores(result.getPrimaryResult().getScore(),
          iterations.stream().mapToDouble(Double::doubleValue).toArray()));
    }
    return scores;
  }

  /** The results of {@code method}, or an exception naming the methods JMH did report. */
  public static Scores of(Map<String, Scores> scores, String method) {
    Scores s = scores.get(method);
    if (s == null) {
      throw new IllegalStateException("JMH reported no score for " + method + ": " + scores.keySet());
    }
    return s;
  }

  /**
   * Per round (measured iteration i, forks in order), ours over the baseline's: both ran the same
   * iteration count, one after the other in the same run.
   */
  public static double[] ratios(Scores ours, Scores baseline) {
    double[] a = ours.iterations();
    double[] b = baseline.iterations();
    if (a.length != b.length || a.length == 0) {
      throw new IllegalStateException("rounds do not pair up: " + a.length + " vs " + b.length + " iterations");
    }
    double[] ratios = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      ratios[i] = a[i] / b[i];
    }
    return ratios;
  }

  /**
   * Prints one {@code round N: name ratio, ...} line per round and then each ratio's median and
   * min-max range; returns the medians, by name, for the {@code RATIO} lines.
   */
  public static Map<String, Double> printRounds(Map<String, double[]> ratiosByName) {
    int rounds = ratiosByName.values().iterator().next().length;
    for (int i = 0; i < rounds; i++) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d:", i + 1));
      String separator = " ";
      for (Map.Entry<String, double[]> e : ratiosByName.entrySet()) {
        line.append(separator).append(String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue()[i]));
        separator = ", ";
      }
      System.out.println(line);
    }
    Map<String, Double> medians = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : ratiosByName.entrySet()) {
      double[] r = e.getValue();
      double median = Rounds.median(r);
      medians.put(e.getKey(), median);
      System.out.printf(Locale.ROOT, "%s: median of %d rounds %.3f (range %.3f-%.3f); the RATIO line is the median%n",
          e.getKey(), r.length, median, Rounds.min(r), Rounds.max(r));
    }
    return medians;
  }
}
