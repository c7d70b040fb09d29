package io.strom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strom.platform.demo.DemoPlatform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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

  @Test
  @Timeout(240)
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
