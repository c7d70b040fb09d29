package io.strom.sink;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * The part of a worker a sink task talks to, for tests that drive task instances by hand (two
 * owners of one partition at once, which a real worker only produces by chance): records the
 * seeks and pauses the task asks for, and the records it reports to the dead letter queue when
 * the test gives it one.
 */
final class TaskContextForTests implements SinkTaskContext {

  final Map<TopicPartition, Long> seeks = new HashMap<>();
  final Set<TopicPartition> paused = new HashSet<>();
  /** The partitions the worker has assigned; a test that opens partitions keeps it up to date. */
  final Set<TopicPartition> assignment = new HashSet<>();
  private final Map<String, String> configs;
  /** Null when the worker has no dead letter queue, as a task then sees no reporter. */
  private final List<SinkRecord> deadLetters;
  /** Null (no plugin metrics) unless a test sets them. */
  private PluginMetrics pluginMetrics;

  /** A context without a dead letter queue. */
  TaskContextForTests(Map<String, String> configs) {
    this(configs, null);
  }

  /** A context whose dead letter queue is {@code deadLetters}. */
  TaskContextForTests(Map<String, String> configs, List<SinkRecord> deadLetters) {
    this.configs = configs;
    this.deadLetters = deadLetters;
  }

  @Override
  public Map<String, String> configs() {
    return configs;
  }

  @Override
  public void offset(Map<TopicPartition, Long> offsets) {
    seeks.putAll(offsets);
  }

  @Override
  public void offset(TopicPartition partition, long offset) {
    seeks.put(partition, offset);
  }

  @Override
  public void timeout(long timeoutMs) {}

  @Override
  public Set<TopicPartition> assignment() {
    return Set.copyOf(assignment);
  }

  @Override
  public void pause(TopicPartition... partitions) {
    paused.addAll(List.of(partitions));
  }

  @Override
  public void resume(TopicPartition... partitions) {
    List.of(partitions).forEach(paused::remove);
  }

  @Override
  public void requestCommit() {}

  @Override
  public ErrantRecordReporter errantRecordReporter() {
    if (deadLetters == null) {
      return null;
    }
    return (record, error) -> {
      deadLetters.add(record);
      return CompletableFuture.completedFuture(null);
    };
  }

  /** Hands the task these plugin metrics (set before the task starts, as a worker does). */
  TaskContextForTests withPluginMetrics(PluginMetrics pluginMetrics) {
    this.pluginMetrics = pluginMetrics;
    return this;
  }

  @Override
  public PluginMetrics pluginMetrics() {
    return pluginMetrics;
  }
}
