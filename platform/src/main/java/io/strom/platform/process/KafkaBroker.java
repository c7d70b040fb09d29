package io.strom.platform.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * One Kafka broker in KRaft combined mode (broker and controller in one process), run by Kafka's
 * own {@code kafka.Kafka} main class after {@code kafka.tools.StorageTool format}, exactly as
 * {@code kafka-storage.sh} and {@code kafka-server-start.sh} do.
 */
public final class KafkaBroker implements AutoCloseable {

  private final JavaProcess process;
  private final int port;
  private final JmxExporter exporter;
  /** Null: PLAINTEXT, no authorizer. */
  private final SecurityProfile security;

  private KafkaBroker(JavaProcess process, int port, JmxExporter exporter, SecurityProfile security) {
    this.process = process;
    this.port = port;
    this.exporter = exporter;
    this.security = security;
  }

  public static KafkaBroker start(Path dir) {
    return start(dir, LogFormat.TEXT);
  }

  /** As above, the broker (and the storage tool) logging in {@code logFormat}. */
  public static KafkaBroker start(Path dir, LogFormat logFormat) {
    return start(dir, logFormat, null, null);
  }

  /**
   * As above, with the Prometheus JMX {@code exporter} on the broker's JVM (null: none); with
   * {@code security} (null: none) the broker listens on SASL_SSL with StandardAuthorizer, see
   * {@link SecurityProfile}.
   */
  public static KafkaBroker start(Path dir, LogFormat logFormat, JmxExporter exporter, SecurityProfile security) {
    int port = Ports.free();
    int controllerPort = Ports.free();
    Path config = dir.resolve("server.properties");
    Properties props = new Properties();
    props.setProperty("process.roles", "broker,controller");
    props.setProperty("node.id", "1");
    props.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    props.setProperty("controller.listener.names", "CONTROLLER");
    props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.setProperty("inter.broker.listener.name", "PLAINTEXT");
    props.setProperty("log.dirs", dir.resolve("log").toAbsolutePath().toString());
    // A single broker: every internal topic with one replica.
    props.setProperty("offsets.topic.replication.factor", "1");
    props.setProperty("transaction.state.log.replication.factor", "1");
    props.setProperty("transaction.state.log.min.isr", "1");
    props.setProperty("share.coordinator.state.topic.replication.factor", "1");
    props.setProperty("share.coordinator.state.topic.min.isr", "1");
    props.setProperty("group.initial.rebalance.delay.ms", "0");
    props.setProperty("num.partitions", "3");
    props.setProperty("auto.create.topics.enable", "false");
    if (security != null) {
      SecurityProfile.apply(props, security.brokerProperties(port, controllerPort));
    }
    PropertiesFile.write(config, props, "Strom demo: one KRaft broker+controller");

    String classpath = Classpaths.kafkaOnly();
    List<String> jvm = List.of("-Xmx512m", "-XX:+UseSerialGC");
    format(dir, classpath, jvm, config, logFormat, security);
    List<String> brokerJvm = new ArrayList<>(jvm);
    if (exporter != null) {
      brokerJvm.add(exporter.jvmOption());
    }
    JavaProcess process = JavaProcess.start("kafka", classpath, "kafka.Kafka",
        List.of(config.toString()), brokerJvm, Map.of(), dir.getParent().resolve("logs").resolve("kafka.log"), logFormat);
    KafkaBroker broker = new KafkaBroker(process, port, exporter, security);
    process.awaitReady("Kafka broker", Duration.ofSeconds(90), broker::answers);
    return broker;
  }

  private static void format(Path dir, String classpath, List<String> jvm, Path config, LogFormat logFormat,
                             SecurityProfile security) {
    List<String> args = new ArrayList<>(
        List.of("format", "--ignore-formatted", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
    if (security != null) {
      args.addAll(security.storageFormatArguments());
    }
    JavaProcess storageTool = JavaProcess.start("kafka-storage", classpath, "kafka.tools.StorageTool", args,
        jvm, Map.of(), dir.getParent().resolve("logs").resolve("kafka-storage.log"), logFormat);
    storageTool.waitFor(Duration.ofSeconds(60));
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** The broker's Prometheus metrics endpoint, if it runs the JMX exporter. */
  public Optional<JmxExporter> exporter() {
    return Optional.ofNullable(exporter);
  }

  JavaProcess process() {
    return process;
  }

  /** An admin client of this broker (the caller closes it); on a secured broker, as the super user. */
  public Admin admin() {
    Map<String, Object> props = new HashMap<>(clientConfig());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
    return Admin.create(props);
  }

  /** What any client of this broker needs: its address and, on a secured broker, the super user's login. */
  private Map<String, Object> clientConfig() {
    Map<String, Object> props = new HashMap<>();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    if (security != null) {
      props.putAll(security.clientConfig(SecurityProfile.ADMIN));
    }
    return props;
  }

  private boolean answers() {
    if (!Ports.listening(port)) {
      return false;
    }
    try (Admin admin = admin()) {
      return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
