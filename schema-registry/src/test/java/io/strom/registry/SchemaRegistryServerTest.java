package io.strom.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of the registry process, and the parts of the API that need no store. */
class SchemaRegistryServerTest {

  @Test
  void flagsOverrideThePropertiesFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("registry.properties");
    Files.writeString(file, "listeners=http://0.0.0.0:8081\nkafkastore.bootstrap.servers=file:9092\n"
        + "kafkastore.topic=_from_file\nschema.compatibility.level=full\n");
    Map<String, String> config = SchemaRegistryServer.parseArgs(
        new String[] {"--bootstrap-servers", "flag:9092", "--config", file.toString(), "--port", "18081"});
    assertThat(config).containsEntry("kafkastore.bootstrap.servers", "flag:9092")
        .containsEntry("kafkastore.topic", "_from_file")
        .containsEntry("schema.compatibility.level", "full")
        .containsEntry("listeners", "http://0.0.0.0:18081");
    assertThat(SchemaRegistryServer.parseArgs(new String[] {"--host", "127.0.0.1"}))
        .containsEntry("listeners", "http://127.0.0.1:8081");
    assertThatThrownBy(() -> SchemaRegistryServer.parseArgs(new String[] {"--nope", "1"}))
        .hasMessageContaining("Unknown options: '--nope'");
    assertThatThrownBy(() -> SchemaRegistryServer.parseArgs(new String[] {"--port"}))
        .hasMessageContaining("Missing required parameter for option '--port'");
    assertThatThrownBy(() -> SchemaRegistryServer.start(Map.of()))
        .hasMessageContaining("kafkastore.bootstrap.servers is required");
  }

  @Test
  void negotiatesConfluentsContentTypes() {
    assertThat(RestApi.negotiate(null)).isEqualTo(RestApi.V1_JSON);
    assertThat(RestApi.negotiate("*/*")).isEqualTo(RestApi.V1_JSON);
    assertThat(RestApi.negotiate("application/json")).isEqualTo(RestApi.JSON_TYPE);
    assertThat(RestApi.negotiate("application/vnd.schemaregistry+json")).isEqualTo(RestApi.GENERIC_JSON);
    assertThat(RestApi.negotiate("application/json; q=0.5, application/vnd.schemaregistry.v1+json"))
        .isEqualTo(RestApi.V1_JSON);
    assertThatThrownBy(() -> RestApi.negotiate("text/html"))
        .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.status()).isEqualTo(406));
  }

  @Test
  void parsesVersionsAsConfluentDoes() {
    assertThat(SchemaStore.parseVersion("latest")).isEqualTo(-1);
    assertThat(SchemaStore.parseVersion("-1")).isEqualTo(-1);
    assertThat(SchemaStore.parseVersion("3")).isEqualTo(3);
    for (String bad : new String[] {"0", "-2", "x", "2147483648"}) {
      assertThatThrownBy(() -> SchemaStore.parseVersion(bad))
          .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42202));
    }
  }

  @Test
  void refusesListenerSettingsItCannotHonour(@TempDir Path dir) throws Exception {
    Map<String, String> base = Map.of(SchemaRegistryServer.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
    assertThatThrownBy(() -> SchemaRegistryServer.start(with(base, "listeners", "ftp://127.0.0.1:0")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage())
            .contains("listeners").contains("must be an http:// or https:// URL"));
    assertThatThrownBy(() -> SchemaRegistryServer.start(with(base, "listeners", "https://127.0.0.1:0")))
        .hasMessageContaining("ssl.keystore.location").hasMessageContaining("is required for an https:// listener");
    assertThatThrownBy(() -> SchemaRegistryServer.start(with(base, "authentication.method", "DIGEST")))
        .hasMessageContaining("authentication.method").hasMessageContaining("must be NONE or BASIC");
    assertThatThrownBy(() -> SchemaRegistryServer.start(with(base, "authentication.method", "BASIC")))
        .hasMessageContaining("authentication.users.file").hasMessageContaining("is required");

    Path obfuscated = dir.resolve("obf.properties");
    Files.writeString(obfuscated, "admin: OBF:1v2j1uum1xtv1zej1zer1xtn1uvk1v1v,admin\n");
    assertThatThrownBy(() -> ListenerSecurity.readUsers(obfuscated))
        .hasMessageContaining("user 'admin' has an OBF: password");
    Path empty = dir.resolve("empty.properties");
    Files.writeString(empty, "# nobody\n");
    assertThatThrownBy(() -> ListenerSecurity.readUsers(empty)).hasMessageContaining("has no users");
    Path users = dir.resolve("users.properties");
    Files.writeString(users, "fred: pw1, user, admin\nbarney=pw2\n");
    assertThat(ListenerSecurity.readUsers(users)).containsOnlyKeys("fred", "barney")
        .hasEntrySatisfying("fred", pw -> assertThat(new String(pw, StandardCharsets.UTF_8)).isEqualTo("pw1"));
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> settings = new HashMap<>(base);
    settings.put(key, value);
    return settings;
  }
}
