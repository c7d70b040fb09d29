package io.strom.connect.common;

import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.Max;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a task's metrics with Connect's plugin metrics (KIP-877), which the worker tags with
 * the connector and task and closes when the task stops. Where the worker offers none (a worker
 * older than Kafka 4.1, or a test's context that returns null), nothing is registered and the
 * counters count on unseen.
 */
public final class TaskMetrics {

  private static final Logger log = LoggerFactory.getLogger(TaskMetrics.class);
  /** Sensor names are global to the worker's registry, unlike metric names (which carry the task's tags). */
  private static final AtomicLong SENSORS = new AtomicLong();

  /** Null when the worker publishes no plugin metrics. */
  private final PluginMetrics metrics;

  public TaskMetrics(PluginMetrics metrics) {
    this.metrics = metrics;
  }

  /** The metrics of a task context's {@code pluginMetrics()}, tolerating workers that lack the method. */
  public static TaskMetrics of(Supplier<PluginMetrics> pluginMetrics) {
    try {
      return new TaskMetrics(pluginMetrics.get());
    } catch (NoSuchMethodError | AbstractMethodError e) {
      log.info("This worker offers no plugin metrics (Kafka before 4.1): the task publishes none");
      return new TaskMetrics(null);
    }
  }

  /** A gauge {@code name} reading {@code counter}, tagged with the connector and task only. */
  public void counter(String name, String doc, TaskCounter counter) {
    counter(name, doc, new LinkedHashMap<>(), counter);
  }

  /** A gauge {@code name} reading {@code counter}, with one tag of its own ({@code rule=...}, ...). */
  public void counter(String name, String doc, String tag, String tagValue, TaskCounter counter) {
    LinkedHashMap<String, String> tags = new LinkedHashMap<>();
    tags.put(tag, tagValue);
    counter(name, doc, tags, counter);
  }

  private void counter(String name, String doc, LinkedHashMap<String, String> tags, TaskCounter counter) {
    if (metrics == null) {
      return;
    }
    MetricName metricName = metrics.metricName(name, doc, tags);
    register(metricName, () -> metrics.addMetric(metricName, (Gauge<Long>) (config, now) -> counter.get()));
  }

  /**
   * Adds a metric unless an earlier instance of this task still holds its name: the worker gives
   * up on a task that does not stop within {@code task.shutdown.graceful.timeout.ms} (its broker
   * gone, say) and starts the next instance while the old one still runs and owns its metrics.
   * The new instance then runs without that metric (the old one's value shows until it closes)
   * rather than failing, since a metric is never a reason to stop moving records.
   */
  private static void register(MetricName name, Runnable add) {
    try {
      add.run();
    } catch (IllegalArgumentException e) {
      log.warn("Metric {} {} is still held by an earlier instance of this task that has not finished stopping;"
          + " this instance runs without it", name.name(), name.tags());
    }
  }

  /**
   * {@code <prefix>-avg-ms} and {@code <prefix>-max-ms} over the worker's metrics window
   * ({@code metrics.sample.window.ms} times {@code metrics.num.samples}, 30 s times 2 by default),
   * as Connect's own {@code put-batch-avg-time-ms} are. NaN while the window holds no sample.
   */
  public Timer timer(String prefix, String what) {
    if (metrics == null) {
      return ms -> { };
    }
    Sensor sensor = metrics.addSensor(prefix + "-" + SENSORS.incrementAndGet());
    LinkedHashMap<String, String> none = new LinkedHashMap<>();
    MetricName avg = metrics.metricName(prefix + "-avg-ms", "Average time " + what + ", in milliseconds, over the"
        + " metrics window.", none);
    MetricName max = metrics.metricName(prefix + "-max-ms", "Longest time " + what + ", in milliseconds, over the"
        + " metrics window.", none);
    register(avg, () -> sensor.add(avg, new Avg()));
    register(max, () -> sensor.add(max, new Max()));
    return sensor::record;
  }

  /**
   * Takes samples of a duration. Recording locks the sensor, so it suits events that cost far
   * more than that (a database transaction), not records.
   */
  @FunctionalInterface
  public interface Timer {
    void record(double millis);
  }
}
