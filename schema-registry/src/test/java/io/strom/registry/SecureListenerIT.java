package io.strom.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strom.testkit.TestKeystores;
import java.io.FileInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The registry over TLS with HTTP basic authentication, its passwords read through a config provider. */
@Timeout(120)
class SecureListenerIT {

  private static EmbeddedKafkaCluster kafka;

  @BeforeAll
  static void start() {
    kafka = new EmbeddedKafkaCluster(1, new Properties());
    kafka.start();
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.stop();
    }
  }

  @Test
  void answersOnlyUsersOfItsFileOverTls(@TempDir Path dir) throws Exception {
    TestKeystores tls = TestKeystores.create(dir);
    Path users = dir.resolve("users.properties");
    Files.writeString(users, "# Jetty's format\nconnect: s3cret,user\nui: other\n");
    Path secrets = dir.resolve("secrets.properties");
    Files.writeString(secrets, "keystore.password=" + tls.password() + "\n");
    // The settings hold a variable, not the password: the file config provider reads it at start.
    Map<String, String> settings = Map.of(
        SchemaRegistryServer.LISTENERS_CONFIG, "https://127.0.0.1:0",
        SchemaRegistryServer.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        SchemaRegistryServer.TOPIC_CONFIG, "_schemas_secure",
        "ssl.keystore.location", tls.keystore().toString(),
        "ssl.keystore.password", "${file:" + secrets + ":keystore.password}",
        ListenerSecurity.AUTHENTICATION_METHOD_CONFIG, "BASIC",
        ListenerSecurity.USERS_FILE_CONFIG, users.toString(),
        "config.providers", "file",
        "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
    try (SchemaRegistryServer registry = SchemaRegistryServer.start(settings)) {
      assertThat(registry.url()).startsWith("https://127.0.0.1:");
      HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(tls)).build();

      assertThat(get(trusting, registry, null).statusCode()).isEqualTo(401);
      assertThat(get(trusting, registry, null).headers().firstValue("WWW-Authenticate"))
          .hasValue("Basic realm=\"SchemaRegistry\", charset=\"UTF-8\"");
      assertThat(get(trusting, registry, "connect:wrong").statusCode()).isEqualTo(401);
      assertThat(get(trusting, registry, "nobody:s3cret").statusCode()).isEqualTo(401);
      HttpResponse<String> ok = get(trusting, registry, "connect:s3cret");
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("[]");
      assertThat(get(trusting, registry, "ui:other").statusCode()).isEqualTo(200);

      // A client that trusts only the JDK's CAs refuses the self-signed certificate.
      assertThatThrownBy(() -> get(HttpClient.newHttpClient(), registry, "connect:s3cret"))
          .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("PKIX path building failed");
    }
  }

  private static HttpResponse<String> get(HttpClient client, SchemaRegistryServer registry, String userInfo)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry.url() + "/subjects"));
    if (userInfo != null) {
      request.header("Authorization",
          "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static SSLContext trusting(TestKeystores tls) throws Exception {
    KeyStore truststore = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(tls.truststore().toFile())) {
      truststore.load(in, tls.password().toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(truststore);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
