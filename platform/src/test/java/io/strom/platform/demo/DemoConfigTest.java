package io.strom.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.provider.EnvVarConfigProvider;
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

  /**
   * The workers' env ConfigProvider, built as Connect builds it from config/connect-distributed.properties
   * (Kafka's own EnvVarConfigProvider with the config.providers.env.param.* keys): it resolves the
   * variables the shipped connectors reference and refuses every other variable of the worker.
   */
  @Test
  void theWorkersEnvProviderResolvesOnlyStromVariables() throws Exception {
    Properties worker = new Properties();
    try (var in = Files.newInputStream(CONFIG.resolve("connect-distributed.properties"))) {
      worker.load(in);
    }
    assertThat(worker.getProperty("config.providers.env.class")).isEqualTo(EnvVarConfigProvider.class.getName());
    Map<String, String> params = new HashMap<>();
    String prefix = "config.providers.env.param.";
    worker.stringPropertyNames().stream().filter(k -> k.startsWith(prefix))
        .forEach(k -> params.put(k.substring(prefix.length()), worker.getProperty(k)));
    Pattern allowed = Pattern.compile(params.get("allowlist.pattern"));
    for (String name : DEMO_ENV) {
      assertThat(allowed.matcher(name).matches()).as("the allow-list lets %s through", name).isTrue();
    }
    try (EnvVarConfigProvider provider = new EnvVarConfigProvider()) {
      provider.configure(params);
      Set<String> present = System.getenv().keySet().stream().filter(n -> !allowed.matcher(n).matches())
          .limit(5).collect(Collectors.toSet());
      assertThat(present).as("some worker variables outside the allow-list (PATH, HOME...)").isNotEmpty();
      assertThat(provider.get("", present).data()).as("what ${env:...} resolves of %s", present).isEmpty();
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
