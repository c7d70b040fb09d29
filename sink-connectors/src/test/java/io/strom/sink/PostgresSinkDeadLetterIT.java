package io.strom.sink;

import static io.strom.sink.SinkTestSupport.awaitScalar;
import static io.strom.sink.SinkTestSupport.connectorConfig;
import static io.strom.sink.SinkTestSupport.query;
import static io.strom.sink.SinkTestSupport.scalar;
import static io.strom.sink.SinkTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dead letter queue through flushes that fail and are retried: every record that cannot be
 * written is there exactly once, with its reason (a value that does not fit, a value that is not a
 * struct, a column name longer than PostgreSQL's 63 bytes), and a rule output that cannot be written
 * costs only that output (its record's own row is written, so the record stays out of the DLQ).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PostgresSinkDeadLetterIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TOPIC = "dlq_in";
  private static final String DLQ = "dlq_in-dead";
  private static final String SCRIPT = """
      CREATE STREAM dlq_in (id BIGINT, code STRING) WITH (KAFKA_TOPIC='dlq_in', VALUE_FORMAT='JSON');
      CREATE STREAM dlq_tagged AS SELECT id, code FROM dlq_in EMIT CHANGES;
      """;
  private static final Schema CODE = SchemaBuilder.struct().name("code").field("id", Schema.INT64_SCHEMA)
      .field("code", Schema.STRING_SCHEMA).build();

  /** 65 bytes: PostgreSQL would cut it to 63 and write the column under another name. */
  private static final String LONG_FIELD = "measurement_of_the_temperature_at_the_north_east_corner_of_hall_7";
  private static final Schema LONG_NAME = SchemaBuilder.struct().name("long_name")
      .field(LONG_FIELD, Schema.INT64_SCHEMA).build();
  /** An id the rule cannot read as BIGINT, and that the table's bigint column refuses too. */
  private static final Schema WRONG_TYPE = SchemaBuilder.struct().name("code").field("id", Schema.STRING_SCHEMA)
      .field("code", Schema.STRING_SCHEMA).build();

  @RegisterExtension
  static final SinkTestBed sink = new SinkTestBed("sink-dlq");

  @Test
  void aFlushThatFailsAndIsRetriedSendsEachBadRecordToTheDlqOnce() throws Exception {
    sink.cluster().kafka().createTopic(TOPIC, 1);
    sink.postgres().execute("CREATE TABLE dlq_in (id bigint NOT NULL, code varchar(5) NOT NULL)");
    sink.postgres().execute("CREATE TABLE dlq_tagged (id bigint, code varchar(3))");
    Map<String, String> config = connectorConfig(TOPIC, sink.postgres());
    config.put("rules", SCRIPT);
    config.put("retry.backoff.ms", "300");
    config.put("max.retries", "1000");
    config.put("errors.tolerance", "all");
    config.put("errors.deadletterqueue.topic.name", DLQ);
    config.put("errors.deadletterqueue.topic.replication.factor", "1");
    config.put("errors.deadletterqueue.context.headers.enable", "true");

    // The rule's table stays locked for a while: a flush writes the records' table, sends the bad
    // row to the DLQ, then waits for the lock; its connection is killed there, twice, so the
    // flush rolls back and is retried (a connection lost is a transient failure).
    try (Connection locker = sink.postgres().dataSource().getConnection();
         Statement statement = locker.createStatement()) {
      locker.setAutoCommit(false);
      statement.execute("LOCK TABLE dlq_tagged IN ACCESS EXCLUSIVE MODE");
      sink.cluster().configureConnector("dlq", config);
      for (long id = 1; id <= 10; id++) {
        String code = id == 3 ? "far-too-long" : id == 5 ? "abcd" : "c" + id;
        send(sink.producer(), TOPIC, 0, null, null, CODE, new Struct(CODE).put("id", id).put("code", code));
      }
      send(sink.producer(), TOPIC, 0, null, null, Schema.STRING_SCHEMA, "not a struct");
      send(sink.producer(), TOPIC, 0, null, null, LONG_NAME, new Struct(LONG_NAME).put(LONG_FIELD, 1L));
      send(sink.producer(), TOPIC, 0, null, null, WRONG_TYPE,
          new Struct(WRONG_TYPE).put("id", "twelve").put("code", "c12"));
      sink.producer().flush();

      for (int attempt = 0; attempt < 2; attempt++) {
        SinkTestSupport.awaitValue(() -> scalar(sink.postgres(),
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            + "WHERE wait_event_type = 'Lock' AND query LIKE 'COPY \"dlq_tagged\"%'"),
            1L, WAIT, "a flush waiting on the lock");
      }
      sink.cluster().kafka().consume(4, WAIT.toMillis(), DLQ);
      assertThat(scalar(sink.postgres(), "SELECT count(*) FROM dlq_in")).isZero();
      locker.commit();
    }

    awaitScalar(sink.postgres(), "SELECT count(*) FROM strom_sink_offsets WHERE connector = 'dlq' AND next_offset = 13",
        1, WAIT);
    assertThat(query(sink.postgres(), "SELECT id FROM dlq_in ORDER BY id")).containsExactly(
        List.of(1L), List.of(2L), List.of(4L), List.of(5L), List.of(6L), List.of(7L), List.of(8L), List.of(9L),
        List.of(10L));
    // id 3 has no row of its own (it is in the DLQ), id 5's output does not fit: both outputs dropped.
    assertThat(query(sink.postgres(), "SELECT id FROM dlq_tagged ORDER BY id")).containsExactly(
        List.of(1L), List.of(2L), List.of(4L), List.of(6L), List.of(7L), List.of(8L), List.of(9L), List.of(10L));

    List<String> dead = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : sink.cluster().kafka().consumeAll(WAIT.toMillis(), DLQ)) {
      dead.add(header(record, "__connect.errors.topic") + "@"
          + header(record, "__connect.errors.offset") + ": " + header(record, "__connect.errors.exception.message"));
    }
    dead.sort(null); // put() reports at once, a flush later: the DLQ's order is theirs
    // The wrong-typed id fails both the rule and its own row: one bad record, one DLQ entry.
    assertThat(dead).hasSize(4);
    assertThat(dead.get(0)).startsWith("dlq_in@10: ").contains("needs record values that are structs");
    assertThat(dead.get(1)).startsWith("dlq_in@11: ").contains("the column name of value field '" + LONG_FIELD
        + "' is 65 bytes long");
    assertThat(dead.get(2)).startsWith("dlq_in@12: ");
    assertThat(dead.get(3)).startsWith("dlq_in@2: ").contains("value too long for type character varying(5)");
    sink.cluster().deleteConnector("dlq");
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
