package io.strom.sink;

import static io.strom.sink.SinkTestSupport.query;
import static io.strom.sink.TaskDriver.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.strom.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
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
 * Records too late for a hosted rule land in {@code late.records.table}, in the flush transaction:
 * a flush that fails and is retried, and a task that dies and is replayed from the stored offsets
 * (with redeliveries of what was stored), leave each late record's row exactly once. Real
 * PostgreSQL; the task is driven as a worker drives it.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HostedLateRecordsIT {

  private static final String RULES = """
      CREATE STREAM readings (device STRING KEY, n INT) WITH (KAFKA_TOPIC='readings', VALUE_FORMAT='JSON');
      CREATE TABLE counts AS SELECT device, COUNT(*) AS c FROM readings
        WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 2 SECONDS) GROUP BY device EMIT CHANGES;
      CREATE TABLE hops AS SELECT device, COUNT(*) AS c FROM readings
        WINDOW HOPPING (SIZE 10 SECONDS, ADVANCE BY 5 SECONDS, GRACE PERIOD 0 SECONDS) GROUP BY device EMIT CHANGES;
      CREATE STREAM big AS SELECT device, n FROM readings WHERE n > 5;
      CREATE STREAM surges AS SELECT * FROM readings MATCH_RECOGNIZE (
        PARTITION BY device ORDER BY ROWTIME
        MEASURES COUNT(L.*) AS lows, LAST(H.n) AS high
        ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW
        PATTERN (L{2,} H) WITHIN INTERVAL '30' SECONDS
        DEFINE L AS L.n < 6, H AS H.n >= 6
      ) EMIT CHANGES;
      """;
  private static final Schema VALUE = SchemaBuilder.struct().name("reading").field("n", Schema.INT32_SCHEMA).build();
  private static final TopicPartition P0 = new TopicPartition("readings", 0);
  private static final String LATE_ROWS = "SELECT rule, record_key, window_start, window_end, event_time, late_by_ms, "
      + "topic, kafka_partition, kafka_offset FROM strom_late_records ORDER BY kafka_offset, rule, window_start";

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

  private static SinkRecord reading(long offset, long timestamp, int n) {
    return record(P0, offset, timestamp, Schema.STRING_SCHEMA, "d1", new Struct(VALUE).put("n", n));
  }

  private static TaskDriver task(Map<String, String> overrides) {
    Map<String, String> config = new HashMap<>(Map.of("rules", RULES, "connection.lock.timeout.ms", "1000"));
    config.putAll(overrides);
    return TaskDriver.start(postgres, "late", config);
  }

  private static Timestamp at(long millis) {
    return Timestamp.from(Instant.ofEpochMilli(millis));
  }

  private static List<Object> row(String rule, Long windowStart, Long windowEnd, long eventTime, long lateBy, long offset) {
    return Arrays.asList(rule, "d1", windowStart == null ? null : at(windowStart), windowEnd == null ? null : at(windowEnd),
        at(eventTime), lateBy, "readings", 0, offset);
  }

  @Test
  void eachRuleWritesTheWindowsARecordMissedAndByHowMuch() {
    try (TaskDriver task = task(Map.of())) {
      task.open(P0);
      task.put(reading(0, 1_000, 1), reading(1, 2_000, 1), reading(2, 25_000, 9),
          reading(3, 3_000, 1), // counts: [0 s, 10 s) closed at 12 s; hops: [0 s, 10 s) at 10 s; surges: older
          reading(4, 24_000, 1)); // in time for counts ([20 s, 30 s) open) and hops' [20 s, 30 s), late for [15 s, 25 s)
      task.commit();
      assertThat(query(postgres, LATE_ROWS)).containsExactly(
          row("COUNTS", 0L, 10_000L, 3_000, 13_000, 3),
          row("HOPS", 0L, 10_000L, 3_000, 15_000, 3),
          row("SURGES", null, null, 3_000, 22_000, 3),
          row("HOPS", 15_000L, 25_000L, 24_000, 0, 4),
          row("SURGES", null, null, 24_000, 1_000, 4));
      assertThat(task.metrics.value("late-records-total", "rule", "COUNTS")).isEqualTo(1L);
      assertThat(task.metrics.value("late-records-total", "rule", "HOPS")).isEqualTo(2L);
      assertThat(task.metrics.value("late-records-total", "rule", "SURGES")).isEqualTo(2L);
      assertThat(task.metrics.value("late-records-total", "rule", "BIG")).isEqualTo(0L);
    }
  }

  @Test
  void aRetriedFlushAndAReplayAfterACrashWriteEveryLateRecordOnce() throws Exception {
    try (TaskDriver first = task(Map.of())) {
      first.open(P0);
      first.put(reading(0, 1_000, 1), reading(1, 25_000, 9)); // creates big's table
      first.commit();
      first.put(reading(2, 3_000, 1), // late for counts (and hops, surges): its rows come before big's
          reading(3, 26_000, 9)); // big's output: its table is written after the late records table
      try (Connection blocker = postgres.dataSource().getConnection(); Statement lock = blocker.createStatement()) {
        blocker.setAutoCommit(false);
        lock.execute("LOCK TABLE big IN ACCESS EXCLUSIVE MODE");
        first.commit(); // the flush writes the late rows, then times out on big's lock and rolls back
        assertThat(query(postgres, "SELECT count(*) FROM pg_tables WHERE tablename = 'strom_late_records'"))
            .as("rolled back with the rows, created again by the retry").containsExactly(List.of(0L));
        blocker.rollback();
      }
      first.commit(); // the retry
      assertThat(query(postgres, "SELECT kafka_offset, rule FROM strom_late_records ORDER BY rule, window_start"))
          .containsExactly(List.of(2L, "COUNTS"), List.of(2L, "HOPS"), List.of(2L, "SURGES"));
      assertThat(query(postgres, "SELECT count(*) FROM big")).containsExactly(List.of(2L));
      first.put(reading(4, 4_000, 1)); // late too, buffered when the task dies
    }
    try (TaskDriver second = task(Map.of())) {
      second.open(P0);
      assertThat(second.seeks).containsEntry(P0, 4L);
      // redeliveries of what is stored (a rewind before the seek took effect), then the replay
      second.put(reading(2, 3_000, 1), reading(3, 26_000, 9), reading(4, 4_000, 1));
      second.commit();
    }
    assertThat(query(postgres, "SELECT kafka_offset, rule, count(*) FROM strom_late_records "
        + "GROUP BY kafka_offset, rule ORDER BY kafka_offset, rule")).containsExactly(
        List.of(2L, "COUNTS", 1L), List.of(2L, "HOPS", 1L), List.of(2L, "SURGES", 1L),
        List.of(4L, "COUNTS", 1L), List.of(4L, "HOPS", 1L), List.of(4L, "SURGES", 1L));
    assertThat(query(postgres, "SELECT late_by_ms FROM strom_late_records WHERE kafka_offset = 4 AND rule = 'COUNTS'"))
        .as("the restored stream time, 26 s, past the close of [0 s, 10 s) at 12 s").containsExactly(List.of(14_000L));
  }

  @Test
  void anEmptyTableNameOnlyCountsThem() {
    try (TaskDriver task = task(Map.of("late.records.table", ""))) {
      task.open(P0);
      task.put(reading(0, 1_000, 1), reading(1, 25_000, 1), reading(2, 3_000, 1));
      task.commit();
      assertThat(task.metrics.value("late-records-total", "rule", "COUNTS")).isEqualTo(1L);
      assertThat(query(postgres, "SELECT count(*) FROM pg_tables WHERE tablename = 'strom_late_records'"))
          .containsExactly(List.of(0L));
    }
  }
}
