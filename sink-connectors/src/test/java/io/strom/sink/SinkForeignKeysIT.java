package io.strom.sink;

import static io.strom.sink.SinkTestSupport.awaitScalar;
import static io.strom.sink.SinkTestSupport.query;
import static io.strom.sink.SinkTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A config written for Debezium's or Confluent's JDBC sink, through Connect's real
 * {@code /validate} and a running connector: it works as the user meant, or fails naming the key
 * and the Strom spelling.
 */
@Timeout(180)
class SinkForeignKeysIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension
  static final SinkTestBed sink = new SinkTestBed("sink-foreign-keys");

  /** What both connectors' configs share: Connect's keys, JSON with schemas, a URL without a user. */
  private static Map<String, String> base(String topic) {
    Map<String, String> config = SinkTestSupport.connectKeys(topic);
    config.put("name", "migrated-" + topic);
    config.put("errors.tolerance", "none");
    config.put("consumer.override.max.poll.records", "100");
    config.put("connection.url", "jdbc:postgresql://127.0.0.1:" + sink.postgres().port() + "/postgres");
    return config;
  }

  private static Map<String, String> debeziumStyle(String topic) {
    Map<String, String> config = base(topic);
    config.put("connection.username", "postgres");
    config.put("connection.password", "unused");
    config.put("insert.mode", "upsert");
    config.put("primary.key.mode", "record_value");
    config.put("primary.key.fields", "id");
    config.put("collection.name.format", "dbz_${topic}");
    config.put("schema.evolution", "basic");
    config.put("quote.identifiers", "true");
    config.put("connection.pool.max_size", "3");
    config.put("delete.enabled", "false");
    return config;
  }

  private static Map<String, String> confluentStyle(String topic) {
    Map<String, String> config = base(topic);
    config.put("connection.user", "postgres");
    config.put("connection.password", "unused");
    config.put("insert.mode", "upsert");
    config.put("pk.mode", "record_value");
    config.put("pk.fields", "id");
    config.put("table.name.format", "cfl_${topic}");
    config.put("auto.create", "true");
    config.put("auto.evolve", "true");
    config.put("quote.sql.identifiers", "always");
    config.put("dialect.name", "PostgreSqlDatabaseDialect");
    config.put("max.retries", "3");
    config.put("retry.backoff.ms", "500");
    return config;
  }

  @Test
  void aDebeziumStyleConfigWritesWhatTheUserMeant() throws Exception {
    writesUpsertsByIdInto("dbz_people", "people", debeziumStyle("people"));
  }

  @Test
  void aConfluentStyleConfigWritesWhatTheUserMeant() throws Exception {
    writesUpsertsByIdInto("cfl_clients", "clients", confluentStyle("clients"));
  }

  private void writesUpsertsByIdInto(String table, String topic, Map<String, String> config)
      throws Exception {
    assertThat(errorsByKey(validate(config))).as("/validate of %s", config).isEmpty();
    sink.cluster().kafka().createTopic(topic, 1);
    sink.cluster().configureConnector(config.get("name"), config);
    Schema v1 = SchemaBuilder.struct().name("person").field("id", Schema.INT64_SCHEMA)
        .field("name", Schema.STRING_SCHEMA).build();
    Schema v2 = SchemaBuilder.struct().name("person").field("id", Schema.INT64_SCHEMA)
        .field("name", Schema.STRING_SCHEMA).field("email", Schema.OPTIONAL_STRING_SCHEMA).build();
    for (long i = 1; i <= 3; i++) {
      send(sink.producer(), topic, null, null, null, v1, new Struct(v1).put("id", i).put("name", "n" + i));
    }
    sink.producer().flush();
    awaitScalar(sink.postgres(), "SELECT count(*) FROM " + table, 3, WAIT);
    send(sink.producer(), topic, null, null, null, v2,
        new Struct(v2).put("id", 2L).put("name", "n2b").put("email", "b@x"));
    sink.producer().flush();
    awaitScalar(sink.postgres(), "SELECT count(*) FROM " + table + " WHERE email IS NOT NULL", 1, WAIT);
    // upsert by primary key id (primary.key.*), created and evolved (schema.evolution=basic).
    assertThat(query(sink.postgres(), "SELECT id, name, email FROM " + table + " ORDER BY id")).containsExactly(
        java.util.Arrays.asList(1L, "n1", null), List.of(2L, "n2b", "b@x"), java.util.Arrays.asList(3L, "n3", null));
    assertThat(query(sink.postgres(), "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
        + "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = '" + table + "'::regclass AND i.indisprimary"))
        .containsExactly(List.of("id"));
    sink.cluster().deleteConnector(config.get("name"));
  }

  @Test
  void debeziumKeysThatMeanSomethingElseFailValidateNamingTheStromSpelling() {
    Map<String, String> config = debeziumStyle("any");
    config.put("truncate.enabled", "true");
    config.put("primary.key.mode", "record_header");
    config.put("collection.name.format", "${source.schema}_${source.table}");
    config.put("quote.identifiers", "false");
    config.put("connection.user", "someone-else");
    config.put("database.time_zone", "UTC");
    config.put("hibernate.c3p0.max_size", "4");

    Map<String, List<String>> errors = errorsByKey(validate(config));

    assertThat(errors).containsOnlyKeys("truncate.enabled", "primary.key.mode", "pk.mode",
        "collection.name.format", "quote.identifiers", "connection.username", "database.time_zone",
        "hibernate.c3p0.max_size");
    assertThat(errors.get("truncate.enabled")).singleElement().asString().contains("never truncates");
    assertThat(errors.get("primary.key.mode")).singleElement().asString()
        .contains("as Strom's pk.mode", "record_header");
    assertThat(errors.get("collection.name.format")).singleElement().asString()
        .contains("table.name.format", "${topic}");
    assertThat(errors.get("quote.identifiers")).singleElement().asString().contains("always quotes");
    assertThat(errors.get("connection.username")).singleElement().asString()
        .contains("Strom's connection.user", "another value");
    assertThat(errors.get("database.time_zone")).singleElement().asString().contains("timestamptz");
    assertThat(errors.get("hibernate.c3p0.max_size")).singleElement().asString().startsWith("unknown key");
  }

  @Test
  void confluentKeysThatMeanSomethingElseFailValidateNamingTheStromSpelling() {
    Map<String, String> config = confluentStyle("any");
    config.put("pk.mode", "kafka");
    config.put("quote.sql.identifiers", "never");
    config.put("db.timezone", "Europe/Berlin");
    config.put("fields.whitelist", "id,name");
    config.put("connection.attempts", "5");
    config.put("dialect.name", "MySqlDatabaseDialect");
    config.put("batch.sise", "100");

    Map<String, List<String>> errors = errorsByKey(validate(config));

    assertThat(errors).containsOnlyKeys("pk.mode", "quote.sql.identifiers", "db.timezone", "fields.whitelist",
        "connection.attempts", "dialect.name", "batch.sise");
    assertThat(errors.get("pk.mode")).anySatisfy(m -> assertThat(m).contains("kafka", "offsets table"));
    assertThat(errors.get("quote.sql.identifiers")).singleElement().asString().contains("always quotes");
    assertThat(errors.get("fields.whitelist")).singleElement().asString().contains("ReplaceField");
    assertThat(errors.get("connection.attempts")).singleElement().asString().contains("max.retries");
    assertThat(errors.get("dialect.name")).singleElement().asString().contains("PostgreSQL only");
    assertThat(errors.get("batch.sise")).singleElement().asString()
        .isEqualTo("unknown key: no Strom plugin, converter or Kafka Connect itself defines batch.sise; "
            + "did you mean batch.size?");
  }

  private static ConfigInfos validate(Map<String, String> config) {
    return sink.cluster().validateConnectorConfig(PostgresSinkConnector.class.getSimpleName(), config);
  }

  private static Map<String, List<String>> errorsByKey(ConfigInfos infos) {
    Map<String, List<String>> errors = new TreeMap<>();
    for (ConfigInfo info : infos.configs()) {
      if (!info.configValue().errors().isEmpty()) {
        errors.put(info.configValue().name(), info.configValue().errors());
      }
    }
    return errors;
  }
}
