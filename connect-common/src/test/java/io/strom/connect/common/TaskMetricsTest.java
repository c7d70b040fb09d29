package io.strom.connect.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.Test;

class TaskMetricsTest {

  @Test
  void countersAndTimersArePublishedWithTheTasksTagsFirst() throws Exception {
    Map<String, String> taskTags = new LinkedHashMap<>();
    taskTags.put("connector", "c1");
    taskTags.put("task", "0");
    try (Metrics registry = new Metrics(); PluginMetricsImpl plugin = new PluginMetricsImpl(registry, taskTags)) {
      TaskMetrics metrics = new TaskMetrics(plugin);
      TaskCounter written = new TaskCounter();
      TaskCounter late = new TaskCounter();
      metrics.counter("rows-total", "Rows.", written);
      metrics.counter("late-total", "Late records.", "rule", "HOT", late);
      TaskMetrics.Timer timer = metrics.timer("commit-time", "a commit took");
      written.add(40);
      written.increment();
      late.increment();
      timer.record(2.0);
      timer.record(6.0);

      Map<MetricName, Object> values = new HashMap<>();
      registry.metrics().forEach((name, metric) -> {
        if (name.group().equals("plugins")) {
          values.put(name, metric.metricValue());
        }
      });
      assertThat(values).containsEntry(name("rows-total", Map.of()), 41L)
          .containsEntry(name("late-total", Map.of("rule", "HOT")), 1L)
          .containsEntry(name("commit-time-avg-ms", Map.of()), 4.0)
          .containsEntry(name("commit-time-max-ms", Map.of()), 6.0);
      MetricName tagged = values.keySet().stream().filter(n -> n.name().equals("late-total")).findFirst().orElseThrow();
      assertThat(tagged.tags().keySet()).as("the order JMX names the MBean's keys in").containsExactly(
          "connector", "task", "rule");
    }
  }

  @Test
  void twoTasksOnOneWorkerKeepTheirOwnTimers() throws Exception {
    try (Metrics registry = new Metrics();
         PluginMetricsImpl first = new PluginMetricsImpl(registry, Map.of("task", "0"));
         PluginMetricsImpl second = new PluginMetricsImpl(registry, Map.of("task", "1"))) {
      new TaskMetrics(first).timer("commit-time", "a commit took").record(10.0);
      new TaskMetrics(second).timer("commit-time", "a commit took").record(20.0);
      assertThat(registry.metric(new MetricName("commit-time-max-ms", "plugins", "", Map.of("task", "0")))
          .metricValue()).isEqualTo(10.0);
      assertThat(registry.metric(new MetricName("commit-time-max-ms", "plugins", "", Map.of("task", "1")))
          .metricValue()).isEqualTo(20.0);
    }
  }

  @Test
  void aNewInstanceOfATaskWhoseOldInstanceStillHoldsItsMetricsRunsWithoutThem() throws Exception {
    Map<String, String> task = Map.of("connector", "c1", "task", "1");
    try (Metrics registry = new Metrics();
         PluginMetricsImpl stopping = new PluginMetricsImpl(registry, task);
         PluginMetricsImpl next = new PluginMetricsImpl(registry, task)) {
      TaskCounter old = new TaskCounter();
      old.add(7);
      new TaskMetrics(stopping).counter("rows-total", "Rows.", old);
      new TaskMetrics(stopping).timer("commit-time", "a commit took").record(3.0);

      TaskCounter fresh = new TaskCounter();
      TaskMetrics metrics = new TaskMetrics(next);
      metrics.counter("rows-total", "Rows.", fresh);
      metrics.timer("commit-time", "a commit took").record(5.0);
      fresh.increment();

      assertThat(registry.metric(new MetricName("rows-total", "plugins", "", task)).metricValue())
          .as("the old instance's metric stays until it closes").isEqualTo(7L);
      assertThat(registry.metric(new MetricName("commit-time-max-ms", "plugins", "", task)).metricValue())
          .isEqualTo(3.0);
      assertThat(fresh.get()).isEqualTo(1);
    }
  }

  @Test
  void aWorkerWithoutPluginMetricsGetsNoneAndTheTaskRunsOn() {
    TaskMetrics metrics = TaskMetrics.of(() -> {
      throw new AbstractMethodError("pluginMetrics");
    });
    TaskCounter counter = new TaskCounter();
    metrics.counter("rows-total", "Rows.", counter);
    metrics.timer("commit-time", "a commit took").record(1.0);
    counter.increment();
    assertThat(counter.get()).isEqualTo(1);
    assertThat(TaskMetrics.of(() -> (PluginMetrics) null)).isNotNull();
  }

  private static MetricName name(String name, Map<String, String> extra) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("connector", "c1");
    tags.put("task", "0");
    tags.putAll(extra);
    return new MetricName(name, "plugins", "", tags);
  }
}
