package io.strom.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
}
