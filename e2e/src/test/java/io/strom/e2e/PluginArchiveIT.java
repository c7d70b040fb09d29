package io.strom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strom.platform.demo.DemoPlatform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin archive as a user installs it: a real Connect worker process (Kafka's
 * ConnectDistributed, no Strom jar on its class path) with only the unpacked archive on
 * plugin.path and {@code plugin.discovery=service_load} must list every Strom plugin.
 */
class PluginArchiveIT {

  /** The plugins the archive must hold, whatever else it gains. */
  private static final Set<String> REQUIRED = Set.of(
      "io.strom.source.iot.IotSensorSourceConnector",
      "io.strom.source.login.LoginSourceConnector",
      "io.strom.source.stock.StockTickSourceConnector",
      "io.strom.sink.PostgresSinkConnector",
      "io.strom.avro.AvroConverter",
      "io.strom.smt.RuleTransform$Value",
      "io.strom.smt.RuleMatches");

  /** ServiceLoader manifests of the plugin kinds that GET /connector-plugins lists. */
  private static final List<String> LISTED_KINDS = List.of(
      "org.apache.kafka.connect.source.SourceConnector",
      "org.apache.kafka.connect.sink.SinkConnector",
      "org.apache.kafka.connect.storage.Converter",
      "org.apache.kafka.connect.storage.HeaderConverter",
      "org.apache.kafka.connect.transforms.Transformation",
      "org.apache.kafka.connect.transforms.predicates.Predicate");

  private static final Path ARCHIVE = Path.of(System.getProperty("strom.archive"));
  private static final Path HOME = Path.of(System.getProperty("strom.home"));
  private static final String MINIMUM_KAFKA = System.getProperty("kafka.minimum.version");

  @Test
  void theArchiveIsNamedAndDescribedAsConfluentHubExpects() throws Exception {
    try (ZipFile zip = new ZipFile(ARCHIVE.toFile())) {
      Set<String> tops = new TreeSet<>();
      zip.stream().forEach(e -> tops.add(e.getName().substring(0, e.getName().indexOf('/') + 1)));
      assertThat(tops).as("top folders of %s", ARCHIVE).hasSize(1);
      String top = tops.iterator().next();
      assertThat(ARCHIVE.getFileName().toString()).isEqualTo(top.substring(0, top.length() - 1) + ".zip");
      assertThat(zip.getEntry(top + "doc/LICENSE")).as("doc/LICENSE").isNotNull();
      assertThat(new String(zip.getInputStream(zip.getEntry(top + "doc/LICENSE")).readAllBytes(),
          StandardCharsets.UTF_8)).contains("Apache License", "Version 2.0");

      JsonNode manifest = new ObjectMapper().readTree(zip.getInputStream(zip.getEntry(top + "manifest.json")));
      JsonNode owner = manifest.path("owner");
      assertThat(owner.path("username").asText() + "-" + manifest.path("name").asText() + "-"
          + manifest.path("version").asText() + "/").as("owner-name-version").isEqualTo(top);
      assertThat(owner.path("type").asText()).isIn("user", "organization");
      for (String field : List.of("owner.name", "owner.url", "license.0.name", "license.0.url",
          "support.provider_name", "support.summary", "support.url", "source_url", "documentation_url",
          "title", "description", "release_date")) {
        JsonNode value = manifest;
        for (String part : field.split("\\.")) {
          value = part.matches("\\d+") ? value.path(Integer.parseInt(part)) : value.path(part);
        }
        assertThat(value.asText()).as("manifest.json %s", field).isNotBlank().doesNotContain("${");
        if (field.endsWith("url")) {
          assertThat(URI.create(value.asText()).isAbsolute()).as("%s is absolute: %s", field, value).isTrue();
        }
      }
      assertThat(manifest.path("requirements").toString()).contains("Kafka Connect " + MINIMUM_KAFKA + " or later");
    }
  }

  @Test
  @Timeout(420)
  void aWorkerWithOnlyTheArchiveOnItsPluginPathListsEveryStromPlugin(@TempDir Path tmp) throws Exception {
    Set<String> inArchive = pluginsDeclaredIn(ARCHIVE);
    assertThat(inArchive).as("plugins declared in %s", ARCHIVE).containsAll(REQUIRED);
    assertThat(kafkaJarsIn(ARCHIVE)).as("Kafka runtime jars inside the archive").isEmpty();

    Path config = Files.createDirectories(tmp.resolve("config"));
    for (String file : List.of("connect-distributed.properties", "schema-registry.properties")) {
      Files.copy(HOME.resolve("config").resolve(file), config.resolve(file));
    }
    Files.writeString(config.resolve("topics.properties"), "# none: this test deploys no connector\n");
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    try (DemoPlatform platform = DemoPlatform.start(config, tmp.resolve("data"), ARCHIVE, 1,
        new PrintStream(progress, true, StandardCharsets.UTF_8))) {
      JsonNode plugins = get(platform.restUrls().get(0) + "/connector-plugins?connectorsOnly=false");
      Set<String> listed = new TreeSet<>();
      plugins.forEach(p -> listed.add(p.path("class").asText()));

      assertThat(listed).as("GET /connector-plugins").containsAll(inArchive);
      for (JsonNode plugin : plugins) {
        if (plugin.path("class").asText().startsWith("io.strom.")) {
          assertThat(plugin.path("version").asText()).as("version of %s", plugin.path("class").asText())
              .isNotBlank().isNotEqualTo("undefined");
        }
      }

      assertThat(pluginsListedByTheOldestRuntime(platform.bootstrapServers(), tmp.resolve("data").resolve("plugins"), tmp))
          .as("GET /connector-plugins on Kafka Connect %s", MINIMUM_KAFKA).containsAll(inArchive);
    }
  }

  /**
   * Starts the oldest Connect runtime Strom claims as its own process (its class path resolved by
   * Maven from e2e/src/test/oldest-connect) on the platform's broker, with the unpacked archive as
   * its only plugin path, and returns the classes it lists.
   */
  private static Set<String> pluginsListedByTheOldestRuntime(String bootstrapServers, Path pluginPath, Path tmp)
      throws Exception {
    Path classpathFile = tmp.resolve("oldest-connect.classpath");
    List<String> mvn = List.of("mvn", "-B", "-q", "-f", System.getProperty("strom.oldest.connect.pom"),
        "dependency:build-classpath", "-Dkafka.minimum.version=" + MINIMUM_KAFKA,
        "-Dlog4j.version=" + System.getProperty("log4j.version"), "-Dmdep.outputFile=" + classpathFile);
    Path mvnLog = tmp.resolve("oldest-connect-mvn.log");
    Process resolve = new ProcessBuilder(mvn).redirectErrorStream(true).redirectOutput(mvnLog.toFile()).start();
    assertThat(resolve.waitFor(180, TimeUnit.SECONDS)).as("mvn resolving connect-runtime %s", MINIMUM_KAFKA).isTrue();
    assertThat(resolve.exitValue()).as("mvn: %s", Files.readString(mvnLog)).isZero();
    String classpath = Files.readString(classpathFile).trim();
    assertThat(classpath).contains("connect-runtime-" + MINIMUM_KAFKA + ".jar");

    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Properties worker = new Properties();
    worker.setProperty("bootstrap.servers", bootstrapServers);
    worker.setProperty("group.id", "strom-oldest-connect");
    worker.setProperty("listeners", "http://127.0.0.1:" + port);
    worker.setProperty("config.storage.topic", "strom-oldest-connect-configs");
    worker.setProperty("offset.storage.topic", "strom-oldest-connect-offsets");
    worker.setProperty("status.storage.topic", "strom-oldest-connect-status");
    for (String key : List.of("config", "offset", "status")) {
      worker.setProperty(key + ".storage.replication.factor", "1");
    }
    worker.setProperty("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    worker.setProperty("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    worker.setProperty("plugin.path", pluginPath.toAbsolutePath().toString());
    worker.setProperty("plugin.discovery", "service_load");
    Path workerConfig = tmp.resolve("oldest-connect.properties");
    try (var out = Files.newBufferedWriter(workerConfig)) {
      worker.store(out, "Kafka Connect " + MINIMUM_KAFKA + " worker of PluginArchiveIT");
    }
    Path workerLog = tmp.resolve("oldest-connect.log");
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:+UseSerialGC", "-cp", classpath, "org.apache.kafka.connect.cli.ConnectDistributed",
        workerConfig.toString()).redirectErrorStream(true).redirectOutput(workerLog.toFile()).start();
    try {
      String url = "http://127.0.0.1:" + port;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (true) {
        assertThat(process.isAlive()).as("the %s worker exited; its log: %s", MINIMUM_KAFKA, workerLog).isTrue();
        assertThat(System.nanoTime()).as("the %s worker's REST API within 120 s; log %s", MINIMUM_KAFKA, workerLog)
            .isLessThan(deadline);
        try {
          if (get(url + "/connectors").isArray()) {
            break;
          }
        } catch (IOException | AssertionError notYet) {
          // not listening or not joined yet
        }
        Thread.sleep(500);
      }
      assertThat(get(url + "/").path("version").asText()).isEqualTo(MINIMUM_KAFKA);
      Set<String> listed = new TreeSet<>();
      for (JsonNode plugin : get(url + "/connector-plugins?connectorsOnly=false")) {
        listed.add(plugin.path("class").asText());
      }
      return listed;
    } finally {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** Class names in the archive's ServiceLoader manifests for the kinds the REST API lists. */
  private static Set<String> pluginsDeclaredIn(Path archive) throws IOException {
    Set<String> classes = new TreeSet<>();
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      for (ZipEntry jar : zip.stream().filter(e -> e.getName().matches("[^/]+/lib/[^/]+\\.jar")).toList()) {
        try (ZipInputStream in = new ZipInputStream(zip.getInputStream(jar))) {
          for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
            String name = entry.getName();
            if (name.startsWith("META-INF/services/")
                && LISTED_KINDS.contains(name.substring("META-INF/services/".length()))) {
              new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                  .map(line -> line.replaceAll("#.*", "").trim())
                  .filter(line -> !line.isEmpty())
                  .forEach(classes::add);
            }
          }
        }
      }
    }
    return classes;
  }

  private static List<String> kafkaJarsIn(Path archive) throws IOException {
    List<String> kafka = new ArrayList<>();
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      zip.stream().map(ZipEntry::getName)
          .filter(n -> n.matches(".*/lib/(kafka-clients|kafka_2\\.13|connect-api|connect-runtime|connect-json|"
              + "connect-transforms|kafka-server-common|slf4j-api|log4j-core)-[0-9].*\\.jar"))
          .forEach(kafka::add);
    }
    return kafka;
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }
}
