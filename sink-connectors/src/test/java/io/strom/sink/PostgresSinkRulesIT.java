package io.strom.sink;

import static io.strom.sink.SinkTestSupport.awaitScalar;
import static io.strom.sink.SinkTestSupport.connectorConfig;
import static io.strom.sink.SinkTestSupport.query;
import static io.strom.sink.SinkTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rule hosted in the sink: one connector writes the raw rows and the rule's outputs, and a task
 * restart in the middle neither loses nor repeats an output; a second connector with another rule
 * version replays the topic into a table set of its own ({@code rules.table.name.format}).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PostgresSinkRulesIT {

  private static final String SCRIPT = """
      CREATE STREAM readings (device STRING KEY, temp DOUBLE, site STRING)
        WITH (KAFKA_TOPIC='readings', VALUE_FORMAT='JSON');
      CREATE STREAM hot_readings AS
        SELECT device, temp * 1.8 + 32 AS temp_f, UCASE(site) AS site
        FROM readings WHERE temp > 30.0 EMIT CHANGES;
      """;
  private static final Schema VALUE = SchemaBuilder.struct().name("reading")
      .field("temp", Schema.FLOAT64_SCHEMA).field("site", Schema.STRING_SCHEMA).build();

  @RegisterExtension
  static final SinkTestBed sink = new SinkTestBed("sink-rules");

  @Test
  void writesRawRowsAndRuleOutputsExactlyOnceAcrossATaskRestart() throws Exception {
    sink.cluster().kafka().createTopic("readings", 2);
    Map<String, String> config = connectorConfig("readings", sink.postgres());
    config.put("tasks.max", "2");
    config.put("rules", SCRIPT);
    sink.cluster().configureConnector("rules", config);

    produce(0, 3_000);
    awaitScalar(sink.postgres(), "SELECT count(*) FROM readings", 3_000, Duration.ofSeconds(60));
    sink.cluster().restartConnectorAndTasks("rules", false, true, false);
    produce(3_000, 6_000);

    awaitScalar(sink.postgres(), "SELECT count(*) FROM readings", 6_000, Duration.ofSeconds(60));
    long hot = 6_000 * 3 / 10; // temp > 30 for i % 10 in {7, 8, 9}
    awaitScalar(sink.postgres(), "SELECT count(*) FROM hot_readings", hot, Duration.ofSeconds(30));
    Thread.sleep(1_500);
    assertThat(query(sink.postgres(), "SELECT count(*), count(DISTINCT (device, temp_f)), min(temp_f), max(temp_f), "
        + "count(*) FILTER (WHERE site <> 'SITE-' || substr(device, 3)::int % 3) FROM hot_readings"))
        .containsExactly(List.of(hot, hot, 31.0 * 1.8 + 32, 33.0 * 1.8 + 32 + 0.0, 0L));
    assertThat(query(sink.postgres(), "SELECT column_name, data_type FROM information_schema.columns "
        + "WHERE table_name = 'hot_readings' ORDER BY ordinal_position")).containsExactly(
        List.of("device", "text"), List.of("temp_f", "double precision"), List.of("site", "text"));
    sink.cluster().deleteConnector("rules");
  }

  @Test
  void aSecondConnectorReplaysTheTopicWithANewRuleVersionIntoItsOwnRuleTables() throws Exception {
    // over a topic and into tables of this test's own
    String script = SCRIPT.replace("'readings'", "'replayed'").replace("hot_readings", "hot_replayed");
    sink.cluster().kafka().createTopic("replayed", 2);
    Map<String, String> v1 = connectorConfig("replayed", sink.postgres());
    v1.put("table.name.format", "replayed");
    v1.put("rules", script);
    sink.cluster().configureConnector("replay-v1", v1);
    produce("replayed", 0, 2_000);
    awaitScalar(sink.postgres(), "SELECT count(*) FROM hot_replayed", 2_000 * 3 / 10, Duration.ofSeconds(60));

    // v2: a higher threshold, its outputs in hot_replayed_v2, the topic read again from the start
    Map<String, String> v2 = connectorConfig("replayed", sink.postgres());
    v2.put("rules", script.replace("temp > 30.0", "temp > 31.0"));
    v2.put("rules.table.name.format", "${rule}_v2");
    v2.put("write.records", "false");
    v2.put("consumer.override.auto.offset.reset", "earliest");
    sink.cluster().configureConnector("replay-v2", v2);

    long hotV2 = 2_000 * 2 / 10; // temp > 31 for i % 10 in {8, 9}
    awaitScalar(sink.postgres(), "SELECT count(*) FROM hot_replayed_v2", hotV2, Duration.ofSeconds(60));
    Thread.sleep(1_500);
    assertThat(query(sink.postgres(), "SELECT count(*), min(temp_f) FROM hot_replayed_v2"))
        .containsExactly(List.of(hotV2, 32.0 * 1.8 + 32));
    assertThat(query(sink.postgres(), "SELECT count(*), min(temp_f) FROM hot_replayed"))
        .as("v1's table is v1's alone").containsExactly(List.of(2_000L * 3 / 10, 31.0 * 1.8 + 32));
    assertThat(query(sink.postgres(), "SELECT count(*) FROM replayed")).as("only v1 wrote the records")
        .containsExactly(List.of(2_000L));
    assertThat(query(sink.postgres(), "SELECT connector, sum(next_offset)::bigint FROM strom_sink_offsets"
        + " WHERE connector LIKE 'replay-%' GROUP BY connector ORDER BY connector"))
        .as("each connector its own offsets rows").containsExactly(List.of("replay-v1", 2_000L), List.of("replay-v2", 2_000L));
    sink.cluster().deleteConnector("replay-v1");
    sink.cluster().deleteConnector("replay-v2");
  }

  /** Reading i: device d-i, temp 24 + i % 10 (hot when i % 10 >= 7), site site-(i % 3). */
  private static void produce(int from, int to) {
    produce("readings", from, to);
  }

  private static void produce(String topic, int from, int to) {
    for (int i = from; i < to; i++) {
      send(sink.producer(), topic, i % 2, Schema.STRING_SCHEMA, "d-" + i, VALUE,
          new Struct(VALUE).put("temp", 24.0 + i % 10).put("site", "site-" + (i % 3)));
    }
    sink.producer().flush();
  }
}
