package io.strom.sink;

import io.strom.testkit.TaskPluginMetrics;
import io.strom.testkit.TestPostgres;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Drives one {@link PostgresSinkTask} against a real PostgreSQL the way a Connect worker does
 * (start, open, put, preCommit, close, stop), with a wall clock the test moves, so idle-window
 * closing, restores and replays are exact and need no waiting. The dead letter queue is a list.
 */
final class TaskDriver implements AutoCloseable {

  final AtomicLong clock = new AtomicLong(1_000_000_000L);
  final List<SinkRecord> deadLetters = new ArrayList<>();
  /** The offsets the task asked the consumer to seek to on open. */
  final Map<TopicPartition, Long> seeks;
  /** The plugin metrics the task publishes, as a worker would hand them to task 0 of the connector. */
  final TaskPluginMetrics metrics;
  private final Set<TopicPartition> assignment;
  private final PostgresSinkTask task = new PostgresSinkTask(clock::get);

  private TaskDriver(Map<String, String> props) {
    metrics = new TaskPluginMetrics(props.get("name"), 0);
    TaskContextForTests context = new TaskContextForTests(props, deadLetters).withPluginMetrics(metrics.pluginMetrics());
    seeks = context.seeks;
    assignment = context.assignment;
    task.initialize(context);
  }

  /** A started task of connector {@code name} with the base config plus {@code overrides}. */
  static TaskDriver start(TestPostgres postgres, String name, Map<String, String> overrides) {
    Map<String, String> props = new HashMap<>();
    props.put("name", name);
    props.put("connection.url", postgres.jdbcUrl());
    props.put("auto.create", "true");
    props.put("retry.backoff.ms", "0");
    props.putAll(overrides);
    TaskDriver driver = new TaskDriver(props);
    driver.task.start(props);
    return driver;
  }

  void open(TopicPartition... partitions) {
    assignment.addAll(Arrays.asList(partitions));
    task.open(List.of(partitions));
  }

  /** One poll's worth of records. */
  void put(SinkRecord... records) {
    task.put(List.of(records));
  }

  /** An empty poll after {@code millis} of wall-clock time. */
  void idle(long millis) {
    clock.addAndGet(millis);
    task.put(List.of());
  }

  /** The worker's offset commit: the task flushes and reports its stored offsets. */
  Map<TopicPartition, OffsetAndMetadata> commit() {
    Map<TopicPartition, OffsetAndMetadata> current = new HashMap<>();
    assignment.forEach(p -> current.put(p, new OffsetAndMetadata(0)));
    return task.preCommit(current);
  }

  /** A rebalance that takes {@code partitions} away (Connect commits first). */
  void revoke(TopicPartition... partitions) {
    commit();
    task.close(List.of(partitions));
    assignment.removeAll(List.of(partitions));
  }

  /** A crash: whatever is buffered is lost, nothing is flushed. */
  @Override
  public void close() {
    task.stop();
    metrics.close();
  }

  static SinkRecord record(TopicPartition partition, long offset, long timestamp, Schema keySchema, Object key,
                           Struct value) {
    return new SinkRecord(partition.topic(), partition.partition(), keySchema, key, value.schema(), value, offset,
        timestamp, TimestampType.CREATE_TIME);
  }
}
