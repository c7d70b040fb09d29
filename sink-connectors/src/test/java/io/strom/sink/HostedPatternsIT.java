package io.strom.sink;

import static io.strom.sink.SinkTestSupport.query;
import static io.strom.sink.TaskDriver.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.strom.testkit.TestPostgres;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
 * A MATCH_RECOGNIZE rule hosted in the sink task against a real PostgreSQL: its partial matches
 * are saved in the flush transaction with the rows and offsets, so a task that dies after a
 * commit with matches half way, and a new task that replays from the stored offsets (with
 * re-deliveries of what was stored), write exactly the match rows of an uninterrupted run.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HostedPatternsIT {

  private static final String RULES = """
      CREATE STREAM readings (device STRING KEY, n INT) WITH (KAFKA_TOPIC='readings', VALUE_FORMAT='JSON');
      -- two or more low readings of a device, then a high one, within 30 seconds
      CREATE STREAM surges AS SELECT * FROM readings MATCH_RECOGNIZE (
        PARTITION BY device ORDER BY ROWTIME
        MEASURES FIRST(L.n) AS first_low, COUNT(L.*) AS lows, LAST(H.n) AS high
        ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW
        PATTERN (L{2,} H) WITHIN INTERVAL '30' SECONDS
        DEFINE L AS L.n < 6, H AS H.n >= 6
      ) EMIT CHANGES;
      """;
  private static final Schema VALUE = SchemaBuilder.struct().name("reading").field("n", Schema.INT32_SCHEMA).build();
  private static final TopicPartition P0 = new TopicPartition("readings", 0);
  private static final TopicPartition P1 = new TopicPartition("readings", 1);
  private static final String MATCHES = "SELECT device, first_low, lows, high FROM surges";

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

  /**
   * 120 readings alternating between two partitions, d1 in both (its matches are per partition),
   * d2 only in P0 and d3 only in P1; one a second, with values 0..12 in a fixed scramble.
   */
  private static List<SinkRecord> feed() {
    List<SinkRecord> records = new ArrayList<>();
    long[] offsets = new long[2];
    for (int i = 0; i < 120; i++) {
      TopicPartition partition = i % 2 == 0 ? P0 : P1;
      String device = (i / 2) % 2 == 0 ? "d1" : partition == P0 ? "d2" : "d3";
      int n = (i * 7 + i / 3) % 13;
      records.add(record(partition, offsets[partition.partition()]++, 1_000L * i, Schema.STRING_SCHEMA, device,
          new Struct(VALUE).put("n", n)));
    }
    return records;
  }

  private static TaskDriver task() {
    return TaskDriver.start(postgres, "patterns", Map.of("rules", RULES, "write.records", "false"));
  }

  private static List<List<Object>> matches() {
    List<List<Object>> rows = new ArrayList<>(query(postgres, MATCHES));
    rows.sort(Comparator.comparing(Object::toString));
    return rows;
  }

  private static SinkRecord[] slice(List<SinkRecord> records, int from, int to) {
    return records.subList(from, to).toArray(SinkRecord[]::new);
  }

  @Test
  void aRestartAfterACommitWithPartialMatchesOpenWritesTheMatchesOfAnUninterruptedRun() {
    List<SinkRecord> feed = feed();
    List<List<Object>> uninterrupted;
    try (TaskDriver task = task()) {
      task.open(P0, P1);
      for (int from = 0; from < feed.size(); from += 20) {
        task.put(slice(feed, from, from + 20));
        task.commit();
      }
      uninterrupted = matches();
    }
    assertThat(uninterrupted).as("the feed has matches in both partitions").hasSizeGreaterThan(4)
        .anyMatch(row -> row.get(0).equals("d2")).anyMatch(row -> row.get(0).equals("d3"));

    cleanDatabase();
    // in P0, d1's low readings 32 and 36 wait for the high 40, d2's low 34 and 38 for the high 42
    int cut = 39;
    try (TaskDriver first = task()) {
      first.open(P0, P1);
      first.put(slice(feed, 0, 20));
      first.put(slice(feed, 20, cut));
      first.commit();
      assertThat(query(postgres, "SELECT count(*) FROM strom_sink_rule_state WHERE rule = 'SURGES'"))
          .as("partial matches saved with the offsets").containsExactly(List.of(2L));
      first.put(slice(feed, cut, 70)); // buffered, then the task dies: neither rows nor state are stored
    }
    try (TaskDriver second = task()) {
      second.open(P0, P1);
      assertThat(second.seeks).containsEntry(P0, 20L).containsEntry(P1, 19L);
      second.put(slice(feed, 30, 90)); // Connect re-delivers from before the stored offsets
      second.commit();
      second.put(slice(feed, 80, feed.size()));
      second.commit();
      assertThat(matches()).as("no match lost, none twice").isEqualTo(uninterrupted);
    }
  }

  @Test
  void theTasksMetricsCountThePatternsCommittedRowsAndLateRecords() {
    try (TaskDriver task = task()) {
      task.open(P0);
      Map<Long, Integer> readings = new HashMap<>(Map.of(0L, 1, 1L, 2, 2L, 11, 3L, 0, 4L, 1, 5L, 12));
      List<SinkRecord> records = new ArrayList<>();
      for (long offset = 0; offset < 6; offset++) {
        records.add(record(P0, offset, 1_000 * (offset + 10), Schema.STRING_SCHEMA, "d1",
            new Struct(VALUE).put("n", readings.get(offset))));
      }
      // older than stream time and the pattern has no grace: late, not matched
      records.add(record(P0, 6, 1_000, Schema.STRING_SCHEMA, "d1", new Struct(VALUE).put("n", 0)));
      task.put(records.toArray(SinkRecord[]::new));
      assertThat(task.metrics.value("late-records-total", "rule", "SURGES")).isEqualTo(1L);
      assertThat(task.metrics.value("rule-rows-written-total", "rule", "SURGES")).as("not before the commit")
          .isEqualTo(0L);
      task.commit();
      assertThat(matches()).containsExactly(Arrays.asList("d1", 0, 2L, 12), Arrays.asList("d1", 1, 2L, 11));
      assertThat(task.metrics.value("rule-rows-written-total", "rule", "SURGES")).isEqualTo(2L);
    }
  }
}
