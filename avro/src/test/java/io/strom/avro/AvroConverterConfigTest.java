package io.strom.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.strom.connect.common.PluginVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Config keys spelled as Confluent's, their validation, and basic auth on the wire. */
class AvroConverterConfigTest {

  private static Map<String, String> config(String... keyValues) {
    Map<String, String> config = new HashMap<>();
    config.put("schema.registry.url", "http://127.0.0.1:1");
    for (int i = 0; i < keyValues.length; i += 2) {
      config.put(keyValues[i], keyValues[i + 1]);
    }
    return config;
  }

  @Test
  void subjectNameStrategiesByConfluentClassNameOrShortName() {
    assertThat(new AvroConverterConfig(config()).subjectNameStrategy(false)).isEqualTo(SubjectNameStrategy.TOPIC_NAME);
    Map<String, SubjectNameStrategy> names = Map.of(
        "io.confluent.kafka.serializers.subject.TopicNameStrategy", SubjectNameStrategy.TOPIC_NAME,
        "io.confluent.kafka.serializers.subject.RecordNameStrategy", SubjectNameStrategy.RECORD_NAME,
        "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy", SubjectNameStrategy.TOPIC_RECORD_NAME,
        "io.confluent.kafka.serializers.subject.strategy.RecordNameStrategy", SubjectNameStrategy.RECORD_NAME,
        "TopicRecordNameStrategy", SubjectNameStrategy.TOPIC_RECORD_NAME,
        "RecordNameStrategy", SubjectNameStrategy.RECORD_NAME);
    names.forEach((name, strategy) -> {
      assertThat(new AvroConverterConfig(config("value.subject.name.strategy", name)).subjectNameStrategy(false))
          .as(name).isEqualTo(strategy);
      assertThat(new AvroConverterConfig(config("key.subject.name.strategy", name)).subjectNameStrategy(true))
          .as(name).isEqualTo(strategy);
    });
    assertThatThrownBy(() -> new AvroConverterConfig(config("value.subject.name.strategy", "com.acme.TopicNameStrategy")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("value.subject.name.strategy")
        .hasMessageContaining("io.confluent.kafka.serializers.subject.RecordNameStrategy");
    assertThatThrownBy(() -> new AvroConverterConfig(config("key.subject.name.strategy", "Sideways")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("key.subject.name.strategy");
  }

  @Test
  void rejectsBadRegistrySettings() {
    AvroConverter converter = new AvroConverter();
    assertThatThrownBy(() -> converter.configure(Map.of(), false))
        .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
    assertThatThrownBy(() -> converter.configure(Map.of("schema.registry.url", "localhost:8081"), false))
        .isInstanceOf(ConfigException.class).hasMessageContaining("not an http:// or https:// URL");
    assertThatThrownBy(() -> converter.configure(config("basic.auth.credentials.source", "USER_INFO"), false))
        .isInstanceOf(ConfigException.class).hasMessageContaining("basic.auth.user.info");
    assertThatThrownBy(() -> converter.configure(config("basic.auth.credentials.source", "SASL_INHERIT"), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("for configuration basic.auth.credentials.source: must be one of URL, USER_INFO");
    assertThatThrownBy(() -> converter.configure(config("auto.register.schemas", "maybe"), false))
        .isInstanceOf(ConfigException.class).hasMessageContaining("auto.register.schemas");
  }

  @Test
  void isAVersionedPluginFoundByServiceLoader() {
    AvroConverter converter = new AvroConverter();
    assertThat(converter.version()).isEqualTo(PluginVersion.get());
    assertThat(converter.config()).isSameAs(AvroConverterConfig.CONFIG_DEF);
    List<String> found = new ArrayList<>();
    ServiceLoader.load(Converter.class).forEach(c -> found.add(c.getClass().getName()));
    assertThat(found).contains(AvroConverter.class.getName());
  }

  @Test
  @Timeout(30)
  void sendsBasicAuthFromUserInfoOrFromTheUrl() throws Exception {
    List<String> authorizations = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      byte[] body = "{\"schema\":\"\\\"string\\\"\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      AvroConverter fromUserInfo = new AvroConverter();
      fromUserInfo.configure(Map.of("schema.registry.url", url, "basic.auth.credentials.source", "USER_INFO",
          "basic.auth.user.info", "alice:s3cret"), false);
      assertThat(fromUserInfo.toConnectData("t", new byte[] {0, 0, 0, 0, 1, 2, 'x'}).value()).isEqualTo("x");

      AvroConverter fromUrl = new AvroConverter();
      fromUrl.configure(Map.of("schema.registry.url", "http://bob:pw%40x@127.0.0.1:" + server.getAddress().getPort()),
          false);
      assertThat(fromUrl.toConnectData("t", new byte[] {0, 0, 0, 0, 1, 2, 'y'}).value()).isEqualTo("y");

      AvroConverter anonymous = new AvroConverter();
      anonymous.configure(Map.of("schema.registry.url", url), false);
      anonymous.toConnectData("t", new byte[] {0, 0, 0, 0, 1, 2, 'z'});

      assertThat(authorizations).containsExactly(
          "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)),
          "Basic " + Base64.getEncoder().encodeToString("bob:pw@x".getBytes(StandardCharsets.UTF_8)),
          "null");
    } finally {
      server.stop(0);
    }
  }
}
