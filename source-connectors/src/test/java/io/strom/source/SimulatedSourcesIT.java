package io.strom.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strom.source.sim.SimulationConfig;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The three connectors in a real Connect cluster (one KRaft broker, two distributed workers with
 * exactly-once source support): record counts, keys, schemas and byte-identical values for one and
 * three tasks, and /validate naming the bad field.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SimulatedSourcesIT {

  private static final long RECORDS = 600;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<String, String> SCHEMA_NAMES = Map.of(
      "iot", "io.strom.iot.SensorReading", "logins", "io.strom.login.LoginEvent", "stocks", "io.strom.stock.StockTick");
  private static final Map<String, String> KEY_FIELDS = Map.of("iot", "device_id", "logins", "ip", "stocks", "symbol");

  private static EmbeddedConnectCluster connect;

  @BeforeAll
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  static void startCluster() {
    connect = ExactlyOnceClusters.build("simulated-sources-it", 2, Map.of());
    connect.start();
  }

  @AfterAll
  static void stopCluster() {
    if (connect != null) {
      connect.stop();
    }
  }

  /**
   * A topic with three partitions that keeps records of any age: the runs' event times (record
   * timestamps) start on 2026-01-01, and time-based retention would delete them at once.
   */
  static void createTopic(EmbeddedConnectCluster cluster, String topic) {
    cluster.kafka().createTopic(topic, 3, 1, Map.of("retention.ms", "-1"));
  }

  /** The connector config the ITs share: finite, reproducible, String keys and JSON values with schemas. */
  static Map<String, String> connectorConfig(FeedRuns feed, String topic, int tasks) {
    Map<String, String> config = new HashMap<>(FeedRuns.finiteProps(RECORDS));
    config.put("connector.class", feed.connectors().get().getClass().getName());
    config.put("tasks.max", Integer.toString(tasks));
    config.put("topic", topic);
    config.put("scenario.rate", "0.1");
    config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("value.converter.schemas.enable", "true");
    return config;
  }

  @Test
  void eachConnectorWritesTheExpectedRecordsWithOneAndThreeTasks() throws Exception {
    List<FeedRuns> feeds = FeedRuns.all().toList();
    for (FeedRuns feed : feeds) {
      for (int tasks : new int[] {1, 3}) {
        String topic = feed.name() + "-" + tasks;
        createTopic(connect, topic);
        connect.configureConnector(topic, connectorConfig(feed, topic, tasks));
      }
    }
    for (FeedRuns feed : feeds) {
      List<String> expected = TopicContents.expectedKeyedValues(feed.run(connectorConfig(feed, "unused", 1), 1));
      List<String> oneTask = null;
      for (int tasks : new int[] {1, 3}) {
        String topic = feed.name() + "-" + tasks;
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(topic, tasks, topic + " did not start");
        List<ConsumerRecord<byte[], byte[]>> records = waitForRecords(topic, RECORDS);
        assertThat(records).as(topic).hasSize((int) RECORDS);
        assertKeysSchemasAndLabels(feed, records);

        List<String> actual = TopicContents.keyedValues(records);
        assertThat(actual).as("%s matches the in-process run byte for byte", topic)
            .isEqualTo(expected.stream().map(e -> e.replace("\"unused\"", "\"" + topic + "\"")).toList());
        assertPluginMetricsInJmx(topic, tasks);
        if (oneTask == null) {
          oneTask = actual;
        } else {
          assertThat(actual).as("1 and 3 tasks write the same bytes").isEqualTo(oneTask);
        }
        connect.deleteConnector(topic);
      }
    }
  }

  /**
   * The workers (in this JVM) publish each task's plugin metrics as MBeans
   * {@code kafka.connect:type=plugins,connector=<name>,task=<n>[,scenario=<s>]}: the names the
   * Prometheus exporter's rules match. Exact counts are the unit tests' job: a rebalance may restart
   * a task here, and its counters with it.
   */
  private static void assertPluginMetricsInJmx(String connector, int tasks) throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    for (int task = 0; task < tasks; task++) {
      // Not a count: a task the rebalances of the other connectors moved after its last record
      // resumes with nothing left to write, and its new counter reads 0 (CI saw that under load).
      ObjectName name = new ObjectName("kafka.connect:type=plugins,connector=" + connector + ",task=" + task);
      assertThat(server.getAttribute(name, "records-generated-total")).as("%s records-generated-total", name)
          .isInstanceOf(Long.class);
    }
    Set<ObjectName> scenarios = server.queryNames(
        new ObjectName("kafka.connect:type=plugins,connector=" + connector + ",task=*,scenario=*"), null);
    assertThat(scenarios).as("%s scenario MBeans", connector).isNotEmpty();
    for (ObjectName name : scenarios) {
      assertThat(server.getAttribute(name, "scenario-records-total")).isInstanceOf(Long.class);
      assertThat(server.getAttribute(name, "scenario-episodes-total")).isInstanceOf(Long.class);
    }
  }

  private static void assertKeysSchemasAndLabels(FeedRuns feed, List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
    for (ConsumerRecord<byte[], byte[]> record : records) {
      JsonNode envelope = MAPPER.readTree(record.value());
      JsonNode schema = envelope.get("schema");
      assertThat(schema.get("name").asText()).isEqualTo(SCHEMA_NAMES.get(feed.name()));
      assertThat(schema.get("version").asInt()).isEqualTo(1);
      JsonNode payload = envelope.get("payload");
      assertThat(new String(record.key(), StandardCharsets.UTF_8))
          .isEqualTo(payload.get(KEY_FIELDS.get(feed.name())).asText());
      String header = new String(record.headers().lastHeader(SimulationConfig.SCENARIO_HEADER).value(),
          StandardCharsets.UTF_8);
      assertThat(payload.get("scenario").asText()).isEqualTo(header);
      assertThat(record.timestamp()).isEqualTo(payload.get("ts").asLong());
    }
    assertThat(TopicContents.headerValues(records, SimulationConfig.SCENARIO_HEADER))
        .contains(SimulationConfig.NO_SCENARIO).hasSizeGreaterThan(1);
  }

  private static List<ConsumerRecord<byte[], byte[]>> waitForRecords(String topic, long count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    List<ConsumerRecord<byte[], byte[]>> records = TopicContents.readCommitted(connect, topic);
    while (records.size() < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(500);
      records = TopicContents.readCommitted(connect, topic);
    }
    // A finished connector must not write more: look once more after a pause.
    Thread.sleep(1_000);
    return TopicContents.readCommitted(connect, topic);
  }

  @Test
  void validateNamesTheBadFieldForEveryKindOfBadConfig() {
    assertOnlyErrorsOn("IotSensorSourceConnector", Map.of("rate.per.second", "-10"), "rate.per.second");
    assertOnlyErrorsOn("IotSensorSourceConnector", Map.of("scenarios", "overheat,meltdown"), "scenarios");
    assertOnlyErrorsOn("IotSensorSourceConnector", Map.of("topic", "no spaces allowed"), "topic");
    assertOnlyErrorsOn("LoginSourceConnector", Map.of("start.time", "last tuesday"), "start.time");
    assertOnlyErrorsOn("LoginSourceConnector", Map.of("scenarios", "brute_force:0.7,account_takeover:0.7"),
        "scenarios", "scenario.rate");
    assertOnlyErrorsOn("StockTickSourceConnector", Map.of("symbols", "AAPL,MSFT", "tasks.max", "3"),
        "symbols", "tasks.max");
    assertOnlyErrorsOn("StockTickSourceConnector", Map.of("symbols", "AAPL,not a symbol"), "symbols");
    assertOnlyErrorsOn("StockTickSourceConnector", Map.of("max.records", "-1"), "max.records");
  }

  private static void assertOnlyErrorsOn(String type, Map<String, String> bad, String... fields) {
    Map<String, String> config = new HashMap<>();
    config.put("name", "validate-me");
    config.put("connector.class", type);
    config.put("tasks.max", "1");
    config.putAll(bad);
    ConfigInfos infos = connect.validateConnectorConfig(type, config);
    Map<String, List<String>> errors = infos.configs().stream()
        .map(ConfigInfo::configValue)
        .filter(v -> !v.errors().isEmpty())
        .collect(Collectors.toMap(v -> v.name(), v -> v.errors(), (a, b) -> a));
    assertThat(errors).as("errors for %s %s", type, bad).containsOnlyKeys(fields);
    assertThat(infos.errorCount()).isGreaterThanOrEqualTo(fields.length);
  }
}
