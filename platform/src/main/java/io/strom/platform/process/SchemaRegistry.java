package io.strom.platform.process;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Strom's Confluent-compatible schema registry as its own process, started like Confluent's
 * {@code schema-registry-start schema-registry.properties}: one properties file ({@code --config}) with Confluent's
 * keys, where the demo replaces the listener and the Kafka address.
 */
public final class SchemaRegistry implements AutoCloseable {

  private static final String MAIN_CLASS = "io.strom.registry.SchemaRegistryServer";

  private final JavaProcess process;
  private final int port;
  /** Null: plain http without authentication. */
  private final SecurityProfile security;

  private SchemaRegistry(JavaProcess process, int port, SecurityProfile security) {
    this.process = process;
    this.port = port;
    this.security = security;
  }

  public static SchemaRegistry start(Properties template, String bootstrapServers, Path workDir, Path logDir) {
    return start(template, bootstrapServers, workDir, logDir, LogFormat.TEXT);
  }

  /** As above, the registry logging in {@code logFormat}. */
  public static SchemaRegistry start(Properties template, String bootstrapServers, Path workDir, Path logDir,
                                     LogFormat logFormat) {
    return start(template, bootstrapServers, workDir, logDir, logFormat, null, null);
  }

  /**
   * As above; with {@code security} (null: none) the registry listens on https with HTTP basic
   * auth, and its Kafka clients ({@code kafkastore.client.*}) authenticate as {@code principal}
   * over SASL_SSL.
   */
  public static SchemaRegistry start(Properties template, String bootstrapServers, Path workDir, Path logDir,
                                     LogFormat logFormat, SecurityProfile security, String principal) {
    int port = Ports.free();
    Properties props = new Properties();
    props.putAll(template);
    props.setProperty("listeners", "http://127.0.0.1:" + port);
    props.setProperty("kafkastore.bootstrap.servers", bootstrapServers);
    if (security != null) {
      SecurityProfile.apply(props, security.registryProperties(port, principal));
    }
    Path config = workDir.resolve("schema-registry.properties");
    PropertiesFile.write(config, props, "Strom demo: schema registry (from config/schema-registry.properties)");
    JavaProcess process = JavaProcess.start("schema-registry", Classpaths.full(), MAIN_CLASS,
        List.of("--config", config.toString()), List.of("-Xmx256m", "-XX:+UseSerialGC"), Map.of(),
        logDir.resolve("schema-registry.log"), logFormat);
    SchemaRegistry registry = new SchemaRegistry(process, port, security);
    process.awaitReady("schema registry", Duration.ofSeconds(60), registry::answers);
    return registry;
  }

  public String url() {
    return (security != null ? "https" : "http") + "://127.0.0.1:" + port;
  }

  private boolean answers() {
    HttpClient.Builder client = HttpClient.newBuilder();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + "/subjects")).timeout(Duration.ofSeconds(2));
    if (security != null) {
      client.sslContext(security.sslContext());
      request.header("Authorization", security.registryAuthorization());
    }
    try {
      HttpResponse<Void> response = client.build().send(request.build(), HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
