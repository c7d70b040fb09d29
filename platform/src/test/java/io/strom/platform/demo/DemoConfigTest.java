package io.strom.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The project's own config/ folder, as the demo, docker-compose.yml and the docs use it: every
 * reference in it must resolve, on every deployment.
 */
class DemoConfigTest {

  private static final Path CONFIG = Path.of("..", "config");
  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)}");
  private static final Set<String> DEMO_ENV = Set.of(DemoPlatform.ENV_REGISTRY_URL, DemoPlatform.ENV_PG_URL,
      DemoPlatform.ENV_PG_USER, DemoPlatform.ENV_PG_PASSWORD, DemoPlatform.ENV_CONFIG_DIR);

  private final DemoConfig config = new DemoConfig(CONFIG);

  @Test
  void everyConnectorHasANameAClassAndTopicsThatAreCreated() {
    List<DemoConfig.Connector> connectors = config.connectors();
    assertThat(connectors).hasSizeGreaterThanOrEqualTo(6);
    Set<String> names = new HashSet<>();
    for (DemoConfig.Connector c : connectors) {
      assertThat(names.add(c.name())).as("unique name %s", c.name()).isTrue();
      assertThat(c.config().path("connector.class").asText()).as("%s connector.class", c.file()).startsWith("io.strom.");
      String topics = c.isSink() ? c.config().path("topics").asText() : c.config().path("topic").asText();
      for (String topic : topics.split(",")) {
        assertThat(config.topics()).as("%s writes or reads %s", c.file(), topic).containsKey(topic.trim());
      }
    }
    assertThat(connectors.stream().filter(DemoConfig.Connector::isSink)).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void everyEnvironmentReferenceIsSetByTheDemoAndByDockerCompose() throws Exception {
    String compose = Files.readString(Path.of("..", "docker-compose.yml"));
    Set<String> referenced = new HashSet<>();
    for (DemoConfig.Connector c : config.connectors()) {
      Matcher m = ENV_REFERENCE.matcher(c.config().toString());
      while (m.find()) {
        referenced.add(m.group(1));
      }
    }
    assertThat(referenced).isNotEmpty();
    assertThat(DEMO_ENV).containsAll(referenced);
    for (String name : referenced) {
      assertThat(compose).as("docker-compose.yml sets %s", name).contains(name + ":");
    }
  }

  @Test
  void everyConnectorWithADeadLetterQueueRetriesAnOutageInsteadOfFillingIt() {
    List<DemoConfig.Connector> tolerant = config.connectors().stream()
        .filter(c -> c.config().path("errors.tolerance").asText("none").equals("all")).toList();
    assertThat(tolerant).isNotEmpty();
    for (DemoConfig.Connector c : tolerant) {
      // Connect's default errors.retry.timeout=0 sends a record to the DLQ on the first
      // RetriableException, e.g. the converter's when the registry does not answer.
      assertThat(c.config().path("errors.retry.timeout").asText("0")).as("%s errors.retry.timeout", c.file()).isEqualTo("-1");
      assertThat(c.config().path("errors.retry.delay.max.ms").asLong(60000)).as("%s errors.retry.delay.max.ms", c.file())
          .isBetween(1000L, 60000L);
    }
  }

  @Test
  void everyRulesFileNamedByAConnectorExists() {
    for (DemoConfig.Connector c : config.connectors()) {
      String rulesFile = c.config().path("rules.file").asText("");
      if (!rulesFile.isEmpty()) {
        Path file = Path.of(rulesFile.replace("${env:" + DemoPlatform.ENV_CONFIG_DIR + "}", CONFIG.toString()));
        assertThat(file).as("%s rules.file", c.file()).isRegularFile();
      }
    }
  }

  @Test
  void rulesAreFoundInEachUseCasesFile() {
    List<DemoConfig.Rule> rules = config.rules();
    assertThat(rules).extracting(r -> r.file().getFileName().toString())
        .contains("iot-monitoring.sql", "fraud-detection.sql", "predictive-analytics.sql");
    assertThat(rules).extracting(DemoConfig.Rule::name).doesNotHaveDuplicates()
        .contains("overheat_alerts", "brute_force_alerts", "price_trends");
    assertThat(rules).filteredOn(DemoConfig.Rule::isAlert).extracting(DemoConfig.Rule::name)
        .contains("overheat_alerts", "price_anomaly_alerts").doesNotContain("device_stats", "price_trends");
    // Source declarations (CREATE STREAM x (...) WITH (...)) are not rules.
    assertThat(rules).extracting(DemoConfig.Rule::name).doesNotContain("readings", "logins", "ticks");
  }
}
