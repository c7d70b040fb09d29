package io.strom.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strom.platform.process.SecurityProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code --secure} adds to each connector of config/ before it is PUT: placeholders, never a secret. */
class SecureConnectorConfigTest {

  @TempDir
  static Path tmp;
  private static final DemoConfig CONFIG = new DemoConfig(Path.of("..", "config"));
  private static SecurityProfile security;
  private static String pgPlaceholder;

  @BeforeAll
  static void create() {
    security = SecurityProfile.create(tmp.resolve("secrets"), new DemoAcls(CONFIG).principals());
    pgPlaceholder = security.secret(DemoPlatform.PG_PASSWORD_SECRET, "pg-password-value");
  }

  @Test
  void everyConnectorLogsInAsItsOwnPrincipalAndHoldsNoSecret() {
    List<String> secrets = new ArrayList<>(List.of("pg-password-value", security.restPassword(),
        security.registryPassword(SecurityProfile.REGISTRY_ADMIN_USER),
        security.registryPassword(SecurityProfile.REGISTRY_CONVERTER_USER)));
    security.kafkaUsers().forEach(user -> secrets.add(security.password(user)));
    for (DemoConfig.Connector connector : CONFIG.connectors()) {
      ObjectNode config = connector.config().deepCopy();
      DemoPlatform.secure(security, connector.name(), config, pgPlaceholder);

      String jaas = "${directory:" + security.dir() + ":kafka-" + DemoAcls.principal(connector.name()) + ".jaas}";
      for (String client : List.of("producer", "consumer", "admin")) {
        assertThat(config.path(client + ".override.sasl.jaas.config").asText()).as(connector.name()).isEqualTo(jaas);
      }
      assertThat(config.path("value.converter.basic.auth.credentials.source").asText()).isEqualTo("USER_INFO");
      assertThat(config.path("value.converter.basic.auth.user.info").asText())
          .isEqualTo("${directory:" + security.dir() + ":registry-user-info}");
      assertThat(config.path("value.converter.schema.registry.ssl.truststore.location").asText())
          .isEqualTo(security.tls().truststore().toString());
      assertThat(config.has("key.converter.basic.auth.user.info")).as("the String key converter needs no registry")
          .isFalse();
      if (connector.config().has("connection.password")) {
        assertThat(config.path("connection.password").asText()).isEqualTo(pgPlaceholder);
      }
      assertThat(config.toString()).as(connector.name()).doesNotContain("${env:" + DemoPlatform.ENV_PG_PASSWORD);
      for (String secret : secrets) {
        assertThat(config.toString()).as(connector.name()).doesNotContain(secret);
      }
      // Everything else as in config/.
      for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> entry : connector.config().properties()) {
        if (!entry.getKey().equals("connection.password")) {
          assertThat(config.get(entry.getKey())).as("%s %s", connector.name(), entry.getKey()).isEqualTo(entry.getValue());
        }
      }
    }
  }
}
