package io.strom.sink;

import static io.strom.sink.SinkTestSupport.query;
import static io.strom.sink.TaskDriver.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.strom.testkit.TestPostgres;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Rules hosted in the sink task, driven directly (as a worker would) against a real PostgreSQL,
 * with a wall clock the test moves: deletes by key, failing outputs, restores and replays of
 * idle-closed windows, and rules that fail next to rules that do not.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HostedRulesTaskIT {

  private static final String SOURCE = """
      CREATE STREAM readings (device STRING KEY, site STRING, n INT)
        WITH (KAFKA_TOPIC='readings', VALUE_FORMAT='JSON');
      """;
  private static final Schema VALUE = SchemaBuilder.struct().name("reading")
      .field("site", Schema.STRING_SCHEMA).field("n", Schema.INT32_SCHEMA).build();
  private static final TopicPartition P0 = new TopicPartition("readings", 0);

  private static TestPostgres postgres;

  @BeforeAll
  static void start() {
    postgres = TestPostgres.start();
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  @BeforeEach
  void cleanDatabase() {
    postgres.execute("DROP SCHEMA public CASCADE");
    postgres.execute("CREATE SCHEMA public");
  }

  private static SinkRecord reading(long offset, long timestamp, String device, String site, int n) {
    return record(P0, offset, timestamp, Schema.STRING_SCHEMA, device, new Struct(VALUE).put("site", site).put("n", n));
  }

  private static TaskDriver task(String rules, String idleTimeoutMs) {
    return TaskDriver.start(postgres, "rules", Map.of("rules", SOURCE + rules, "write.records", "false",
        "rules.idle.timeout.ms", idleTimeoutMs));
  }

  @Test
  void aTombstoneDeletesByKeyColumnNameWhenGroupByOrderDiffersFromSelectOrder() {
    try (TaskDriver task = task("""
        CREATE TABLE single_readings WITH (KEY_FORMAT='JSON') AS SELECT device, site, COUNT(*) AS n FROM readings
          GROUP BY site, device HAVING COUNT(*) < 2;
        """, "0")) {
      task.open(P0);
      task.put(reading(0, 1_000, "d1", "site-a", 1), reading(1, 1_000, "d2", "site-a", 1));
      task.commit();
      assertThat(query(postgres, "SELECT device, site, n FROM single_readings ORDER BY device"))
          .containsExactly(List.of("d1", "site-a", 1L), List.of("d2", "site-a", 1L));
      task.put(reading(2, 2_000, "d1", "site-a", 1)); // d1 fails HAVING now: a tombstone for (site-a, d1)
      task.commit();
      assertThat(query(postgres, "SELECT device, site, n FROM single_readings ORDER BY device"))
          .containsExactly(List.of("d2", "site-a", 1L));
      assertThat(task.deadLetters).isEmpty();
    }
  }

  @Test
  void theTasksMetricsCountCommittedRowsPerRuleAndLateRecords() {
    try (TaskDriver task = TaskDriver.start(postgres, "metrics", Map.of("rules", SOURCE + """
        CREATE STREAM big AS SELECT device, n FROM readings WHERE n > 5;
        CREATE TABLE counts AS SELECT device, COUNT(*) AS c FROM readings
          WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 0 SECONDS) GROUP BY device EMIT CHANGES;
        """))) {
      task.open(P0);
      task.put(reading(0, 1_000, "d1", "a", 1), reading(1, 2_000, "d1", "a", 7), reading(2, 25_000, "d1", "a", 9),
          reading(3, 3_000, "d1", "a", 8)); // the last is later than [0 s, 10 s) and its grace: late for counts
      assertThat(task.metrics.value("late-records-total", "rule", "COUNTS")).as("counted as the rule sees it")
          .isEqualTo(1L);
      assertThat(task.metrics.value("late-records-total", "rule", "BIG")).isEqualTo(0L);
      assertThat(task.metrics.value("rule-rows-written-total", "rule", "BIG")).as("not before the commit")
          .isEqualTo(0L);
      assertThat(task.metrics.value("records-written-total")).isEqualTo(0L);

      task.commit();
      assertThat(query(postgres, "SELECT count(*) FROM big")).containsExactly(List.of(3L));
      assertThat(query(postgres, "SELECT count(*) FROM readings")).containsExactly(List.of(4L));
      assertThat(task.metrics.value("records-written-total")).isEqualTo(4L);
      assertThat(task.metrics.value("batches-committed-total")).isEqualTo(1L);
      assertThat(task.metrics.value("rule-rows-written-total", "rule", "BIG")).isEqualTo(3L);
      assertThat(task.metrics.value("rule-rows-written-total", "rule", "COUNTS"))
          .as("every change the rule emitted: d1 in [0 s, 10 s) twice, in [20 s, 30 s) once").isEqualTo(3L);
      assertThat((Double) task.metrics.value("batch-commit-time-max-ms")).isPositive()
          .isGreaterThanOrEqualTo((Double) task.metrics.value("batch-commit-time-avg-ms"));
      assertThat(task.metrics.value("fenced-writes-total")).isEqualTo(0L);

      task.put(reading(4, 26_000, "d1", "a", 2));
      task.commit();
      assertThat(task.metrics.value("records-written-total")).isEqualTo(5L);
      assertThat(task.metrics.value("batches-committed-total")).isEqualTo(2L);
      assertThat(task.metrics.value("rule-rows-written-total", "rule", "BIG")).isEqualTo(3L);
      assertThat(task.metrics.value("rule-rows-written-total", "rule", "COUNTS")).isEqualTo(4L);
    }
  }

  @Test
  void aClosedWindowWhoseOutputFailsIsReportedAndTheOtherWindowsAndTheTaskCarryOn() {
    try (TaskDriver task = task("""
        CREATE TABLE quotients AS SELECT device, 10 / (COUNT(*) - 2) AS q FROM readings
          WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY device EMIT FINAL;
        """, "5000")) {
      task.open(P0);
      task.put(reading(0, 1_000, "d1", "a", 1), reading(1, 1_000, "d2", "a", 1), reading(2, 1_000, "d1", "a", 1),
          reading(3, 2_000, "d3", "a", 1), reading(4, 2_000, "d3", "a", 1), reading(5, 2_000, "d3", "a", 1));
      task.idle(1);
      task.idle(20_000); // idle past the timeout: every window closes; d1's divides by zero
      task.commit();
      assertThat(query(postgres, "SELECT device, q FROM quotients ORDER BY device"))
          .containsExactly(List.of("d2", -10L), List.of("d3", 10L));
      assertThat(task.deadLetters).as("no record is to blame").isEmpty();
      task.put(reading(6, 20_000, "d4", "a", 1));
      task.idle(1);
      task.idle(20_000);
      task.commit();
      assertThat(query(postgres, "SELECT device, q FROM quotients ORDER BY device"))
          .containsExactly(List.of("d2", -10L), List.of("d3", 10L), List.of("d4", -10L));
    }
  }

  @Test
  void afterARestoreTheDowntimeIsNotIdleTimeAndTheReplayGivesTheUninterruptedResult() {
    String rule = """
        CREATE TABLE counts AS SELECT device, COUNT(*) AS n FROM readings
          WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY device EMIT FINAL;
        """;
    try (TaskDriver first = task(rule, "5000")) {
      first.open(P0);
      first.put(reading(0, 1_000, "d1", "a", 1), reading(1, 2_000, "d1", "a", 1));
      first.idle(1); // flushes offsets and state; idleness starts
      first.idle(1_000);
      first.put(reading(2, 3_000, "d1", "a", 1)); // buffered, then the task dies
    }
    try (TaskDriver second = task(rule, "5000")) {
      second.clock.addAndGet(3_600_000); // an hour of downtime
      second.open(P0);
      assertThat(second.seeks).containsEntry(P0, 2L);
      second.idle(0); // the first polls after a restore come back empty
      second.idle(10);
      second.put(reading(2, 3_000, "d1", "a", 1)); // the replay
      second.idle(1);
      second.idle(20_000);
      second.commit();
      assertThat(query(postgres, "SELECT device, n, window_start FROM counts"))
          .containsExactly(List.of("d1", 3L, java.sql.Timestamp.from(java.time.Instant.EPOCH)));
    }
  }

  @Test
  void aRuleThatFailsOnARecordDoesNotKeepTheOtherRulesFromIt() {
    try (TaskDriver task = task("""
        CREATE STREAM ratios AS SELECT device, 10 / n AS r FROM readings;
        CREATE TABLE totals AS SELECT device, COUNT(*) AS c FROM readings GROUP BY device;
        """, "0")) {
      task.open(P0);
      task.put(reading(0, 1_000, "d1", "a", 1), reading(1, 1_000, "d1", "a", 0), reading(2, 1_000, "d1", "a", 2));
      task.commit();
      assertThat(query(postgres, "SELECT device, r FROM ratios ORDER BY r")).containsExactly(
          List.of("d1", 5), List.of("d1", 10));
      assertThat(query(postgres, "SELECT device, c FROM totals")).containsExactly(List.of("d1", 3L));
      assertThat(task.deadLetters).extracting(SinkRecord::kafkaOffset).containsExactly(1L);
    }
  }

  @Test
  void aRuleThatFailsAfterChangingItsStateStillHasThatChangeInTheNextSnapshot() {
    String rule = """
        CREATE TABLE quotients AS SELECT device, 10 / (COUNT(*) - 2) AS q FROM readings GROUP BY device;
        """;
    try (TaskDriver first = task(rule, "0")) {
      first.open(P0);
      first.put(reading(0, 1_000, "d1", "a", 1));
      first.commit();
      first.put(reading(1, 1_000, "d1", "a", 1)); // counted (2), then its output divides by zero
      first.commit();
      assertThat(first.deadLetters).extracting(SinkRecord::kafkaOffset).containsExactly(1L);
    }
    try (TaskDriver second = task(rule, "0")) {
      second.open(P0);
      assertThat(second.seeks).containsEntry(P0, 2L);
      second.put(reading(2, 1_000, "d1", "a", 1)); // the third: 10 / (3 - 2)
      second.commit();
      assertThat(query(postgres, "SELECT device, q FROM quotients")).containsExactly(List.of("d1", 10L));
    }
  }
}
