package io.strom.sink;

import static io.strom.sink.SinkTestSupport.awaitScalar;
import static io.strom.sink.SinkTestSupport.connectorConfig;
import static io.strom.sink.SinkTestSupport.query;
import static io.strom.sink.SinkTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sink's features against a real PostgreSQL and a real Connect worker. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PostgresSinkFeaturesIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension
  static final SinkTestBed sink = new SinkTestBed("sink-features");

  @Test
  void createsTheTableAndAddsColumnsForNewFields() throws Exception {
    String topic = "evolve";
    sink.cluster().kafka().createTopic(topic, 1);
    Map<String, String> config = connectorConfig(topic, sink.postgres());
    config.put("auto.evolve", "true");
    sink.cluster().configureConnector("evolve", config);

    Schema v1 = SchemaBuilder.struct().name("reading").field("id", Schema.INT64_SCHEMA)
        .field("name", Schema.STRING_SCHEMA).build();
    for (long i = 1; i <= 3; i++) {
      send(sink.producer(), topic, null, null, null, v1, new Struct(v1).put("id", i).put("name", "n" + i));
    }
    sink.producer().flush();
    awaitScalar(sink.postgres(), "SELECT count(*) FROM evolve", 3, WAIT);

    Schema v2 = SchemaBuilder.struct().name("reading").field("id", Schema.INT64_SCHEMA)
        .field("name", Schema.STRING_SCHEMA).field("score", Schema.OPTIONAL_FLOAT64_SCHEMA).build();
    for (long i = 4; i <= 5; i++) {
      send(sink.producer(), topic, null, null, null, v2, new Struct(v2).put("id", i).put("name", "n" + i).put("score", i * 1.5));
    }
    sink.producer().flush();
    awaitScalar(sink.postgres(), "SELECT count(*) FROM evolve", 5, WAIT);

    assertThat(query(sink.postgres(), "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
        + "WHERE table_name = 'evolve' ORDER BY ordinal_position")).containsExactly(
        List.of("id", "bigint", "NO"), List.of("name", "text", "NO"), List.of("score", "double precision", "YES"));
    assertThat(query(sink.postgres(), "SELECT id, score FROM evolve ORDER BY id")).containsExactly(
        java.util.Arrays.asList(1L, null), java.util.Arrays.asList(2L, null), java.util.Arrays.asList(3L, null),
        List.of(4L, 6.0), List.of(5L, 7.5));
    sink.cluster().deleteConnector("evolve");
  }

  @Test
  void upsertsByKeyAndDeletesOnTombstones() throws Exception {
    String topic = "users";
    sink.cluster().kafka().createTopic(topic, 1);
    Map<String, String> config = connectorConfig(topic, sink.postgres());
    config.put("insert.mode", "upsert");
    config.put("pk.mode", "record_key");
    config.put("delete.enabled", "true");
    sink.cluster().configureConnector("users", config);

    Schema key = SchemaBuilder.struct().name("user_key").field("id", Schema.INT32_SCHEMA).build();
    Schema value = SchemaBuilder.struct().name("user").field("id", Schema.INT32_SCHEMA)
        .field("name", Schema.STRING_SCHEMA).build();
    int[] ids = {1, 2, 1, 3, 4};
    String[] names = {"ann", "bob", "ann2", "cid", "dan"};
    for (int i = 0; i < ids.length; i++) {
      send(sink.producer(), topic, null, key, new Struct(key).put("id", ids[i]), value,
          new Struct(value).put("id", ids[i]).put("name", names[i]));
    }
    send(sink.producer(), topic, null, key, new Struct(key).put("id", 2), null, null); // tombstone
    send(sink.producer(), topic, null, key, new Struct(key).put("id", 4), null, null);
    send(sink.producer(), topic, null, key, new Struct(key).put("id", 4), value, new Struct(value).put("id", 4).put("name", "dan2"));
    sink.producer().flush();

    awaitScalar(sink.postgres(), "SELECT count(*) FROM users WHERE name = 'dan2'", 1, WAIT);
    assertThat(query(sink.postgres(), "SELECT id, name FROM users ORDER BY id")).containsExactly(
        List.of(1, "ann2"), List.of(3, "cid"), List.of(4, "dan2"));
    assertThat(query(sink.postgres(), "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
        + "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'users'::regclass AND i.indisprimary"))
        .containsExactly(List.of("id"));
    sink.cluster().deleteConnector("users");
  }

  @Test
  void writesEveryConnectType() throws Exception {
    String topic = "types";
    sink.cluster().kafka().createTopic(topic, 1);
    sink.cluster().configureConnector("types", connectorConfig(topic, sink.postgres()));

    Schema inner = SchemaBuilder.struct().name("inner").field("a", Schema.INT32_SCHEMA)
        .field("b", Schema.OPTIONAL_STRING_SCHEMA).build();
    Schema schema = SchemaBuilder.struct().name("all_types")
        .field("i8", Schema.INT8_SCHEMA).field("i16", Schema.INT16_SCHEMA).field("i32", Schema.INT32_SCHEMA)
        .field("i64", Schema.INT64_SCHEMA).field("f32", Schema.FLOAT32_SCHEMA).field("f64", Schema.FLOAT64_SCHEMA)
        .field("bool", Schema.BOOLEAN_SCHEMA).field("str", Schema.STRING_SCHEMA).field("bin", Schema.BYTES_SCHEMA)
        .field("dec", Decimal.schema(2)).field("day", Date.SCHEMA).field("tod", Time.SCHEMA)
        .field("ts", Timestamp.SCHEMA).field("missing", Schema.OPTIONAL_STRING_SCHEMA)
        .field("nested", inner).field("list", SchemaBuilder.array(Schema.INT64_SCHEMA).build())
        .field("dict", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.FLOAT64_SCHEMA).build())
        .build();
    Struct value = new Struct(schema)
        .put("i8", (byte) -8).put("i16", (short) 1600).put("i32", 320_000).put("i64", 6_400_000_000L)
        .put("f32", 1.5f).put("f64", -2.25).put("bool", true).put("str", "tab\there \"quoted\" \\ é")
        .put("bin", new byte[] {0, 1, (byte) 0xff}).put("dec", new BigDecimal("12345.67"))
        .put("day", new java.util.Date(19_723L * 86_400_000L)) // 2024-01-01
        .put("tod", new java.util.Date((13 * 3600 + 14 * 60 + 15) * 1000L + 250))
        .put("ts", new java.util.Date(1_704_110_400_123L)) // 2024-01-01T12:00:00.123Z
        .put("nested", new Struct(inner).put("a", 7))
        .put("list", List.of(1L, 2L, 3L)).put("dict", Map.of("x", 0.5));
    send(sink.producer(), topic, null, null, null, schema, value);
    sink.producer().flush();
    awaitScalar(sink.postgres(), "SELECT count(*) FROM types", 1, WAIT);

    assertThat(query(sink.postgres(), "SELECT i8, i16, i32, i64, f32, f64, bool, str, encode(bin, 'hex'), dec::text, "
        + "day::text, tod::text, (ts AT TIME ZONE 'UTC')::text, missing, nested::text, list::text, dict::text FROM types"))
        .containsExactly(java.util.Arrays.asList(-8, 1600, 320_000, 6_400_000_000L, 1.5f, -2.25, true,
            "tab\there \"quoted\" \\ é", "0001ff", "12345.67", "2024-01-01", "13:14:15.25", "2024-01-01 12:00:00.123",
            null, "{\"a\": 7, \"b\": null}", "[1, 2, 3]", "{\"x\": 0.5}"));
    assertThat(query(sink.postgres(), "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'types' "
        + "AND column_name IN ('i8', 'dec', 'day', 'tod', 'ts', 'nested', 'list', 'dict') ORDER BY ordinal_position"))
        .containsExactly(List.of("i8", "smallint"), List.of("dec", "numeric"), List.of("day", "date"),
            List.of("tod", "time without time zone"), List.of("ts", "timestamp with time zone"),
            List.of("nested", "jsonb"), List.of("list", "jsonb"), List.of("dict", "jsonb"));
    sink.cluster().deleteConnector("types");
  }

  @Test
  void sendsARowThatDoesNotFitToTheDeadLetterQueueAndWritesTheRest() throws Exception {
    String topic = "narrow";
    sink.cluster().kafka().createTopic(topic, 1);
    sink.postgres().execute("CREATE TABLE narrow (id bigint NOT NULL, code varchar(5) NOT NULL)");
    Map<String, String> config = connectorConfig(topic, sink.postgres());
    config.put("auto.create", "false");
    config.put("errors.tolerance", "all");
    config.put("errors.deadletterqueue.topic.name", "narrow-dlq");
    config.put("errors.deadletterqueue.topic.replication.factor", "1");
    config.put("errors.deadletterqueue.context.headers.enable", "true");
    sink.cluster().configureConnector("narrow", config);

    Schema schema = SchemaBuilder.struct().name("code").field("id", Schema.INT64_SCHEMA)
        .field("code", Schema.STRING_SCHEMA).build();
    for (long i = 1; i <= 5; i++) {
      send(sink.producer(), topic, null, null, null, schema, new Struct(schema).put("id", i).put("code", i == 3 ? "far-too-long" : "c" + i));
    }
    sink.producer().flush();

    ConsumerRecords<byte[], byte[]> dead = sink.cluster().kafka().consume(1, WAIT.toMillis(), "narrow-dlq");
    ConsumerRecord<byte[], byte[]> record = dead.iterator().next();
    assertThat(new String(record.value(), StandardCharsets.UTF_8)).contains("far-too-long");
    assertThat(new String(record.headers().lastHeader("__connect.errors.exception.message").value(),
        StandardCharsets.UTF_8)).contains("value too long for type character varying(5)");
    awaitScalar(sink.postgres(), "SELECT count(*) FROM narrow", 4, WAIT);
    assertThat(query(sink.postgres(), "SELECT id FROM narrow ORDER BY id"))
        .containsExactly(List.of(1L), List.of(2L), List.of(4L), List.of(5L));
    sink.cluster().deleteConnector("narrow");
  }

  @Test
  void validateNamesTheFieldsOfACrossFieldMistakeAndTheUrlOfAFailedConnection() {
    Map<String, String> config = connectorConfig("any", sink.postgres());
    config.put("insert.mode", "upsert");
    ConfigInfos result = sink.cluster().validateConnectorConfig(PostgresSinkConnector.class.getSimpleName(), config);
    assertThat(errors(result, "insert.mode")).singleElement().asString().contains("needs a primary key");
    assertThat(errors(result, "pk.mode")).singleElement().asString().contains("needs a primary key");
    assertThat(errors(result, "connection.url")).isEmpty();

    Map<String, String> unreachable = connectorConfig("any", sink.postgres());
    unreachable.put("connection.url", "jdbc:postgresql://127.0.0.1:1/postgres");
    ConfigInfos failed = sink.cluster()
        .validateConnectorConfig(PostgresSinkConnector.class.getSimpleName(), unreachable);
    assertThat(errors(failed, "connection.url")).singleElement().asString().contains("cannot connect to PostgreSQL");
    assertThat(errors(failed, "insert.mode")).isEmpty();
  }

  private static List<String> errors(ConfigInfos infos, String name) {
    return infos.configs().stream().map(ConfigInfo::configValue).filter(v -> v.name().equals(name))
        .findFirst().orElseThrow().errors();
  }
}
