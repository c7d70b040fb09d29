package io.strom.platform.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server properties of docker-compose's profile {@code secure} (config/secure/) hold what
 * {@code ./strom demo --secure} gives its servers, its secrets folder where the compose volume is
 * mounted; only the addresses differ, and the registry's keys where Confluent's registry names
 * them otherwise than Strom's.
 */
class SecureComposeConfigTest {

  private static final String SECRETS = "/etc/kafka/secrets";
  private static final Path SECURE = Path.of("..", "config", "secure");

  @TempDir
  static Path tmp;
  private static SecurityProfile demo;

  @BeforeAll
  static void create() {
    demo = SecurityProfile.create(tmp.resolve("secrets"), List.of("connect", "registry"));
  }

  @Test
  void theWorkersAddExactlyWhatTheSecureDemoAddsToItsWorkers() {
    Map<String, String> compose = read("connect-worker.properties");
    // The demo sets the broker's address itself, as for every worker.
    assertThat(compose.remove("bootstrap.servers")).isEqualTo("secure-kafka:9092");
    assertThat(compose).isEqualTo(inVolume(demo.workerProperties("connect", "env")));
  }

  @Test
  void theBrokerHasTheSecureDemosSettingsOnTheComposeListeners() {
    Map<String, String> compose = read("server.properties");
    Map<String, String> expected = inVolume(demo.brokerProperties(9092, 9093));
    for (String address : Set.of("listeners", "advertised.listeners", "listener.security.protocol.map")) {
      expected.remove(address);
    }
    assertThat(compose).containsAllEntriesOf(expected);
    // Every listener but the controller's is SASL_SSL, each with the super user's JAAS entry.
    assertThat(compose.get("listener.security.protocol.map")).isEqualTo("SASL_SSL:SASL_SSL,SASL_SSL_HOST:SASL_SSL,CONTROLLER:SSL");
    assertThat(compose.get("listener.name.sasl_ssl_host.scram-sha-512.sasl.jaas.config"))
        .isEqualTo(compose.get("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config"));
    assertThat(compose.get("advertised.listeners")).isEqualTo("SASL_SSL://secure-kafka:9092,SASL_SSL_HOST://localhost:29094");
  }

  @Test
  void theRegistryHasTheSecureDemosSettingsInConfluentsKeys() {
    Map<String, String> compose = read("schema-registry.properties");
    Map<String, String> expected = new LinkedHashMap<>();
    inVolume(demo.registryProperties(8081, "registry")).forEach((key, value) -> {
      if (key.startsWith("kafkastore.client.")) {
        // Confluent's registry hands every kafkastore.* key to its Kafka clients.
        expected.put("kafkastore." + key.substring("kafkastore.client.".length()), value);
      } else if (!Set.of("listeners", "authentication.users.file").contains(key)) {
        expected.put(key, value);
      }
    });
    assertThat(compose).containsAllEntriesOf(expected);
    assertThat(compose.get("listeners")).isEqualTo("https://0.0.0.0:8081");
    // Confluent's basic auth is a JAAS realm (generate-secrets.sh writes registry.jaas for it).
    assertThat(compose).containsEntry("authentication.realm", "SchemaRegistry").containsEntry("authentication.roles", "user");
  }

  @Test
  void theToolsLogInAsTheSuperUserOverTheDemosTransport() {
    Map<String, String> compose = read("admin.properties");
    Map<String, Object> client = demo.clientConfig(SecurityProfile.ADMIN);
    assertThat(compose).containsEntry("security.protocol", (String) client.get("security.protocol"))
        .containsEntry("sasl.mechanism", (String) client.get("sasl.mechanism"))
        .containsEntry("sasl.jaas.config", "${directory:" + SECRETS + ":kafka-admin.jaas}")
        .containsEntry("ssl.truststore.password", "${file:" + SECRETS + "/tls.properties:truststore.password}");
  }

  private static Map<String, String> read(String file) {
    Properties props = PropertiesFile.read(SECURE.resolve(file));
    Map<String, String> map = new LinkedHashMap<>();
    props.stringPropertyNames().forEach(key -> map.put(key, props.getProperty(key)));
    return map;
  }

  private static Map<String, String> inVolume(Map<String, String> props) {
    Map<String, String> mapped = new LinkedHashMap<>();
    props.forEach((key, value) -> mapped.put(key, value.replace(demo.dir().toString(), SECRETS)));
    return mapped;
  }
}
