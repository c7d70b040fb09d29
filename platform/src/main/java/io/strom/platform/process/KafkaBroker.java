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
 * One Kafka broker in KRaft combined mode (broker and controller in one process), or beside a
 * dedicated controller, run by Kafka's own {@code kafka.Kafka} main class after
 * {@code kafka.tools.StorageTool format}, exactly as {@code kafka-storage.sh} and
 * {@code kafka-server-start.sh} do.
 */
public final class KafkaBroker implements AutoCloseable {

  private static final List<String> JVM = List.of("-Xmx512m", "-XX:+UseSerialGC");

  private final JavaProcess process;
  /** Null in combined mode. */
  private final JavaProcess controller;
  private final int port;
  private final JmxExporter exporter;
  /** Null: PLAINTEXT, no authorizer. */
  private final SecurityProfile security;

  private KafkaBroker(JavaProcess process, JavaProcess controller, int port, JmxExporter exporter,
                      SecurityProfile security) {
    this.process = process;
    this.controller = controller;
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
    Properties props = brokerBase(dir.resolve("log"));
    props.setProperty("process.roles", "broker,controller");
    props.setProperty("node.id", "1");
    props.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    if (security != null) {
      SecurityProfile.apply(props, security.brokerProperties(port, controllerPort));
    }
    Path config = dir.resolve("server.properties");
    PropertiesFile.write(config, props, "Strom demo: one KRaft broker+controller");
    String clusterId = Uuid.randomUuid().toString();
    format(dir, clusterId, config, logFormat, security);
    JavaProcess process = startServer("kafka", config, exporter, dir.getParent().resolve("logs").resolve("kafka.log"),
        logFormat);
    return awaitReady(new KafkaBroker(process, null, port, exporter, security));
  }

  /**
   * One broker and a dedicated KRaft controller, each its own process, as production runs them
   * (Kafka's docs keep combined mode to development). A broker killed here leaves a live
   * controller that fences it, and its restart starts from metadata that says so. In combined
   * mode the restarted process first serves the metadata it died with, which names it leader of
   * every partition: its transaction coordinator sends the commit markers of the transactions it
   * died in the middle of, the new registration then makes every partition leaderless for a
   * moment, and Kafka 4.3.1 skips the markers it cannot route then as if their partitions had
   * been deleted, leaving those transactions open for good on the partitions that missed them
   * (docs/reliability.md, Known limits). PLAINTEXT only.
   */
  public static KafkaBroker startWithDedicatedController(Path dir) {
    int port = Ports.free();
    int controllerPort = Ports.free();
    String voters = "2@127.0.0.1:" + controllerPort;
    Properties controller = new Properties();
    controller.setProperty("process.roles", "controller");
    controller.setProperty("node.id", "2");
    controller.setProperty("controller.quorum.voters", voters);
    controller.setProperty("listeners", "CONTROLLER://127.0.0.1:" + controllerPort);
    controller.setProperty("controller.listener.names", "CONTROLLER");
    controller.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT");
    controller.setProperty("log.dirs", dir.resolve("controller-log").toAbsolutePath().toString());
    Path controllerConfig = dir.resolve("controller.properties");
    PropertiesFile.write(controllerConfig, controller, "Strom: a dedicated KRaft controller");

    Properties broker = brokerBase(dir.resolve("log"));
    broker.setProperty("process.roles", "broker");
    broker.setProperty("node.id", "1");
    broker.setProperty("controller.quorum.voters", voters);
    broker.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port);
    broker.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    Path brokerConfig = dir.resolve("server.properties");
    PropertiesFile.write(brokerConfig, broker, "Strom: one KRaft broker of a dedicated controller");

    String clusterId = Uuid.randomUuid().toString();
    Path logs = dir.getParent().resolve("logs");
    format(dir, clusterId, controllerConfig, LogFormat.TEXT, null);
    format(dir, clusterId, brokerConfig, LogFormat.TEXT, null);
    JavaProcess controllerProcess = startServer("kafka-controller", controllerConfig, null,
        logs.resolve("kafka-controller.log"), LogFormat.TEXT);
    JavaProcess brokerProcess = startServer("kafka", brokerConfig, null, logs.resolve("kafka.log"), LogFormat.TEXT);
    return awaitReady(new KafkaBroker(brokerProcess, controllerProcess, port, null, null));
  }

  /** What every broker here shares: one replica of every internal topic, no auto-created topics. */
  private static Properties brokerBase(Path logDir) {
    Properties props = new Properties();
    props.setProperty("controller.listener.names", "CONTROLLER");
    props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.setProperty("inter.broker.listener.name", "PLAINTEXT");
    props.setProperty("log.dirs", logDir.toAbsolutePath().toString());
    props.setProperty("offsets.topic.replication.factor", "1");
    props.setProperty("transaction.state.log.replication.factor", "1");
    props.setProperty("transaction.state.log.min.isr", "1");
    props.setProperty("share.coordinator.state.topic.replication.factor", "1");
    props.setProperty("share.coordinator.state.topic.min.isr", "1");
    props.setProperty("group.initial.rebalance.delay.ms", "0");
    props.setProperty("num.partitions", "3");
    props.setProperty("auto.create.topics.enable", "false");
    return props;
  }

  /** Kafka's own {@code kafka.Kafka} main class on {@code config}, as {@code kafka-server-start.sh} runs it. */
  static JavaProcess startServer(String name, Path config, JmxExporter exporter, Path log, LogFormat logFormat) {
    List<String> jvm = new ArrayList<>(JVM);
    if (exporter != null) {
      jvm.add(exporter.jvmOption());
    }
    return JavaProcess.start(name, Classpaths.kafkaOnly(), "kafka.Kafka", List.of(config.toString()), jvm, Map.of(),
        log, logFormat);
  }

  private static KafkaBroker awaitReady(KafkaBroker broker) {
    broker.process.awaitReady("Kafka broker", Duration.ofSeconds(90), broker::answers);
    return broker;
  }

  private static void format(Path dir, String clusterId, Path config, LogFormat logFormat, SecurityProfile security) {
    List<String> args = new ArrayList<>(List.of("format", "--ignore-formatted", "-t", clusterId, "-c", config.toString()));
    if (security != null) {
      args.addAll(security.storageFormatArguments());
    }
    JavaProcess storageTool = JavaProcess.start("kafka-storage", Classpaths.kafkaOnly(), "kafka.tools.StorageTool", args,
        JVM, Map.of(), dir.getParent().resolve("logs").resolve("kafka-storage.log"), logFormat);
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
    if (controller != null) {
      controller.close();
    }
  }
}
