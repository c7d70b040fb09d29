package io.strom.platform.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strom.platform.process.Folders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The config folder a quality run deploys on the embedded platform: the worker, registry and topic
 * files of {@code config/}, the rule files under test, and connectors of its own: one finite source
 * per feed and one PostgreSQL sink per rule file hosting all of that file's rules.
 */
final class QualityDeployment {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TOPIC = Pattern.compile("kafka_topic\\s*=\\s*'([^']+)'", Pattern.CASE_INSENSITIVE);
  private static final String AVRO = "io.strom.avro.AvroConverter";

  /** A sink of the run: its name, the topics it reads and whether it writes the records' own rows. */
  record Sink(String name, Set<String> topics, boolean writesRecords) {}

  private final Path dir;
  private final List<Sink> sinks = new ArrayList<>();

  private QualityDeployment(Path dir) {
    this.dir = dir;
  }

  /** Writes the folder {@code dir} (emptied first) from {@code configDir}, {@code rulesDir} and the feeds. */
  static QualityDeployment write(Path dir, Path configDir, Path rulesDir, List<QualityFeed> feeds) {
    QualityDeployment deployment = new QualityDeployment(dir);
    Folders.delete(dir);
    Path connectors = Folders.create(dir.resolve("connectors"));
    Path rules = Folders.create(dir.resolve("rules"));
    try {
      for (String file : List.of("connect-distributed.properties", "schema-registry.properties", "topics.properties")) {
        Files.copy(configDir.resolve(file), dir.resolve(file));
      }
      for (QualityFeed feed : feeds) {
        writeJson(connectors.resolve("source-" + feed.name() + ".json"), "quality-" + feed.name(), source(feed));
      }
      Set<String> written = new LinkedHashSet<>();
      for (Path file : ScoredRule.sqlFiles(rulesDir)) {
        Files.copy(file, rules.resolve(file.getFileName()));
        Set<String> topics = topics(ScoredRule.read(file));
        if (topics.isEmpty()) {
          continue;
        }
        String stem = file.getFileName().toString().replaceAll("\\.sql$", "").toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-");
        // the records' own rows once per topic: the progress counts them
        boolean writesRecords = written.addAll(topics);
        Sink sink = new Sink("quality-sink-" + stem, topics, writesRecords);
        deployment.sinks.add(sink);
        writeJson(connectors.resolve("sink-" + stem + ".json"), sink.name(),
            sink(String.join(",", topics), file.getFileName().toString(), writesRecords));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the quality config in " + dir, e);
    }
    return deployment;
  }

  Path dir() {
    return dir;
  }

  List<Sink> sinks() {
    return sinks;
  }

  static Set<String> topics(String script) {
    Set<String> topics = new LinkedHashSet<>();
    Matcher m = TOPIC.matcher(script.replaceAll("--[^\\n]*", " "));
    while (m.find()) {
      topics.add(m.group(1));
    }
    return topics;
  }

  private static ObjectNode source(QualityFeed feed) {
    ObjectNode config = JSON.createObjectNode();
    config.put("connector.class", feed.connectorClass());
    config.put("tasks.max", "1");
    feed.props().forEach(config::put);
    config.put("exactly.once.support", "required");
    converters(config);
    return config;
  }

  private static ObjectNode sink(String topics, String rulesFile, boolean writesRecords) {
    ObjectNode config = JSON.createObjectNode();
    config.put("connector.class", "io.strom.sink.PostgresSinkConnector");
    config.put("tasks.max", "2");
    config.put("topics", topics);
    config.put("connection.url", "${env:STROM_PG_URL}");
    config.put("connection.user", "${env:STROM_PG_USER}");
    config.put("connection.password", "${env:STROM_PG_PASSWORD}");
    config.put("insert.mode", "insert");
    config.put("auto.create", "true");
    config.put("auto.evolve", "true");
    config.put("write.records", Boolean.toString(writesRecords));
    config.put("rules.file", "${env:STROM_CONFIG_DIR}/rules/" + rulesFile);
    // the sink's default, set here because the report reads this table
    config.put("late.records.table", AlertStore.LATE_TABLE);
    converters(config);
    config.put("errors.tolerance", "all");
    config.put("errors.deadletterqueue.topic.name", "strom.dlq");
    config.put("errors.deadletterqueue.topic.replication.factor", "1");
    config.put("errors.deadletterqueue.context.headers.enable", "true");
    return config;
  }

  private static void converters(ObjectNode config) {
    config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("value.converter", AVRO);
    config.put("value.converter.schema.registry.url", "${env:STROM_SCHEMA_REGISTRY_URL}");
  }

  private static void writeJson(Path file, String name, ObjectNode config) throws IOException {
    ObjectNode connector = JSON.createObjectNode();
    connector.put("name", name);
    connector.set("config", config);
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), connector);
  }
}
