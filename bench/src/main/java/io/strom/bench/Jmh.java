package io.strom.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JMH benchmarks of one class (ours and the baselines side by side, same run) and
 * returns each method's score, so a {@link Benchmark} can turn them into ratios.
 */
public final class Jmh {

  private Jmh() {}

  /** Scores by benchmark method name (e.g. {@code "ours"}), in ops per time unit of the class. */
  public static Map<String, Double> run(Class<?> benchmarkClass, ChainedOptionsBuilder extra)
      throws RunnerException {
    ChainedOptionsBuilder options = extra == null ? new OptionsBuilder() : extra;
    Collection<RunResult> results =
        new Runner(options.include("^" + benchmarkClass.getName().replace("$", "\\$") + "\\.").build()).run();
    Map<String, Double> scores = new LinkedHashMap<>();
    for (RunResult result : results) {
      String label = result.getPrimaryResult().getLabel();
      scores.put(label, result.getPrimaryResult().getScore());
    }
    return scores;
  }
}
