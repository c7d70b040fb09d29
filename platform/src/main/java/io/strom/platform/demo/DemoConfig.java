package io.strom.platform.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strom.platform.process.PropertiesFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The deployment as {@code config/} describes it, the same files a user posts to their own
 * cluster and docker-compose mounts: worker and registry properties, topics, connector JSON and
 * rule files. Machine-specific values are not in the connector JSON: it reads them through the
 * worker's {@code env} config provider ({@code ${env:STROM_PG_URL}} and so on).
 */
final class DemoConfig {

  /** A connector as in {@code config/connectors/*.json}: {@code {"name": ..., "config": {...}}}. */
  record Connector(String name, ObjectNode config, Path file) {
    boolean isSink() {
      String connectorClass = config.path("connector.class").asText("");
      return config.has("topics") || config.has("topics.regex") || connectorClass.contains("Sink");
    }
  }

  /** A rule as declared in {@code config/rules/*.sql}: the target it creates and where it is defined. */
  record Rule(String name, String kind, Path file) {
    /** The sink names rule output tables after the rule, lower case (PostgreSQL folds unquoted names). */
    String table() {
      return name.toLowerCase(Locale.ROOT);
    }

    /** Rules named {@code *_alerts} raise alerts; the others keep aggregates (the view lists only alerts). */
    boolean isAlert() {
      return table().endsWith("_alerts");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CREATE_AS = Pattern.compile(
      "CREATE\\s+(?:OR\\s+REPLACE\\s+)?(STREAM|TABLE)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([A-Za-z_][A-Za-z0-9_]*)"
          + "(?:\\s+WITH\\s*\\([^)]*\\))?\\s+AS\\s+SELECT",
      Pattern.CASE_INSENSITIVE);

  private final Path dir;

  DemoConfig(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
    if (!Files.isRegularFile(this.dir.resolve("connect-distributed.properties"))) {
      throw new IllegalArgumentException(this.dir + " is not a Strom config directory"
          + " (no connect-distributed.properties)");
    }
  }

  Path dir() {
    return dir;
  }

  Properties workerProperties() {
    return PropertiesFile.read(dir.resolve("connect-distributed.properties"));
  }

  Properties registryProperties() {
    return PropertiesFile.read(dir.resolve("schema-registry.properties"));
  }

  /** {@code config/topics.properties}: topic name = partitions. */
  Map<String, Integer> topics() {
    Properties props = PropertiesFile.read(dir.resolve("topics.properties"));
    Map<String, Integer> topics = new LinkedHashMap<>();
    props.stringPropertyNames().stream().sorted()
        .forEach(name -> topics.put(name, Integer.parseInt(props.getProperty(name).trim())));
    return topics;
  }

  /** Every connector file, in file-name order. */
  List<Connector> connectors() {
    List<Connector> connectors = new ArrayList<>();
    for (Path file : list(dir.resolve("connectors"), ".json")) {
      try {
        JsonNode node = JSON.readTree(file.toFile());
        String name = node.path("name").asText(null);
        if (name == null || !(node.get("config") instanceof ObjectNode config)) {
          throw new IllegalArgumentException(file + ": expected {\"name\": ..., \"config\": {...}}");
        }
        connectors.add(new Connector(name, config, file));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return connectors;
  }

  /** The rules the rule files create ({@code CREATE STREAM|TABLE name ... AS SELECT}), in file order. */
  List<Rule> rules() {
    List<Rule> rules = new ArrayList<>();
    for (Path file : list(dir.resolve("rules"), ".sql")) {
      Matcher m = CREATE_AS.matcher(withoutComments(read(file)));
      while (m.find()) {
        rules.add(new Rule(m.group(2), m.group(1).toUpperCase(Locale.ROOT), file));
      }
    }
    return rules;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static String withoutComments(String sql) {
    return sql.replaceAll("--[^\\n]*", " ").replaceAll("(?s)/\\*.*?\\*/", " ");
  }

  private static List<Path> list(Path folder, String suffix) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }
}
