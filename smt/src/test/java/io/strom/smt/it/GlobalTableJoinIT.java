package io.strom.smt.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strom.smt.RuleTransform;
import io.strom.source.login.LoginSourceConnector;
import io.strom.testkit.CollectingSinkConnector;
import io.strom.testkit.ConnectClusters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stream-table joins in RuleTransform against a real broker and Connect cluster: the users table
 * is a topic written (through JsonConverter) before the connectors start, which each task reads
 * whole as a global table. A source connector enriches its own login events (joined on a value
 * column, which a global table allows); sink connectors run the shipped enrichment.sql rule and a
 * LEFT JOIN over logins the test writes, while the table changes under them (a new home country,
 * then a tombstone).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class GlobalTableJoinIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ENRICHMENT = Path.of("..", "config", "rules", "enrichment", "enrichment.sql");
  private static final Schema USER = SchemaBuilder.struct().name("user")
      .field("home_country", Schema.OPTIONAL_STRING_SCHEMA).build();
  private static final Schema LOGIN = SchemaBuilder.struct().name("login")
      .field("ip", Schema.STRING_SCHEMA)
      .field("country", Schema.STRING_SCHEMA)
      .field("device", Schema.STRING_SCHEMA)
      .field("success", Schema.BOOLEAN_SCHEMA)
      .field("ts", Timestamp.SCHEMA)
      .build();

  private static final int FILLER_ROWS = 50_000;

  private static EmbeddedConnectCluster connect;
  private static final JsonConverter VALUES = new JsonConverter();

  @BeforeAll
  static void start() {
    connect = ConnectClusters.start("smt-join-it", 1, Map.of());
    VALUES.configure(Map.of("schemas.enable", "true"), false);
  }

  @AfterAll
  static void stop() {
    if (connect != null) {
      connect.stop();
    }
  }

  private static void putUser(String topic, String user, String homeCountry) {
    byte[] value = VALUES.fromConnectData(topic, USER, new Struct(USER).put("home_country", homeCountry));
    connect.kafka().produce(topic, user, new String(value, StandardCharsets.UTF_8));
  }

  private static void deleteUser(String topic, String user) {
    connect.kafka().produce(topic, user, null);
  }

  private static void putLogin(String topic, String user, String country, long ts) {
    Struct login = new Struct(LOGIN).put("ip", "10.0.0." + (ts / 1000 % 250)).put("country", country)
        .put("device", "linux").put("success", true).put("ts", new Date(ts));
    connect.kafka().produce(topic, user, new String(VALUES.fromConnectData(topic, LOGIN, login), StandardCharsets.UTF_8));
  }

  /** The table settings: the embedded broker, string keys, JSON values with schemas. */
  private static void tableSettings(Map<String, String> config, String transform) {
    String p = "transforms." + transform + ".";
    config.put(p + "rules.table.consumer.bootstrap.servers", connect.kafka().bootstrapServers());
    config.put(p + "rules.table.key.converter", StringConverter.class.getName());
    config.put(p + "rules.table.value.converter", JsonConverter.class.getName());
    config.put(p + "rules.table.value.converter.schemas.enable", "true");
    config.put(p + "rules.table.load.timeout.ms", "60000");
  }

  private static Map<String, String> loginSource(String topic) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", LoginSourceConnector.class.getName());
    config.put("tasks.max", "1");
    config.put("topic", topic);
    config.put("users", "12");
    config.put("seed", "11");
    config.put("start.time", "2026-01-01T12:00:00Z");
    config.put("time.acceleration", "0");
    config.put("max.records", "300");
    config.put("scenarios", "impossible_travel:0.2,account_takeover:0.1");
    config.put("key.converter", StringConverter.class.getName());
    config.put("value.converter", JsonConverter.class.getName());
    config.put("value.converter.schemas.enable", "true");
    return config;
  }

  @Test
  void aSourceConnectorEnrichesItsLoginsFromTheUsersTable() throws Exception {
    connect.kafka().createTopic("src.users", 1);
    connect.kafka().createTopic("src.logins", 1);
    connect.kafka().createTopic("src.away", 1);
    // 50,000 other rows first, so that the task's first logins most likely arrive before the table is
    // loaded: they must wait for it (an INNER join against a half-loaded table would drop them)
    try (KafkaProducer<byte[], byte[]> producer = connect.kafka().createProducer(Map.of())) {
      for (int i = 0; i < FILLER_ROWS; i++) {
        byte[] value = VALUES.fromConnectData("src.users", USER, new Struct(USER).put("home_country", "AQ"));
        producer.send(new ProducerRecord<>("src.users", ("filler-" + i).getBytes(StandardCharsets.UTF_8), value));
      }
    }
    // even users are at home in the US, odd ones in DE; user-00011 has no row, so INNER drops its logins
    Map<String, String> home = new HashMap<>();
    for (int i = 0; i < 11; i++) {
      home.put(String.format("user-%05d", i), i % 2 == 0 ? "US" : "DE");
      putUser("src.users", String.format("user-%05d", i), i % 2 == 0 ? "US" : "DE");
    }
    connect.configureConnector("logins-raw", loginSource("src.logins"));
    Map<String, String> away = loginSource("src.away");
    away.put("transforms", "away");
    away.put("transforms.away.type", RuleTransform.Value.class.getName());
    away.put("transforms.away.rules", """
        CREATE STREAM logins (ip STRING KEY, user_id STRING, country STRING, device STRING, success BOOLEAN,
          ts TIMESTAMP) WITH (kafka_topic = 'src.logins', timestamp = 'ts');
        CREATE TABLE users (user_id STRING PRIMARY KEY, home_country STRING) WITH (kafka_topic = 'src.users');
        CREATE STREAM away AS
          SELECT l.user_id AS user_id, l.ip, l.country, u.home_country
          FROM logins l JOIN users u ON l.user_id = u.user_id
          WHERE l.success AND l.country <> u.home_country;
        """);
    tableSettings(away, "away");
    connect.configureConnector("logins-away", away);

    List<String> expected = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : connect.kafka().consume(300, 60_000, "src.logins")) {
      JsonNode p = JSON.readTree(r.value()).get("payload");
      String user = p.get("user_id").asText();
      if (p.get("success").asBoolean() && home.containsKey(user) && !p.get("country").asText().equals(home.get(user))) {
        expected.add(user + "," + p.get("ip").asText() + "," + p.get("country").asText() + "," + home.get(user));
      }
    }
    assertThat(expected).as("the seed gives away-from-home logins and home ones").isNotEmpty().hasSizeLessThan(300);

    List<String> actual = new ArrayList<>();
    TestUtils.waitForCondition(() -> {
      actual.clear();
      for (ConsumerRecord<byte[], byte[]> r : connect.kafka().consumeAll(10_000, "src.away")) {
        JsonNode p = JSON.readTree(r.value()).get("payload");
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).as("keyed by the join value")
            .isEqualTo(p.get("USER_ID").asText());
        actual.add(p.get("USER_ID").asText() + "," + p.get("IP").asText() + "," + p.get("COUNTRY").asText() + ","
            + p.get("HOME_COUNTRY").asText());
      }
      return actual.size() >= expected.size();
    }, 60_000, "the away-from-home logins did not all arrive");
    assertThat(actual).containsExactlyElementsOf(expected);
    connect.deleteConnector("logins-raw");
    connect.deleteConnector("logins-away");
  }

  @Test
  void loginsSeeTheUsersTableAsItChanges() throws Exception {
    connect.kafka().createTopic("users", 1);
    connect.kafka().createTopic("logins.by-user", 1);
    putUser("users", "alice", "DE");
    putUser("users", "bob", "FR");
    putUser("users", "probe", "v1");

    // the shipped rule (INNER JOIN): a successful login from outside the home country
    Map<String, String> inner = sink("away-sink", "away");
    inner.put("transforms.away.rules.file", ENRICHMENT.toAbsolutePath().toString());
    inner.put("transforms.away.rules.statement", "away_from_home_logins");
    connect.configureConnector("away-sink", inner);
    Map<String, String> left = sink("homes-sink", "homes");
    left.put("transforms.homes.rules", """
        CREATE STREAM logins_by_user (user_id STRING KEY, ip STRING, country STRING, device STRING,
          success BOOLEAN, ts TIMESTAMP) WITH (kafka_topic = 'logins.by-user', timestamp = 'ts');
        CREATE TABLE users (user_id STRING PRIMARY KEY, home_country STRING) WITH (kafka_topic = 'users');
        CREATE STREAM login_homes AS
          SELECT l.user_id AS user_id, l.country, u.home_country
          FROM logins_by_user l LEFT JOIN users u ON l.user_id = u.user_id;
        """);
    connect.configureConnector("homes-sink", left);

    putLogin("logins.by-user", "alice", "US", 1_000);
    putLogin("logins.by-user", "bob", "FR", 2_000);
    putLogin("logins.by-user", "carol", "US", 3_000);
    awaitProbe("v1", 0);

    // alice moves to the US, bob's row is deleted; the probe's change, written last, tells when the task has read both
    putUser("users", "alice", "US");
    deleteUser("users", "bob");
    putUser("users", "probe", "v2");
    awaitProbe("v2", 4_000);
    putLogin("logins.by-user", "alice", "US", 10_000);
    putLogin("logins.by-user", "alice", "GB", 11_000);
    putLogin("logins.by-user", "bob", "IT", 12_000);
    putLogin("logins.by-user", "bob", "FR", 13_000);
    putLogin("logins.by-user", "probe", "end", 14_000);

    Queue<SinkRecord> homes = CollectingSinkConnector.received("homes-sink");
    TestUtils.waitForCondition(() -> homes.stream().anyMatch(r -> "end".equals(field(r, "COUNTRY"))), 60_000,
        "the LEFT JOIN's last login did not arrive");
    assertThat(homes).filteredOn(r -> !"probe".equals(r.key()))
        .extracting(r -> r.key() + ":" + field(r, "USER_ID") + "," + field(r, "COUNTRY") + ","
            + field(r, "HOME_COUNTRY"))
        .containsExactly(
            "alice:alice,US,DE", "bob:bob,FR,FR", "carol:carol,US,null",
            "alice:alice,US,US", "alice:alice,GB,US", "bob:bob,IT,null", "bob:bob,FR,null");

    // the probe's logins pass the INNER rule's WHERE too (country "probe-v1" is not home "v1"): they are left out here
    Queue<SinkRecord> away = CollectingSinkConnector.received("away-sink");
    TestUtils.waitForCondition(() -> away.stream().anyMatch(r -> "end".equals(field(r, "COUNTRY"))), 60_000,
        "the INNER JOIN's last login did not arrive");
    assertThat(away).filteredOn(r -> !"probe".equals(r.key()))
        .extracting(r -> field(r, "USER_ID") + "," + field(r, "IP") + "," + field(r, "COUNTRY") + ","
            + field(r, "HOME_COUNTRY") + "," + ((Date) ((Struct) r.value()).get("TS")).getTime())
        .as("alice away from DE; after the change, alice in GB; bob's logins after his row was deleted join nothing")
        .containsExactly("alice,10.0.0.1,US,DE,1000", "alice,10.0.0.11,GB,US,11000");
    connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("away-sink", 1, "the task keeps running");
    connect.deleteConnector("away-sink");
    connect.deleteConnector("homes-sink");
  }

  @Test
  void aMissingTableTopicFailsTheTaskNamingIt() throws Exception {
    connect.kafka().createTopic("logins.orphan", 1);
    Map<String, String> config = sink("orphan-sink", "orphan");
    config.put("topics", "logins.orphan");
    config.put("transforms.orphan.rules", """
        CREATE STREAM logins (user_id STRING KEY, country STRING) WITH (kafka_topic = 'logins.orphan');
        CREATE TABLE owners (user_id STRING PRIMARY KEY, home_country STRING) WITH (kafka_topic = 'no.such.users');
        CREATE STREAM joined AS SELECT l.user_id AS user_id, o.home_country
          FROM logins l JOIN owners o ON l.user_id = o.user_id;
        """);
    connect.configureConnector("orphan-sink", config);
    putLogin("logins.orphan", "alice", "US", 1_000);
    connect.assertions().assertConnectorIsRunningAndTasksHaveFailed("orphan-sink", 1, "the task fails");
    String trace = connect.connectorStatus("orphan-sink").tasks().get(0).trace();
    assertThat(trace).contains("rule JOINED: table OWNERS: its topic 'no.such.users' does not exist");
    assertThat(connect.kafka().createAdminClient().listTopics().names().get())
        .as("the reader does not create the table topic").doesNotContain("no.such.users");
    assertThat(CollectingSinkConnector.received("orphan-sink")).isEmpty();
    connect.deleteConnector("orphan-sink");
  }

  /**
   * Writes logins of the user "probe" until both sinks have joined one with the probe's home
   * {@code version}: the table topic is one partition, read in order, so the changes written
   * before that one have reached the tasks too.
   */
  private static void awaitProbe(String version, long ts) throws InterruptedException {
    long[] time = {ts};
    TestUtils.waitForCondition(() -> {
      putLogin("logins.by-user", "probe", "probe-" + version, time[0]++);
      return CollectingSinkConnector.received("homes-sink").stream()
          .anyMatch(r -> version.equals(field(r, "HOME_COUNTRY")))
          && CollectingSinkConnector.received("away-sink").stream()
          .anyMatch(r -> version.equals(field(r, "HOME_COUNTRY")));
    }, 60_000, 200, () -> "the tasks did not read the probe's home " + version);
  }

  private static Object field(SinkRecord r, String name) {
    return r.value() == null ? null : String.valueOf(((Struct) r.value()).get(name));
  }

  private static Map<String, String> sink(String name, String transform) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", CollectingSinkConnector.class.getName());
    config.put("tasks.max", "1");
    config.put("topics", "logins.by-user");
    config.put("key.converter", StringConverter.class.getName());
    config.put("value.converter", JsonConverter.class.getName());
    config.put("transforms", transform);
    config.put("transforms." + transform + ".type", RuleTransform.Value.class.getName());
    tableSettings(config, transform);
    return config;
  }
}
