package io.strom.smt;

import java.util.LinkedHashMap;
import java.util.function.LongSupplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * Counters of one transform or predicate, published through Connect's plugin metrics (the worker
 * adds connector, task and plugin tags). The task thread bumps plain fields, which costs next to
 * nothing per record; gauges read them when metrics are reported. Evaluation time is sampled on
 * one record in {@value #SAMPLE_EVERY}, because reading the clock twice per record would cost
 * more than a simple rule does.
 */
final class RuleMetrics {

  static final int SAMPLE_EVERY = 16;

  long in;
  long out;
  long filtered;
  long failed;
  long late;
  long droppedMatches;
  private long sampledNanos;
  private long samples;

  /** True when this record's evaluation should be timed (the 1st, 17th, ... record counted in). */
  boolean sample() {
    return ((in - 1) & (SAMPLE_EVERY - 1)) == 0;
  }

  void evaluationTook(long nanos) {
    sampledNanos += nanos;
    samples++;
  }

  /** Registers the gauges; {@code kind} is "transform" or "predicate". */
  void register(PluginMetrics metrics, String ruleName, boolean transform) {
    LinkedHashMap<String, String> tags = new LinkedHashMap<>();
    tags.put("rule", ruleName);
    add(metrics, tags, "records-in-total", "Records the rule was given.", () -> in);
    add(metrics, tags, "records-failed-total", "Records the rule could not evaluate (handed to Connect's error"
        + " handling).", () -> failed);
    if (transform) {
      add(metrics, tags, "records-out-total", "Records the rule emitted.", () -> out);
      add(metrics, tags, "records-filtered-total", "Records the rule filtered out (dropped or passed unchanged).",
          () -> filtered);
      add(metrics, tags, "late-records-dropped-total", "Records later than the rule's grace period (of its window,"
          + " or of its pattern's event-time order).", () -> late);
      add(metrics, tags, "pattern-matches-dropped-total", "Matches of a pattern rule beyond the first that one record"
          + " completed (a transform returns one record per input).", () -> droppedMatches);
    } else {
      add(metrics, tags, "records-matched-total", "Records that passed the rule's WHERE clause.", () -> out);
    }
    MetricName avg = metrics.metricName("evaluation-time-avg-ns", "Average time to evaluate one record, in"
        + " nanoseconds (sampled on one record in " + SAMPLE_EVERY + ").", tags);
    metrics.addMetric(avg, (Gauge<Double>) (config, now) -> samples == 0 ? 0.0 : (double) sampledNanos / samples);
  }

  private static void add(PluginMetrics metrics, LinkedHashMap<String, String> tags, String name, String doc,
      LongSupplier value) {
    metrics.addMetric(metrics.metricName(name, doc, tags), (Gauge<Long>) (config, now) -> value.getAsLong());
  }
}
