package io.strom.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strom.platform.demo.DemoPlatform;
import io.strom.platform.process.ConnectRest;
import io.strom.platform.process.Folders;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The demo's reading → alert path on the demo's own platform ({@link DemoPlatform}: a KRaft
 * broker, the registry, distributed Connect workers with the plugin archive, PostgreSQL, each its
 * own process, the workers with {@code config/connect-distributed.properties}, so exactly once
 * on both sides as in the demo). It deploys only {@code iot-sensors} and {@code iot-alerts} from
 * {@code config/connectors/}, unchanged but for what a latency bench must set: the source's rate,
 * an unpaced simulated clock (the rate alone sets the pace) and frequent overheat episodes; and the
 * readings topic stamps each record with the broker's append time.
 */
final class DemoPipeline implements AutoCloseable {

  static final String SOURCE = "iot-sensors";
  static final String ALERTS = "iot-alerts";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DemoPlatform platform;
  private final ObjectNode sourceConfig;
  private final ObjectNode alertsConfig;
  private final Path configDir;
  private final int sourceTasks;

  private DemoPipeline(DemoPlatform platform, Path configDir, ObjectNode sourceConfig, ObjectNode alertsConfig) {
    this.platform = platform;
    this.configDir = configDir;
    this.sourceConfig = sourceConfig;
    this.alertsConfig = alertsConfig;
    this.sourceTasks = Integer.parseInt(sourceConfig.path("tasks.max").asText("1"));
  }

  /**
   * Starts the platform in {@code dataDir} (emptied) from a copy of {@code home/config} that holds
   * no connectors, so that the topic is set before the first record; then registers the two.
   */
  static DemoPipeline start(Path home, Path dataDir, Path archive, int workers, double overheatRate,
                            Long offsetFlushMs, PrintStream out) {
    Path configDir = copyConfigWithoutConnectors(home.resolve("config"), dataDir.resolve("config"));
    if (offsetFlushMs != null) {
      setWorkerProperty(configDir, "offset.flush.interval.ms", Long.toString(offsetFlushMs));
    }
    ObjectNode source = connector(home, SOURCE);
    source.put("time.acceleration", "0");
    source.put("scenarios", "overheat:" + overheatRate);
    ObjectNode alerts = connector(home, ALERTS);
    String topic = source.path("topic").asText();
    if (!alerts.path("topics").asText().equals(topic)) {
      throw new IllegalStateException(ALERTS + " does not read " + SOURCE + "'s topic " + topic);
    }
    DemoPlatform platform = DemoPlatform.start(configDir, dataDir.resolve("platform"), archive, workers, out);
    try {
      stampAppendTime(platform.bootstrapServers(), topic);
      DemoPipeline pipeline = new DemoPipeline(platform, configDir, source, alerts);
      pipeline.rest().putConnector(ALERTS, alerts);
      return pipeline;
    } catch (RuntimeException e) {
      platform.close();
      throw e;
    }
  }

  /** Offers {@code recordsPerSecond} in total: the source's per-task token bucket gets its share. */
  void offer(double recordsPerSecond) {
    ObjectNode config = sourceConfig.deepCopy();
    config.put("rate.per.second", String.format(Locale.ROOT, "%.3f", recordsPerSecond / sourceTasks));
    rest().putConnector(SOURCE, config);
  }

  String topic() {
    return sourceConfig.path("topic").asText();
  }

  /** The alert sink's rule settings, for evaluating the same rule beside it. */
  Map<String, String> alertRuleConfig() {
    String prefix = "transforms." + alertsConfig.path("transforms").asText() + ".";
    Map<String, String> rule = new java.util.HashMap<>();
    alertsConfig.fieldNames().forEachRemaining(key -> {
      if (key.startsWith(prefix) && !key.equals(prefix + "type")) {
        rule.put(key.substring(prefix.length()),
            alertsConfig.get(key).asText().replace("${env:STROM_CONFIG_DIR}", configDir.toString()));
      }
    });
    return rule;
  }

  /** The table the alert sink writes. */
  String alertTable() {
    return alertsConfig.path("table.name.format").asText();
  }

  DemoPlatform platform() {
    return platform;
  }

  private ConnectRest rest() {
    return platform.workers().get(0).rest();
  }

  private static ObjectNode connector(Path home, String name) {
    Path file = home.resolve("config").resolve("connectors").resolve(name + ".json");
    try {
      JsonNode node = JSON.readTree(file.toFile());
      ObjectNode config = (ObjectNode) node.get("config");
      config.put("name", name);
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static Path copyConfigWithoutConnectors(Path from, Path to) {
    Folders.delete(to);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path relative = from.relativize(file);
        if (relative.startsWith("connectors")) {
          continue;
        }
        Path target = to.resolve(relative.toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from, e);
    }
    return to;
  }

  /**
   * Changes one line of the copied worker properties, keeping the rest of the file as it is. The
   * sink flushes (one PostgreSQL transaction with rows and offsets) at the worker's offset commit,
   * so {@code offset.flush.interval.ms} bounds how long an alert waits in its buffer; it changes
   * how often the sink commits, not what a commit guarantees.
   */
  private static void setWorkerProperty(Path configDir, String key, String value) {
    Path file = configDir.resolve("connect-distributed.properties");
    try {
      String text = Files.readString(file);
      String line = key + "=" + value;
      String changed = text.replaceAll("(?m)^" + java.util.regex.Pattern.quote(key) + "=.*$", line);
      Files.writeString(file, changed.equals(text) && !text.contains(line) ? text + "\n" + line + "\n" : changed);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The broker, not the simulation, timestamps each reading: when it was appended to the log. */
  private static void stampAppendTime(String bootstrapServers, String topic) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(props)) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      AlterConfigOp op = new AlterConfigOp(new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"),
          AlterConfigOp.OpType.SET);
      admin.incrementalAlterConfigs(Map.of(resource, List.of(op))).all().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot set " + topic + " to LogAppendTime", e);
    }
  }

  @Override
  public void close() {
    platform.close();
  }
}
