package io.strom.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strom.platform.process.ConnectWorker;
import io.strom.platform.process.SecurityProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./strom demo --secure}, attacked from the outside: one secured platform (two workers, the
 * connectors of config/), and clients that must be refused for the right reason, the pipeline that
 * must run with its own principals, and the Connect REST API that must ask for a password and show
 * none.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SecureDemoIT {

  private static final Path HOME = Path.of(System.getProperty("strom.home"));
  private static final Path ARCHIVE = Path.of(System.getProperty("strom.archive"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final List<String> FEED_TABLES = List.of("iot_readings", "logins", "stock_ticks");

  private DemoPlatform platform;
  private SecurityProfile security;

  @BeforeAll
  void start(@TempDir Path tmp) {
    platform = DemoPlatform.startSecure(HOME.resolve("config"), tmp.resolve("data"), ARCHIVE, 2, System.out);
    security = platform.security();
  }

  @AfterAll
  void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aClientWithoutCredentialsIsRefused() {
    // TLS that the broker accepts, but no SASL: the broker answers nothing before authentication.
    Map<String, Object> props = tls();
    props.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SSL");
    Throwable error;
    try (Admin admin = admin(props)) {
      error = catchThrowable(() -> admin.listTopics().names().get(20, TimeUnit.SECONDS));
    }
    assertThat(rootCause(error)).as("listTopics without SASL").isInstanceOf(TimeoutException.class);
  }

  @Test
  void aClientWithAWrongPasswordIsRefused() {
    Map<String, Object> props = new HashMap<>(security.clientConfig(DemoAcls.WORKER));
    props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
        + " username=\"" + DemoAcls.WORKER + "\" password=\"not-" + security.password(DemoAcls.WORKER) + "\";");
    Throwable error;
    try (Admin admin = admin(props)) {
      error = catchThrowable(() -> admin.listTopics().names().get(20, TimeUnit.SECONDS));
    }
    assertThat(error).isInstanceOf(ExecutionException.class).cause().isInstanceOf(SaslAuthenticationException.class);
  }

  @Test
  void aPrincipalIsRefusedTheTopicsAndGroupsOfOthers() {
    // The login source may write its own topic, not the stock feed.
    String logins = DemoAcls.principal("logins");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(client(logins, Map.of(
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 20000)), new StringSerializer(), new StringSerializer())) {
      Throwable error = catchThrowable(() -> producer.send(new ProducerRecord<>("stock.ticks", "k", "v"))
          .get(20, TimeUnit.SECONDS));
      assertThat(rootCause(error)).as("connector-logins writing stock.ticks").isInstanceOf(TopicAuthorizationException.class);
    }
    // The fraud sink may read logins in its own group, not iot.readings, nor logins in another group.
    String fraudSink = DemoAcls.principal("fraud-sink");
    try (KafkaConsumer<String, String> consumer = consumer(fraudSink, "connect-fraud-sink")) {
      consumer.assign(List.of(new TopicPartition("iot.readings", 0)));
      Throwable error = catchThrowable(() -> consumer.poll(Duration.ofSeconds(10)));
      assertThat(error).as("connector-fraud-sink reading iot.readings").isInstanceOf(TopicAuthorizationException.class);
    }
    try (KafkaConsumer<String, String> consumer = consumer(fraudSink, "connect-iot-sink")) {
      consumer.subscribe(List.of("logins"));
      Throwable error = catchThrowable(() -> consumer.poll(Duration.ofSeconds(10)));
      assertThat(error).as("connector-fraud-sink in the group of iot-sink").isInstanceOf(GroupAuthorizationException.class);
    }
  }

  @Test
  void thePipelineRunsWithItsOwnPrincipalsIntoPostgres() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    Map<String, Long> rows = Map.of();
    while (System.nanoTime() < deadline) {
      rows = feedRows();
      if (rows.size() == FEED_TABLES.size() && rows.values().stream().allMatch(n -> n > 0)) {
        break;
      }
      Thread.sleep(2000);
    }
    assertThat(rows).as("rows per feed table").containsOnlyKeys(FEED_TABLES).allSatisfy((table, n) ->
        assertThat(n).as("rows in %s", table).isPositive());
    JsonNode connectors = platform.workers().get(0).rest().connectors();
    connectors.properties().forEach(c -> {
      assertThat(c.getValue().at("/status/connector/state").asText()).as("%s", c.getKey()).isEqualTo("RUNNING");
      c.getValue().at("/status/tasks").forEach(t -> assertThat(t.path("state").asText())
          .as("%s task %s: %s", c.getKey(), t.path("id"), t.path("trace").asText()).isEqualTo("RUNNING"));
    });
  }

  @Test
  void theRestApiAsksForTheRightPassword() throws Exception {
    for (ConnectWorker worker : platform.workers()) {
      String url = worker.restUrl() + "/connectors";
      assertThat(get(url, null).statusCode()).as("%s without credentials", url).isEqualTo(401);
      assertThat(get(url, basic(SecurityProfile.REST_USER, "wrong")).statusCode()).as("%s, wrong password", url)
          .isEqualTo(401);
      assertThat(get(url, basic("nobody", security.restPassword())).statusCode()).as("%s, unknown user", url)
          .isEqualTo(401);
      assertThat(get(url, security.restAuthorization()).statusCode()).as("%s, right password", url).isEqualTo(200);
    }
  }

  @Test
  void theRegistryIsHttpsWithBasicAuth() throws Exception {
    String url = platform.schemaRegistryUrl() + "/subjects";
    assertThat(url).startsWith("https://127.0.0.1:");
    HttpClient trusting = HttpClient.newBuilder().sslContext(security.sslContext())
        .connectTimeout(Duration.ofSeconds(5)).build();
    assertThat(get(trusting, url, null).statusCode()).as("registry without credentials").isEqualTo(401);
    assertThat(get(trusting, url, basic(SecurityProfile.REGISTRY_ADMIN_USER, "wrong")).statusCode())
        .as("registry, wrong password").isEqualTo(401);
    HttpResponse<String> subjects = get(trusting, url, security.registryAuthorization());
    assertThat(subjects.statusCode()).as("registry, right password").isEqualTo(200);
    // The converters registered the feeds' schemas through it, as the converters' user.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (JSON.readTree(subjects.body()).size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(2000);
      subjects = get(trusting, url, security.registryAuthorization());
    }
    assertThat(JSON.readTree(subjects.body()).toString()).contains("logins-value", "iot.readings-value",
        "stock.ticks-value");
    // A client that does not trust the demo's CA does not get a TLS session.
    Throwable untrusted = catchThrowable(() -> get(url, security.registryAuthorization()));
    assertThat(untrusted).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
  }

  @Test
  void theConnectorConfigsShowPlaceholdersAndNoSecret() throws Exception {
    List<String> secrets = new ArrayList<>();
    security.kafkaUsers().forEach(user -> secrets.add(security.password(user)));
    secrets.add(security.restPassword());
    secrets.add(security.registryPassword(SecurityProfile.REGISTRY_ADMIN_USER));
    secrets.add(security.registryPassword(SecurityProfile.REGISTRY_CONVERTER_USER));
    secrets.add(platform.postgres().password());
    secrets.add(tlsPassword());
    for (String name : List.of("fraud-sink", "logins", "iot-sink", "iot-sensors")) {
      for (String path : List.of("/connectors/" + name + "/config", "/connectors/" + name, "/connectors/" + name + "/tasks")) {
        HttpResponse<String> response = get(platform.restUrls().get(1) + path, security.restAuthorization());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        for (String secret : secrets) {
          assertThat(response.body()).as("GET %s", path).doesNotContain(secret);
        }
      }
      JsonNode config = JSON.readTree(get(platform.restUrls().get(1) + "/connectors/" + name + "/config",
          security.restAuthorization()).body());
      assertThat(config.path("producer.override.sasl.jaas.config").asText())
          .isEqualTo("${directory:" + security.dir() + ":kafka-" + DemoAcls.principal(name) + ".jaas}");
      assertThat(config.path("value.converter.basic.auth.user.info").asText())
          .isEqualTo("${directory:" + security.dir() + ":registry-user-info}");
      if (config.has("connection.password")) {
        assertThat(config.path("connection.password").asText())
            .isEqualTo("${directory:" + security.dir() + ":" + DemoPlatform.PG_PASSWORD_SECRET + "}");
      }
    }
    try (Stream<Path> files = Files.list(security.dir())) {
      files.filter(f -> !f.getFileName().toString().endsWith(".crt") && !f.getFileName().toString().endsWith(".csr"))
          .forEach(f -> assertThat(permissions(f)).as("%s", f).isEqualTo("rw-------"));
    }
    assertThat(permissions(security.dir())).isEqualTo("rwx------");
  }

  private Map<String, Long> feedRows() throws Exception {
    Map<String, Long> rows = new HashMap<>();
    try (Connection c = platform.postgres().connect(); Statement s = c.createStatement()) {
      for (String table : FEED_TABLES) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
          rs.next();
          rows.put(table, rs.getLong(1));
        } catch (java.sql.SQLException e) {
          // not created yet
        }
      }
    }
    return rows;
  }

  private String tlsPassword() throws Exception {
    java.util.Properties tls = new java.util.Properties();
    try (var in = Files.newBufferedReader(security.dir().resolve("tls.properties"))) {
      tls.load(in);
    }
    return tls.getProperty("truststore.password");
  }

  private Map<String, Object> tls() {
    Map<String, Object> props = new HashMap<>();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
    Map<String, Object> valid = security.clientConfig(SecurityProfile.ADMIN);
    for (String key : List.of("ssl.truststore.location", "ssl.truststore.type", "ssl.truststore.password")) {
      props.put(key, valid.get(key));
    }
    return props;
  }

  private Map<String, Object> client(String user, Map<String, Object> extra) {
    Map<String, Object> props = new HashMap<>(security.clientConfig(user));
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
    props.putAll(extra);
    return props;
  }

  private KafkaConsumer<String, String> consumer(String user, String group) {
    return new KafkaConsumer<>(client(user, Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20000)), new StringDeserializer(), new StringDeserializer());
  }

  private Admin admin(Map<String, Object> props) {
    Map<String, Object> all = new HashMap<>(props);
    all.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
    all.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
    all.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 6000);
    return Admin.create(all);
  }

  private static HttpResponse<String> get(String url, String authorization) throws Exception {
    return get(HTTP, url, authorization);
  }

  private static HttpResponse<String> get(HttpClient client, String url, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String permissions(Path path) {
    try {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Throwable rootCause(Throwable error) {
    assertThat(error).as("the client's failure").isNotNull();
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
