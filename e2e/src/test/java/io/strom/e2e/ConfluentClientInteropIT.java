package io.strom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strom.platform.demo.DemoPlatform;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strom against clients it did not write: Confluent's Node.js Schema Registry client and Avro
 * serdes (npm {@code @confluentinc/schemaregistry}) with kafkajs, run by {@code node} from
 * e2e/src/test/node ({@code npm ci} there first; .ci/run does): Confluent's serializer into Strom's
 * sink across two schema versions, Confluent's deserializer on what a Strom source and the rule SMT
 * write, and the registry's answers through the client's API. The platform is the demo's own
 * processes: broker, Strom's registry, a Connect worker with only the plugin archive, PostgreSQL.
 */
@Timeout(300)
class ConfluentClientInteropIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Path NODE_DIR = Path.of(System.getProperty("strom.node.dir"));
  private static final Path ARCHIVE = Path.of(System.getProperty("strom.archive"));
  private static final Path HOME = Path.of(System.getProperty("strom.home"));

  @TempDir
  static Path tmp;
  private static DemoPlatform platform;

  @BeforeAll
  static void start() throws Exception {
    assertThat(NODE_DIR.resolve("node_modules/@confluentinc/schemaregistry"))
        .as("Confluent's Node.js client is not installed: run `npm ci` in %s (.ci/run does)", NODE_DIR).exists();
    assertThat(NODE_DIR.resolve("node_modules/kafkajs"))
        .as("kafkajs is not installed: run `npm ci` in %s (.ci/run does)", NODE_DIR).exists();
    Path config = Files.createDirectories(tmp.resolve("config"));
    for (String file : List.of("connect-distributed.properties", "schema-registry.properties")) {
      Files.copy(HOME.resolve("config").resolve(file), config.resolve(file));
    }
    Files.writeString(config.resolve("topics.properties"), "# none: the tests create their own\n");
    platform = DemoPlatform.start(config, tmp.resolve("data"), ARCHIVE, 1,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void stromsSinkStoresEveryFieldOfEveryRecordConfluentsSerializerWroteAcrossSchemaVersions() throws Exception {
    JsonNode produced = node("produce", platform.bootstrapServers(), platform.schemaRegistryUrl(), "interop.users", "200", "50");
    assertThat(produced.path("sent").asInt()).isEqualTo(250);
    assertThat(produced.path("v2Id").asInt()).isGreaterThan(produced.path("v1Id").asInt());

    putConnector("interop-users", Map.of(
        "connector.class", "io.strom.sink.PostgresSinkConnector",
        "tasks.max", "1",
        "topics", "interop.users",
        "connection.url", platform.jdbcUrl(),
        "connection.user", "strom",
        "connection.password", "strom",
        "table.name.format", "interop_users",
        "auto.create", "true",
        "auto.evolve", "true"));

    awaitCount("SELECT count(*) FROM interop_users", 250);
    List<List<Object>> rows = query("SELECT name, age, email FROM interop_users ORDER BY age");
    assertThat(rows).hasSize(250);
    for (int i = 0; i < 250; i++) {
      String email = i < 200 ? null : "user-" + i + "@example.com";
      assertThat(rows.get(i)).as("row %s", i).containsExactly("user-" + i, i, email);
    }
  }

  @Test
  void confluentsDeserializerReadsWhatStromsSourceWrites() throws Exception {
    createTopic("interop.ticks");
    putConnector("interop-ticks", Map.of(
        "connector.class", "io.strom.source.stock.StockTickSourceConnector",
        "tasks.max", "1",
        "topic", "interop.ticks",
        "symbols", "AAA,BBB,CCC",
        "max.records", "60"));

    JsonNode consumed = node("consume", platform.bootstrapServers(), platform.schemaRegistryUrl(), "interop.ticks", "60");

    assertThat(consumed.path("count").asInt()).isEqualTo(60);
    JsonNode latest = get(platform.schemaRegistryUrl() + "/subjects/interop.ticks-value/versions/latest");
    assertThat(consumed.path("schemaIds").toString()).isEqualTo("[" + latest.path("id").asInt() + "]");
    List<String> fields = new ArrayList<>();
    JSON.readTree(latest.path("schema").asText()).path("fields").forEach(f -> fields.add(f.path("name").asText()));
    assertThat(fields).contains("symbol");
    for (JsonNode value : consumed.path("values")) {
      assertThat(fieldNames(value)).as("fields of %s", value).containsExactlyElementsOf(fields);
      assertThat(value.path("symbol").asText()).isIn("AAA", "BBB", "CCC");
    }
  }

  @Test
  void confluentsDeserializerReadsWhatStromsRuleTransformWrites() throws Exception {
    createTopic("interop.hot");
    putConnector("interop-hot", Map.ofEntries(
        Map.entry("connector.class", "io.strom.source.iot.IotSensorSourceConnector"),
        Map.entry("tasks.max", "1"),
        Map.entry("topic", "interop.hot"),
        Map.entry("devices", "10"),
        Map.entry("seed", "7"),
        Map.entry("start.time", "2026-01-01T12:00:00Z"),
        Map.entry("time.acceleration", "0"),
        Map.entry("max.records", "200"),
        Map.entry("scenarios", "overheat:0.5"),
        Map.entry("transforms", "hot"),
        Map.entry("transforms.hot.type", "io.strom.smt.RuleTransform$Value"),
        Map.entry("transforms.hot.rules",
            "CREATE STREAM hot AS SELECT device_id, temperature, ts FROM readings WHERE temperature > 24.0;")));
    List<Long> written = committedOffsetsOnceIdle("interop.hot");
    assertThat(written).as("the seed gives some hot readings").isNotEmpty().hasSizeLessThan(200);

    JsonNode consumed = node("consume", platform.bootstrapServers(), platform.schemaRegistryUrl(), "interop.hot",
        Integer.toString(written.size()));

    List<Long> read = new ArrayList<>();
    consumed.path("offsets").forEach(offset -> read.add(offset.asLong()));
    assertThat(read).as("offsets kafkajs read (Java's read_committed consumer read %s; kafkajs' answer without values: %s)",
        written, ((ObjectNode) consumed.deepCopy()).without("values")).containsExactlyElementsOf(written);
    for (JsonNode value : consumed.path("values")) {
      assertThat(fieldNames(value)).as("fields of %s", value).containsExactly("DEVICE_ID", "TEMPERATURE", "TS");
      assertThat(value.path("TEMPERATURE").asDouble()).isGreaterThan(24.0);
    }
  }

  @Test
  void theRegistryAnswersConfluentsClientAsConfluentsRegistryWould() throws Exception {
    JsonNode answers = node("registry", platform.schemaRegistryUrl(), "interop.registry-value");

    int v1 = answers.path("v1Id").asInt();
    int v2 = answers.path("v2Id").asInt();
    assertThat(answers.path("v1IdAgain").asInt()).isEqualTo(v1);
    assertThat(answers.path("idOfV1").asInt()).isEqualTo(v1);
    assertThat(v2).isNotEqualTo(v1);
    assertThat(answers.path("versions").toString()).isEqualTo("[1,2]");
    assertThat(answers.path("latest").toString())
        .isEqualTo("{\"id\":" + v2 + ",\"version\":2,\"fields\":[\"name\",\"age\",\"email\"]}");
    assertThat(answers.path("byId").toString()).isEqualTo("[\"name\",\"age\"]");
    assertThat(answers.path("subjects").toString()).contains("\"interop.registry-value\"");
    assertThat(answers.path("compatible").asBoolean()).isFalse();
    assertThat(answers.path("incompatible").path("status").asInt()).as("%s", answers.path("incompatible")).isEqualTo(409);
    assertThat(answers.path("configSet").asText()).isEqualTo("NONE");
    assertThat(answers.path("config").asText()).isEqualTo("NONE");
    assertThat(answers.path("softDeleted").toString()).isEqualTo("[1,2]");
    assertThat(answers.path("subjectsAfterSoftDelete").toString()).doesNotContain("interop.registry-value");
    assertThat(answers.path("hardDeleted").toString()).isEqualTo("[1,2]");
    assertThat(answers.path("afterHardDelete").path("status").asInt()).isEqualTo(404);
    assertThat(answers.path("afterHardDelete").path("errorCode").asInt()).isEqualTo(40401);
  }

  // ---------------------------------------------------------------- helpers

  /** Runs a subcommand of interop.mjs and returns the JSON it printed; fails with its stderr. */
  private static JsonNode node(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("node", "interop.mjs"));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(tmp, "node-", ".out");
    Path err = Files.createTempFile(tmp, "node-", ".err");
    Process process = new ProcessBuilder(command).directory(NODE_DIR.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(150, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("node " + String.join(" ", args) + " did not finish in 150 s: " + Files.readString(err));
    }
    assertThat(process.exitValue()).as("node %s: %s", String.join(" ", args), Files.readString(err)).isZero();
    return JSON.readTree(Files.readString(out));
  }

  /** Creates connector {@code name}; every connector here has string keys and Avro values in Strom's registry. */
  private static void putConnector(String name, Map<String, String> config) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    config.forEach(body::put);
    body.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    body.put("value.converter", "io.strom.avro.AvroConverter");
    body.put("value.converter.schema.registry.url", platform.schemaRegistryUrl());
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
            URI.create(platform.restUrls().get(0) + "/connectors/" + name + "/config"))
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("PUT connector %s: %s", name, response.body()).isIn(200, 201);
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /**
   * A one-partition topic that keeps its records. Without retention.ms=-1 the broker's retention
   * check deleted offset 0 of interop.hot (its timestamp is the simulated 2026-01-01 event time)
   * between Java's read and kafkajs' read from the beginning: kafkajs then saw one record fewer.
   */
  private static void createTopic(String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()))) {
      NewTopic keptForever = new NewTopic(topic, 1, (short) 1).configs(Map.of("retention.ms", "-1"));
      admin.createTopics(List.of(keptForever)).all().get(30, TimeUnit.SECONDS);
    }
  }

  /** The offsets of the committed records in a one-partition topic once nothing new came for 5 s (the source has finished). */
  private static List<Long> committedOffsetsOnceIdle(String topic) {
    Map<String, Object> props = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<Long> offsets = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.assign(List.of(new TopicPartition(topic, 0)));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      long lastNew = System.nanoTime();
      while (System.nanoTime() < deadline && (offsets.isEmpty() || System.nanoTime() - lastNew < TimeUnit.SECONDS.toNanos(5))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          offsets.add(record.offset());
          lastNew = System.nanoTime();
        }
      }
    }
    return offsets;
  }

  private static void awaitCount(String sql, long expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    long count = -1;
    while (System.nanoTime() < deadline) {
      try {
        count = ((Number) query(sql).get(0).get(0)).longValue();
      } catch (java.sql.SQLException notYet) {
        // the table is created with the first flush
      }
      if (count >= expected) {
        break;
      }
      Thread.sleep(500);
    }
    assertThat(count).as(sql).isEqualTo(expected);
  }

  private static List<List<Object>> query(String sql) throws Exception {
    Properties credentials = new Properties();
    credentials.setProperty("user", "strom");
    credentials.setProperty("password", "strom");
    try (Connection c = DriverManager.getConnection(platform.jdbcUrl(), credentials); Statement s = c.createStatement();
         ResultSet rows = s.executeQuery(sql)) {
      List<List<Object>> result = new ArrayList<>();
      while (rows.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
          row.add(rows.getObject(i));
        }
        result.add(row);
      }
      return result;
    }
  }
}
