package io.strom.smt.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strom.smt.RuleTransform;
import io.strom.source.iot.IotSensorSourceConnector;
import io.strom.testkit.CollectingSinkConnector;
import io.strom.testkit.ConnectClusters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RuleTransform in a real Connect cluster: on a Strom source connector (only matching, projected
 * records with the derived schema reach the topic), on a sink with a dead letter queue (a failing
 * record lands there with headers naming the rule and cause, the rest arrive), and in /validate.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class RuleTransformIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RECORDS = 200;
  private static final String HOT_RULE = "CREATE STREAM hot AS SELECT device_id, temperature, ts\n"
      + "FROM readings WHERE temperature > 24.0;";

  private static EmbeddedConnectCluster connect;

  @BeforeAll
  static void start() {
    connect = ConnectClusters.start("smt-it", 1, Map.of());
  }

  @AfterAll
  static void stop() {
    if (connect != null) {
      connect.stop();
    }
  }

  private static Map<String, String> iotSource(String topic) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", IotSensorSourceConnector.class.getName());
    config.put("tasks.max", "1");
    config.put("topic", topic);
    config.put("devices", "10");
    config.put("seed", "7");
    config.put("start.time", "2026-01-01T12:00:00Z");
    config.put("time.acceleration", "0");
    config.put("max.records", Integer.toString(RECORDS));
    config.put("scenarios", "overheat:0.5");
    config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("value.converter", JsonConverter.class.getName());
    config.put("value.converter.schemas.enable", "true");
    return config;
  }

  @Test
  void aSourceConnectorWritesOnlyMatchingProjectedRecords() throws Exception {
    connect.kafka().createTopic("iot.raw", 1);
    connect.kafka().createTopic("iot.hot", 1);
    connect.configureConnector("iot-raw", iotSource("iot.raw"));
    Map<String, String> hot = iotSource("iot.hot");
    hot.put("transforms", "hot");
    hot.put("transforms.hot.type", RuleTransform.Value.class.getName());
    hot.put("transforms.hot.rules", HOT_RULE);
    connect.configureConnector("iot-hot", hot);

    List<String> expected = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : connect.kafka().consume(RECORDS, 60_000, "iot.raw")) {
      JsonNode payload = JSON.readTree(r.value()).get("payload");
      if (payload.get("temperature").asDouble() > 24.0) {
        expected.add(payload.get("device_id").asText() + "@" + payload.get("ts").asLong() + "="
            + payload.get("temperature").asDouble());
      }
    }
    assertThat(expected).as("the seed gives some hot and some cool readings").isNotEmpty().hasSizeLessThan(RECORDS);

    List<String> actual = new ArrayList<>();
    TestUtils.waitForCondition(() -> {
      actual.clear();
      for (ConsumerRecord<byte[], byte[]> r : connect.kafka().consumeAll(10_000, "iot.hot")) {
        JsonNode envelope = JSON.readTree(r.value());
        JsonNode schema = envelope.get("schema");
        assertThat(schema.get("name").asText()).isEqualTo("io.strom.rules.HOT");
        assertThat(schema.get("version").asInt()).isEqualTo(1);
        List<String> fields = new ArrayList<>();
        schema.get("fields").forEach(f -> fields.add(f.get("field").asText()));
        assertThat(fields).containsExactly("DEVICE_ID", "TEMPERATURE", "TS");
        JsonNode p = envelope.get("payload");
        actual.add(p.get("DEVICE_ID").asText() + "@" + p.get("TS").asLong() + "=" + p.get("TEMPERATURE").asDouble());
      }
      return actual.size() >= expected.size();
    }, 60_000, "the hot readings did not all arrive");
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    connect.deleteConnector("iot-raw");
    connect.deleteConnector("iot-hot");
  }

  @Test
  void aSinkSendsRecordsTheRuleCannotEvaluateToTheDeadLetterQueue() throws Exception {
    connect.kafka().createTopic("orders", 1);
    String schema = "{\"type\":\"struct\",\"name\":\"order\",\"fields\":[{\"field\":\"id\",\"type\":\"int32\"},"
        + "{\"field\":\"qty\",\"type\":\"string\",\"optional\":true}]}";
    String[] quantities = {"5", "seven", "2", "0", null};
    for (int i = 0; i < quantities.length; i++) {
      String qty = quantities[i] == null ? "null" : "\"" + quantities[i] + "\"";
      connect.kafka().produce("orders", "k" + i,
          "{\"schema\":" + schema + ",\"payload\":{\"id\":" + i + ",\"qty\":" + qty + "}}");
    }
    Map<String, String> sink = new HashMap<>();
    sink.put("connector.class", CollectingSinkConnector.class.getName());
    sink.put("tasks.max", "1");
    sink.put("topics", "orders");
    sink.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    sink.put("value.converter", JsonConverter.class.getName());
    sink.put("transforms", "parse");
    sink.put("transforms.parse.type", RuleTransform.Value.class.getName());
    sink.put("transforms.parse.rules",
        "CREATE STREAM parsed AS SELECT id, CAST(qty AS INT) AS qty FROM orders WHERE CAST(qty AS INT) > 0;");
    sink.put("errors.tolerance", "all");
    sink.put("errors.deadletterqueue.topic.name", "orders.dlq");
    sink.put("errors.deadletterqueue.topic.replication.factor", "1");
    sink.put("errors.deadletterqueue.context.headers.enable", "true");
    connect.configureConnector("orders-sink", sink);

    ConsumerRecord<byte[], byte[]> dead = connect.kafka().consume(1, 60_000, "orders.dlq").iterator().next();
    assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("k1");
    Map<String, String> headers = new HashMap<>();
    for (Header h : dead.headers()) {
      headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
    }
    assertThat(headers.get("__connect.errors.stage")).isEqualTo("TRANSFORMATION");
    assertThat(headers.get("__connect.errors.class.name")).isEqualTo(RuleTransform.Value.class.getName());
    assertThat(headers.get("__connect.errors.exception.class.name"))
        .isEqualTo("org.apache.kafka.connect.errors.DataException");
    assertThat(headers.get("__connect.errors.exception.message")).contains("rule PARSED").contains("seven");

    Queue<SinkRecord> received = CollectingSinkConnector.received("orders-sink");
    TestUtils.waitForCondition(() -> received.size() >= 2, 60_000, "the good records did not arrive");
    assertThat(received).extracting(r -> ((Struct) r.value()).get("ID") + ":" + ((Struct) r.value()).get("QTY"))
        .containsExactly("0:5", "2:2");
    assertThat(received).allSatisfy(r -> assertThat(r.valueSchema().name()).isEqualTo("io.strom.rules.PARSED"));
    connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("orders-sink", 1, "the task keeps running");
    connect.deleteConnector("orders-sink");
  }

  @Test
  void validateNamesTheLineAndColumnOfABadRule() {
    Map<String, String> config = iotSource("iot.bad");
    config.put("name", "iot-bad");
    config.put("transforms", "hot");
    config.put("transforms.hot.type", RuleTransform.Value.class.getName());
    config.put("transforms.hot.rules", "SELECT device_id\nFROM readings WHERE temperature >> 3");
    ConfigInfos result = connect.validateConnectorConfig(IotSensorSourceConnector.class.getSimpleName(), config);
    assertThat(result.errorCount()).isPositive();
    ConfigInfo rules = result.configs().stream()
        .filter(c -> c.configKey() != null && c.configKey().name().equals("transforms.hot.rules"))
        .findFirst().orElseThrow();
    assertThat(rules.configValue().errors()).singleElement().asString().contains("2:");
  }
}
