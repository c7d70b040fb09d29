package io.strom.sink;

import static io.strom.sink.SinkTestSupport.query;
import static io.strom.sink.SinkTestSupport.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.strom.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When rows reach PostgreSQL ({@code flush.max.ms}) and how (binary COPY where the table's column
 * types allow it, text COPY where they do not), against a real PostgreSQL with a task driven on a
 * clock the test moves.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostgresSinkWriteFormatIT {

  private static final Schema VALUE = SchemaBuilder.struct().name("reading")
      .field("device", Schema.STRING_SCHEMA).field("ts", Timestamp.SCHEMA)
      .field("temp", Schema.FLOAT64_SCHEMA).field("seq", Schema.INT32_SCHEMA).build();

  private static TestPostgres postgres;

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

  private static Struct reading(int seq) {
    return new Struct(VALUE).put("device", "d-ü" + seq).put("ts", new java.util.Date(1_700_000_000_123L + seq))
        .put("temp", seq + 0.25).put("seq", seq);
  }

  private static boolean tableExists(String table) {
    return scalar(postgres, "SELECT count(*) FROM pg_tables WHERE tablename = '" + table + "'") == 1;
  }

  @Test
  void aRecordBufferedLongerThanFlushMaxMsIsWrittenOnTheNextPut() {
    TopicPartition partition = new TopicPartition("aged", 0);
    try (TaskDriver task = TaskDriver.start(postgres, "aged", Map.of("table.name.format", "aged",
        "flush.max.ms", "200"))) {
      task.open(partition);
      task.put(TaskDriver.record(partition, 0, 0, null, null, reading(0)));
      task.clock.addAndGet(199);
      task.put(TaskDriver.record(partition, 1, 0, null, null, reading(1)));
      assertThat(tableExists("aged")).as("younger than flush.max.ms: still buffered").isFalse();
      task.clock.addAndGet(1);
      task.put(TaskDriver.record(partition, 2, 0, null, null, reading(2)));
      assertThat(scalar(postgres, "SELECT count(*) FROM aged")).isEqualTo(3);
      assertThat(scalar(postgres, "SELECT next_offset FROM strom_sink_offsets WHERE connector = 'aged'"))
          .as("the offsets commit with the rows").isEqualTo(3);
      // The age counts from the first record after a flush, not from the one before it.
      task.put(TaskDriver.record(partition, 3, 0, null, null, reading(3)));
      assertThat(scalar(postgres, "SELECT count(*) FROM aged")).isEqualTo(3);
    }
  }

  @Test
  void withFlushMaxMsOffRowsWaitForTheOffsetCommit() {
    TopicPartition partition = new TopicPartition("unaged", 0);
    try (TaskDriver task = TaskDriver.start(postgres, "unaged", Map.of("table.name.format", "unaged",
        "flush.max.ms", "-1"))) {
      task.open(partition);
      task.put(TaskDriver.record(partition, 0, 0, null, null, reading(0)));
      task.clock.addAndGet(3_600_000);
      task.put(TaskDriver.record(partition, 1, 0, null, null, reading(1)));
      assertThat(tableExists("unaged")).isFalse();
      task.commit();
      assertThat(scalar(postgres, "SELECT count(*) FROM unaged")).isEqualTo(2);
    }
  }

  @Test
  void binaryCopyWritesTheSameValuesAsText() throws Exception {
    // "typed": created by the sink, so every column takes binary COPY; "widened": made by hand with
    // other types (bigint for INT32, numeric for FLOAT64, timestamp without zone), so text COPY.
    try (Connection c = DriverManager.getConnection(postgres.jdbcUrl()); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE widened (device varchar(40), ts timestamp, temp numeric, seq bigint)");
    }
    for (String table : List.of("typed", "widened")) {
      TopicPartition partition = new TopicPartition(table, 0);
      try (TaskDriver task = TaskDriver.start(postgres, table, Map.of("table.name.format", table))) {
        task.open(partition);
        task.put(TaskDriver.record(partition, 0, 0, null, null, reading(7)),
            TaskDriver.record(partition, 1, 0, null, null, reading(-8)));
        task.commit();
      }
      String utc = table.equals("typed") ? "ts AT TIME ZONE 'UTC'" : "ts";
      assertThat(query(postgres, "SELECT device, to_char(" + utc + ", 'YYYY-MM-DD HH24:MI:SS.MS'), temp::text, "
          + "seq::text FROM " + table + " ORDER BY seq"))
          .as(table)
          .containsExactly(
              List.of("d-ü-8", "2023-11-14 22:13:20.115", "-7.75", "-8"),
              List.of("d-ü7", "2023-11-14 22:13:20.130", "7.25", "7"));
    }
  }
}
