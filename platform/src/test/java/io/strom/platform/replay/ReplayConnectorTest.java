package io.strom.platform.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replaying connector's config, from a base sink's as Connect returns it. */
class ReplayConnectorTest {

  private static final String SCRIPT = """
      CREATE STREAM readings (device_id STRING KEY, temperature DOUBLE) WITH (kafka_topic = 'iot.readings');
      CREATE STREAM overheat_alerts AS SELECT device_id, temperature FROM readings WHERE temperature > 41 EMIT CHANGES;
      CREATE TABLE Device_Stats AS SELECT device_id, COUNT(*) AS readings FROM readings
        WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY device_id EMIT CHANGES;
      """;

  private static ObjectNode base() {
    ObjectNode base = new ObjectMapper().createObjectNode();
    base.put("name", "iot-sink");
    base.put("connector.class", "io.strom.sink.PostgresSinkConnector");
    base.put("topics", "iot.readings, more.readings");
    base.put("connection.url", "${env:STROM_PG_URL}");
    base.put("rules.file", "${env:STROM_CONFIG_DIR}/rules/iot-monitoring.sql");
    base.put("rules.statement", "device_stats");
    return base;
  }

  @Test
  void copiesTheBaseWithTheNewRulesInlineANewNameNewRuleTablesAndTheEarliestOffsets() {
    ReplayConnector replay = ReplayConnector.of("iot-sink-v2", base(), SCRIPT, ReplayConnector.defaultRuleTables("iot-sink-v2"),
        null, null);
    ObjectNode config = replay.config();
    assertThat(config.path("name").asText()).isEqualTo("iot-sink-v2");
    assertThat(config.path("rules").asText()).isEqualTo(SCRIPT);
    assertThat(config.has("rules.file")).as("the new script replaces the base's file").isFalse();
    assertThat(config.path("rules.statement").asText()).as("the base's choice of rules").isEqualTo("device_stats");
    assertThat(config.path("rules.table.name.format").asText()).isEqualTo("${rule}_iot_sink_v2");
    assertThat(config.path("write.records").asText()).as("the live sink keeps writing the records").isEqualTo("false");
    assertThat(config.path("consumer.override.auto.offset.reset").asText()).isEqualTo("earliest");
    assertThat(config.path("connection.url").asText()).as("provider references kept for the workers")
        .isEqualTo("${env:STROM_PG_URL}");
    assertThat(replay.topics()).containsExactly("iot.readings", "more.readings");
    assertThat(replay.ruleTables()).containsExactly(java.util.Map.entry("device_stats", "device_stats_iot_sink_v2"));
    assertThat(base().has("rules.file")).isTrue();
  }

  @Test
  void chosenStatementsAndARecordsTableFormatOverrideTheBase() {
    ReplayConnector replay = ReplayConnector.of("v2", base(), SCRIPT, "v2_${rule}", "v2_${topic}",
        List.of("overheat_alerts", "device_stats"));
    assertThat(replay.config().path("rules.statement").asText()).isEqualTo("overheat_alerts,device_stats");
    assertThat(replay.config().path("write.records").asText()).isEqualTo("true");
    assertThat(replay.config().path("table.name.format").asText()).isEqualTo("v2_${topic}");
    assertThat(replay.ruleTables()).containsExactly(java.util.Map.entry("overheat_alerts", "v2_overheat_alerts"),
        java.util.Map.entry("device_stats", "v2_device_stats"));
  }

  @Test
  void refusesWhatCannotBeReplayed() {
    ObjectNode source = base().put("connector.class", "io.strom.source.iot.IotSensorSourceConnector");
    assertThatThrownBy(() -> ReplayConnector.of("v2", source, SCRIPT, "${rule}_v2", null, null))
        .hasMessageContaining("must be a io.strom.sink.PostgresSinkConnector");
    ObjectNode regex = base();
    regex.remove("topics");
    regex.put("topics.regex", "iot\\..*");
    assertThatThrownBy(() -> ReplayConnector.of("v2", regex, SCRIPT, "${rule}_v2", null, null))
        .hasMessageContaining("topics.regex");
    assertThatThrownBy(() -> ReplayConnector.of("v2", base(), SCRIPT, "tables_v2", null, null))
        .hasMessageContaining("must contain ${rule}");
    assertThatThrownBy(() -> ReplayConnector.of("v2", base().put("rules.statement", "gone"), SCRIPT, "${rule}_v2", null, null))
        .hasMessageContaining("none of the rules").hasMessageContaining("gone");
  }
}
