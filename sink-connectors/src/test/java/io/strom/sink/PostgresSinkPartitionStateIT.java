package io.strom.sink;

import static io.strom.sink.SinkTestSupport.query;
import static io.strom.sink.SinkTestSupport.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.strom.testkit.TaskPluginMetrics;
import io.strom.testkit.TestPostgres;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Partition ownership against a real PostgreSQL, with two task instances on one partition at once
 * (what a worker paused past its session timeout leaves behind): the older owner's late flush is
 * fenced by the owner epoch, writes no row, no rule output and no rule snapshot, and the older
 * task stops taking the partition. Also: an offsets table from before fencing is migrated in
 * place, and an unchanged rule snapshot is not rewritten.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostgresSinkPartitionStateIT {

  private static final String SCRIPT = """
      CREATE STREAM %1$s (device STRING KEY, id BIGINT, temp DOUBLE) WITH (KAFKA_TOPIC='%1$s', VALUE_FORMAT='JSON');
      CREATE TABLE %1$s_counts AS SELECT device, COUNT(*) AS n FROM %1$s WHERE temp < 100.0
        GROUP BY device EMIT CHANGES;
      """;
  private static final Schema VALUE = SchemaBuilder.struct().name("reading")
      .field("id", Schema.INT64_SCHEMA).field("temp", Schema.FLOAT64_SCHEMA).build();

  private static TestPostgres postgres;
  private final List<PostgresSinkTask> tasks = new ArrayList<>();
  private final List<TaskPluginMetrics> metrics = new ArrayList<>();

  @BeforeAll
  static void start() {
    postgres = TestPostgres.start();
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @org.junit.jupiter.api.AfterEach
  void stopTasks() {
    tasks.forEach(PostgresSinkTask::stop);
    tasks.clear();
    metrics.forEach(TaskPluginMetrics::close);
    metrics.clear();
  }

  private TaskPluginMetrics metrics(String connector, int task) {
    TaskPluginMetrics taskMetrics = new TaskPluginMetrics(connector, task);
    metrics.add(taskMetrics);
    return taskMetrics;
  }

  @Test
  void aFormerOwnersLateFlushIsFencedAndWritesNothing() {
    String topic = "fence";
    TopicPartition partition = new TopicPartition(topic, 0);
    TaskPluginMetrics oldMetrics = metrics(topic, 0);
    TaskContextForTests oldContext = new TaskContextForTests(Map.of()).withPluginMetrics(oldMetrics.pluginMetrics());
    PostgresSinkTask oldOwner = task(topic, oldContext);
    oldOwner.open(List.of(partition));
    oldOwner.put(readings(topic, 0, 50, 1.0)); // buffered: below batch.size

    // The partition moves on while the old owner still holds its buffer (it is paused, say).
    TaskPluginMetrics newMetrics = metrics(topic, 1);
    TaskContextForTests newContext = new TaskContextForTests(Map.of()).withPluginMetrics(newMetrics.pluginMetrics());
    PostgresSinkTask newOwner = task(topic, newContext);
    newOwner.open(List.of(partition));
    assertThat(newContext.seeks).isEmpty(); // nothing stored yet
    newOwner.put(readings(topic, 0, 50, 1.0));
    assertThat(newOwner.preCommit(current(partition, 50))).containsEntry(partition, new OffsetAndMetadata(50));
    String snapshotVersion = snapshotVersion(topic);

    // The old owner wakes up and flushes: fenced, nothing written, nothing committed to Kafka.
    assertThat(oldOwner.preCommit(current(partition, 50))).isEmpty();
    assertThat(oldContext.paused).containsExactly(partition);
    oldOwner.put(readings(topic, 50, 60, 1.0));
    assertThat(oldOwner.preCommit(current(partition, 60))).isEmpty();
    assertThat(scalar(postgres, "SELECT count(*) FROM " + topic)).isEqualTo(50);
    assertThat(snapshotVersion(topic)).isEqualTo(snapshotVersion);
    assertThat(oldMetrics.value("fenced-writes-total")).as("one flush found the partition taken").isEqualTo(1L);
    assertThat(oldMetrics.value("records-written-total")).isEqualTo(0L);
    assertThat(oldMetrics.value("rule-rows-written-total", "rule", "FENCE_COUNTS")).isEqualTo(0L);

    newOwner.put(readings(topic, 50, 60, 1.0));
    assertThat(newOwner.preCommit(current(partition, 60))).containsEntry(partition, new OffsetAndMetadata(60));
    assertThat(query(postgres, "SELECT count(*), count(DISTINCT id), min(id), max(id) FROM " + topic))
        .containsExactly(List.of(60L, 60L, 0L, 59L));
    assertThat(query(postgres, "SELECT device, n FROM fence_counts ORDER BY device")).containsExactly(
        List.of("dev-0", 12L), List.of("dev-1", 12L), List.of("dev-2", 12L), List.of("dev-3", 12L),
        List.of("dev-4", 12L));
    assertThat(query(postgres, "SELECT next_offset, owner_epoch FROM strom_sink_offsets WHERE connector = '"
        + topic + "'")).containsExactly(List.of(60L, 2L));
    assertThat(newMetrics.value("fenced-writes-total")).isEqualTo(0L);
    assertThat(newMetrics.value("records-written-total")).isEqualTo(60L);
    assertThat(newMetrics.value("batches-committed-total")).isEqualTo(2L);
    assertThat(newMetrics.value("rule-rows-written-total", "rule", "FENCE_COUNTS")).isEqualTo(60L);
  }

  @Test
  void anOffsetsTableFromBeforeFencingGetsTheEpochColumnAndKeepsItsOffsets() {
    String topic = "legacy";
    postgres.execute("CREATE TABLE legacy_offsets (connector text NOT NULL, topic text NOT NULL, "
        + "kafka_partition integer NOT NULL, next_offset bigint NOT NULL, updated_at timestamptz NOT NULL "
        + "DEFAULT now(), PRIMARY KEY (connector, topic, kafka_partition))");
    postgres.execute("INSERT INTO legacy_offsets (connector, topic, kafka_partition, next_offset) "
        + "VALUES ('legacy', 'legacy', 0, 7)");
    TopicPartition partition = new TopicPartition(topic, 0);
    TaskContextForTests context = new TaskContextForTests(Map.of());
    PostgresSinkTask task = task(topic, context, Map.of("offsets.table.name", "legacy_offsets"));
    task.open(List.of(partition, new TopicPartition(topic, 1)));

    assertThat(context.seeks).isEqualTo(Map.of(partition, 7L));
    assertThat(query(postgres, "SELECT kafka_partition, next_offset, owner_epoch FROM legacy_offsets "
        + "ORDER BY kafka_partition")).containsExactly(List.of(0, 7L, 1L), List.of(1, -1L, 1L));
  }

  @Test
  void aRuleSnapshotThatDidNotChangeIsNotWrittenAgain() {
    String topic = "steady";
    TopicPartition partition = new TopicPartition(topic, 0);
    PostgresSinkTask task = task(topic, new TaskContextForTests(Map.of()));
    task.open(List.of(partition));
    task.put(readings(topic, 0, 20, 1.0));
    task.preCommit(current(partition, 20));
    String written = snapshotVersion(topic);

    // Records the rule's WHERE filters out: processed, offsets move, the state stays the same.
    task.put(readings(topic, 20, 40, 500.0));
    assertThat(task.preCommit(current(partition, 40))).containsEntry(partition, new OffsetAndMetadata(40));
    assertThat(scalar(postgres, "SELECT count(*) FROM " + topic)).isEqualTo(40);
    assertThat(snapshotVersion(topic)).isEqualTo(written);

    // A restored task knows the stored snapshot too.
    task.stop();
    tasks.remove(task);
    PostgresSinkTask restarted = task(topic, new TaskContextForTests(Map.of()));
    restarted.open(List.of(partition));
    restarted.put(readings(topic, 40, 60, 500.0));
    restarted.preCommit(current(partition, 60));
    assertThat(snapshotVersion(topic)).isEqualTo(written);
    restarted.put(readings(topic, 60, 61, 1.0));
    restarted.preCommit(current(partition, 61));
    assertThat(snapshotVersion(topic)).isNotEqualTo(written);
  }

  private PostgresSinkTask task(String topic, TaskContextForTests context) {
    return task(topic, context, Map.of());
  }

  private PostgresSinkTask task(String topic, TaskContextForTests context, Map<String, String> extra) {
    Map<String, String> props = new HashMap<>();
    props.put("name", topic);
    props.put("topics", topic);
    props.put("connection.url", postgres.jdbcUrl());
    props.put("auto.create", "true");
    props.put("batch.size", "10000");
    props.put("max.retries", "0");
    props.put("rules", SCRIPT.formatted(topic));
    props.putAll(extra);
    PostgresSinkTask task = new PostgresSinkTask();
    task.initialize(context);
    task.start(props);
    tasks.add(task);
    return task;
  }

  /** The row version of the partition's rule snapshot: changes whenever the row is written. */
  private static String snapshotVersion(String topic) {
    return (String) query(postgres, "SELECT xmin::text FROM strom_sink_rule_state WHERE connector = '" + topic
        + "'").get(0).get(0);
  }

  private static Map<TopicPartition, OffsetAndMetadata> current(TopicPartition partition, long offset) {
    return Map.of(partition, new OffsetAndMetadata(offset));
  }

  /** Records [from, to) of partition 0: device dev-(i % 5), id i. */
  private static List<SinkRecord> readings(String topic, int from, int to, double temp) {
    List<SinkRecord> records = new ArrayList<>();
    for (int i = from; i < to; i++) {
      records.add(new SinkRecord(topic, 0, Schema.STRING_SCHEMA, "dev-" + (i % 5), VALUE,
          new Struct(VALUE).put("id", (long) i).put("temp", temp), i, 1_700_000_000_000L + i,
          org.apache.kafka.common.record.TimestampType.CREATE_TIME));
    }
    return records;
  }
}
