package io.strom.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;

/**
 * The plugin metrics a worker hands one task (Kafka's own {@link PluginMetricsImpl} on a
 * {@link Metrics} registry, tagged {@code connector} and {@code task} as Connect tags them), for
 * tests that drive a task by hand and then read what it published.
 */
public final class TaskPluginMetrics implements AutoCloseable {

  private final Metrics registry = new Metrics();
  private final PluginMetricsImpl plugin;

  public TaskPluginMetrics(String connector, int task) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("connector", connector);
    tags.put("task", Integer.toString(task));
    plugin = new PluginMetricsImpl(registry, tags);
  }

  public PluginMetrics pluginMetrics() {
    return plugin;
  }

  /**
   * The current value of plugin metric {@code name} whose own tags (beyond connector and task)
   * are {@code tagKeyValues} (key, value, key, value...).
   *
   * @throws AssertionError when no such metric is registered
   */
  public Object value(String name, String... tagKeyValues) {
    Map<String, String> own = new LinkedHashMap<>();
    for (int i = 0; i < tagKeyValues.length; i += 2) {
      own.put(tagKeyValues[i], tagKeyValues[i + 1]);
    }
    for (Map.Entry<MetricName, KafkaMetric> entry : registry.metrics().entrySet()) {
      MetricName metric = entry.getKey();
      Map<String, String> tags = new LinkedHashMap<>(metric.tags());
      tags.remove("connector");
      tags.remove("task");
      if (metric.group().equals("plugins") && metric.name().equals(name) && tags.equals(own)) {
        return entry.getValue().metricValue();
      }
    }
    throw new AssertionError("no plugin metric " + name + " " + own + "; registered: " + registry.metrics().keySet());
  }

  @Override
  public void close() {
    try {
      plugin.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    registry.close();
  }
}
