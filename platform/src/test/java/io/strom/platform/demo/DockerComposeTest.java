package io.strom.platform.demo;

import static io.strom.platform.demo.ComposeScripts.COMPOSE_FILE;
import static io.strom.platform.demo.ComposeScripts.CONFIG;
import static io.strom.platform.demo.ComposeScripts.asComposeRunsIt;
import static io.strom.platform.demo.ComposeScripts.onPath;
import static io.strom.platform.demo.ComposeScripts.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strom.platform.demo.ComposeScripts.FakeConnect;
import io.strom.platform.demo.ComposeScripts.Request;
import io.strom.platform.demo.ComposeScripts.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripts in docker-compose.yml, run here as the containers run them: the {@code deploy}
 * service's command with {@code /bin/sh} and the real {@code curl} against a stand-in for Connect's
 * REST API, and the workers' healthcheck with {@code bash}. No Docker engine needed.
 */
class DockerComposeTest {

  private static final Path SHIPPED_CONNECTORS = CONFIG.resolve("connectors");
  private static final String CONNECT_PORT_IN_HEALTHCHECK = "/dev/tcp/127.0.0.1/8083";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void deployPutsTheConfigOfEveryShippedConnectorAndRetriesARebalance() throws Exception {
    List<Path> files = jsonFiles(SHIPPED_CONNECTORS);
    assertThat(files).hasSizeGreaterThanOrEqualTo(6);
    // Connect answers 409 while the workers rebalance; the second PUT of each connector succeeds.
    try (FakeConnect connect = new FakeConnect((request, earlier) -> earlier == 0 ? 409 : 200)) {
      Run run = deploy(connect.port(), SHIPPED_CONNECTORS, 3);

      assertThat(run.exitCode()).as(run.output()).isZero();
      for (Path file : files) {
        JsonNode connector = JSON.readTree(file.toFile());
        String path = "/connectors/" + connector.get("name").asText() + "/config";
        List<Request> puts = connect.requestsTo(path);
        assertThat(puts).as("%s: %s", file, run.output()).hasSize(2).allSatisfy(put -> {
          assertThat(put.method()).isEqualTo("PUT");
          assertThat(put.contentType()).isEqualTo("application/json");
          assertThat(JSON.readTree(put.body())).as("body of %s", path).isEqualTo(connector.get("config"));
        });
      }
      assertThat(connect.requests()).hasSize(2 * files.size());
    }
  }

  @Test
  void deployFindsBothKeysWhereverTheyAreWhateverTheStringsHold() throws Exception {
    // "config" first, a nested "name" and "config", braces, commas, colons, escaped quotes and a
    // backslash inside strings: what a pattern would cut in the wrong place.
    String config = """
        {"name": "tricky", "rules": "CREATE STREAM s WITH (KAFKA_TOPIC='t'); {\\"a\\": [1, 2]}, b: \\\\ }",
         "table.name.format": "${env:PREFIX}_${topic}", "nested.config": "{\\"config\\": 1}"}""";
    Path dir = Files.createDirectories(tmp.resolve("connectors"));
    Files.writeString(dir.resolve("tricky.json"),
        "{\n  \"config\" : " + config + ",\n  \"other\": {\"name\": \"wrong\", \"config\": {}},\n  \"name\" : \"tricky\"\n}\n");
    try (FakeConnect connect = new FakeConnect((request, earlier) -> 201)) {
      Run run = deploy(connect.port(), dir, 1);

      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(connect.requests()).singleElement().satisfies(put -> {
        assertThat(put.path()).isEqualTo("/connectors/tricky/config");
        assertThat(JSON.readTree(put.body())).isEqualTo(JSON.readTree(config));
      });
    }
  }

  @Test
  void deployFailsOnceItsAttemptsRunOut() throws Exception {
    try (FakeConnect connect = new FakeConnect((request, earlier) -> 500)) {
      Run run = deploy(connect.port(), SHIPPED_CONNECTORS, 3);

      assertThat(run.exitCode()).as(run.output()).isNotZero();
      assertThat(run.output()).contains("HTTP 500, attempt 3 of 3", "not deployed");
      // It stops at the first connector it cannot deploy.
      assertThat(connect.requests()).hasSize(3).extracting(Request::path).containsOnly(connect.requests().get(0).path());
    }
  }

  @Test
  void deployFailsWhenNothingAnswers() throws Exception {
    int port;
    try (FakeConnect stopped = new FakeConnect((request, earlier) -> 200)) {
      port = stopped.port();
    }

    Run run = deploy(port, SHIPPED_CONNECTORS, 2);

    assertThat(run.exitCode()).as(run.output()).isNotZero();
    assertThat(run.output()).contains("HTTP 000, attempt 2 of 2");
  }

  @Test
  void workerIsHealthyOnlyWhenItsHealthEndpointSays200() throws Exception {
    JsonNode test = COMPOSE_FILE.path("x-connect").path("healthcheck").path("test");
    assertThat(test.get(0).asText()).isEqualTo("CMD");
    assertThat(test.get(1).asText()).isEqualTo("bash");
    String script = asComposeRunsIt(test.get(3).asText());
    assertThat(script).contains(CONNECT_PORT_IN_HEALTHCHECK);

    for (int status : new int[] {200, 503, 500}) {
      try (FakeConnect connect = new FakeConnect((request, earlier) -> status)) {
        String here = script.replace(CONNECT_PORT_IN_HEALTHCHECK, "/dev/tcp/127.0.0.1/" + connect.port());
        Run run = run(tmp, List.of("bash", test.get(2).asText(), here), Map.of());

        assertThat(run.exitCode() == 0).as("healthy on HTTP %d: %s", status, run.output()).isEqualTo(status == 200);
        assertThat(connect.requests()).singleElement().satisfies(get -> {
          assertThat(get.method()).isEqualTo("GET");
          assertThat(get.path()).isEqualTo("/health");
        });
      }
    }
  }

  @Test
  void brokerKeepsItsLogInTheVolumeAndAdvertisesAListenerToTheHost() {
    JsonNode kafka = COMPOSE_FILE.path("services").path("kafka");
    JsonNode env = kafka.path("environment");
    // The sink's offsets live in postgres-data; the topics must outlive `down` / `up` as well.
    assertThat(kafka.path("volumes").toString()).contains("\"kafka-data:" + env.path("KAFKA_LOG_DIRS").asText() + "\"");
    assertThat(env.path("CLUSTER_ID").asText()).as("a fixed cluster id, so the formatted volume is reused").isNotEmpty();
    assertThat(env.path("KAFKA_LISTENERS").asText()).contains("PLAINTEXT_HOST://:29092");
    assertThat(env.path("KAFKA_ADVERTISED_LISTENERS").asText()).contains("PLAINTEXT://kafka:9092", "PLAINTEXT_HOST://localhost:29092");
    assertThat(env.path("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").asText()).contains("PLAINTEXT_HOST:PLAINTEXT");
    // The host listener and the JMX exporter's metrics.
    assertThat(kafka.path("ports").toString()).isEqualTo("[\"29092:29092\",\"9404:9404\"]");
  }

  @Test
  void brokerAndWorkersRunTheJmxExporterAgentWithTheRulesOfMonitoring() {
    // The workers' settings are in the x-connect anchor (this reader does not merge "<<").
    Map<String, JsonNode> services = Map.of("kafka-broker.yml", COMPOSE_FILE.path("services").path("kafka"),
        "kafka-connect.yml", COMPOSE_FILE.path("x-connect"));
    services.forEach((rules, service) -> {
      assertThat(service.path("environment").path("KAFKA_OPTS").asText()).as("KAFKA_OPTS with %s", rules)
          .isEqualTo("-javaagent:/opt/jmx-exporter/jmx_prometheus_javaagent.jar=9404:/etc/strom-monitoring/" + rules);
      assertThat(service.path("volumes").toString()).as("volumes with %s", rules)
          .contains("./distribution/target/jmx-exporter:/opt/jmx-exporter:ro", "./monitoring/jmx-exporter:/etc/strom-monitoring:ro");
      assertThat(Path.of("..", "monitoring", "jmx-exporter", rules)).isRegularFile();
    });
    // Every Kafka tool in the broker's container gets KAFKA_OPTS: the healthcheck's JVM would try
    // to take port 9404 too.
    assertThat(COMPOSE_FILE.path("services").path("kafka").path("healthcheck").path("test").get(1).asText())
        .startsWith("KAFKA_OPTS= ");
  }

  private Run deploy(int connectPort, Path connectors, int attempts) throws Exception {
    assertThat(onPath("curl")).as("the deploy script runs curl; install Debian's curl").isTrue();
    JsonNode deploy = COMPOSE_FILE.path("services").path("deploy");
    assertThat(deploy.path("entrypoint").toString()).isEqualTo("[\"/bin/sh\",\"-c\"]");
    String script = asComposeRunsIt(deploy.path("command").get(0).asText());
    return run(tmp, List.of("/bin/sh", "-c", script), Map.of(
        "DEPLOY_CONNECT_URL", "http://127.0.0.1:" + connectPort,
        "DEPLOY_CONNECTORS_DIR", connectors.toAbsolutePath().toString(),
        "DEPLOY_ATTEMPTS", Integer.toString(attempts),
        "DEPLOY_RETRY_SECONDS", "0"));
  }

  private static List<Path> jsonFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }
}
