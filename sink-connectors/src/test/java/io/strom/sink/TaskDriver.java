package io.strom.sink;

import io.strom.testkit.TestPostgres;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * Drives one {@link PostgresSinkTask} against a real PostgreSQL the way a Connect worker does
 * (start, open, put, preCommit, close, stop), with a wall clock the test moves, so idle-window
 * closing, restores and replays are exact and need no waiting. The dead letter queue is a list.
 */
final class TaskDriver implements AutoCloseable {

  final AtomicLong clock = new AtomicLong(1_000_000_000L);
  final List<SinkRecord> deadLetters = new ArrayList<>();
  /** The offsets the task asked the consumer to seek to on open. */
  final Map<TopicPartition, Long> seeks = new HashMap<>();
  private final Set<TopicPartition> assignment = new HashSet<>();
  private final PostgresSinkTask task = new PostgresSinkTask(clock::get);

  /** A started task of connector {@code name} with the base config plus {@code overrides}. */
  static TaskDriver start(TestPostgres postgres, String name, Map<String, String> overrides) {
    Map<String, String> props = new HashMap<>();
    props.put("name", name);
    props.put("connection.url", postgres.jdbcUrl());
    props.put("auto.create", "true");
    props.put("retry.backoff.ms", "0");
    props.putAll(overrides);
    TaskDriver driver = new TaskDriver();
    driver.task.initialize(driver.new Context(props));
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
  }

  static SinkRecord record(TopicPartition partition, long offset, long timestamp, Schema keySchema, Object key,
                           Struct value) {
    return new SinkRecord(partition.topic(), partition.partition(), keySchema, key, value.schema(), value, offset,
        timestamp, TimestampType.CREATE_TIME);
  }

  private final class Context implements SinkTaskContext {
    private final Map<String, String> configs;

    Context(Map<String, String> configs) {
      this.configs = configs;
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
    public void pause(TopicPartition... partitions) {}

    @Override
    public void resume(TopicPartition... partitions) {}

    @Override
    public void requestCommit() {}

    @Override
    public ErrantRecordReporter errantRecordReporter() {
      return (record, error) -> {
        deadLetters.add(record);
        Future<Void> done = CompletableFuture.completedFuture(null);
        return done;
      };
    }

    @Override
    public PluginMetrics pluginMetrics() {
      return null;
    }
  }
}
