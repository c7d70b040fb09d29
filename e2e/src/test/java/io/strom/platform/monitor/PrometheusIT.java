package io.strom.platform.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strom.platform.demo.DemoPlatform;
import io.strom.platform.process.JmxExporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring as shipped, with real parts: the demo's pipeline (config/) with the Prometheus JMX
 * exporter agent on its broker and two Connect workers; Debian's Prometheus, run with
 * monitoring/prometheus/prometheus.yml (its jobs and scrape settings, only the targets replaced by
 * the demo's ports), scrapes them. Every query of every panel of the Grafana dashboard
 * (monitoring/grafana/dashboards/strom.json) must return series from that Prometheus, and Strom's
 * plugin metrics must count the traffic that flowed.
 */
class PrometheusIT {

  private static final Path HOME = Path.of(System.getProperty("strom.home"));
  private static final Path ARCHIVE = Path.of(System.getProperty("strom.archive"));
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration SERIES_DEADLINE = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Plugin metrics that count records, each non-zero once traffic flowed (scenarios, late and fenced may be 0). */
  private static final List<String> PLUGIN_COUNTS = List.of(
      "kafka_connect_plugins_records_in_total", "kafka_connect_plugins_records_out_total",
      "kafka_connect_plugins_records_generated_total", "kafka_connect_plugins_records_written_total",
      "kafka_connect_plugins_batches_committed_total", "kafka_connect_plugins_rule_rows_written_total");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  @Timeout(300)
  void everyDashboardQueryReturnsSeriesFromARealPrometheusScrapingTheDemo(@TempDir Path tmp) throws Exception {
    assertThat(PROMETHEUS).as("Debian's prometheus package (apt-get install prometheus)").isExecutable();
    Map<String, String> queries = dashboardQueries(HOME.resolve("monitoring/grafana/dashboards/strom.json"));
    assertThat(queries).as("the dashboard's queries").hasSizeGreaterThan(10);

    try (DemoPlatform platform = DemoPlatform.start(HOME.resolve("config"), tmp.resolve("data"), ARCHIVE, 2, System.out)) {
      Map<String, List<String>> targets = new LinkedHashMap<>();
      targets.put("kafka", List.of(platform.brokerExporter().orElseThrow().target()));
      targets.put("connect", platform.workers().stream()
          .map(w -> w.exporter().map(JmxExporter::target).orElseThrow()).toList());
      Path config = tmp.resolve("prometheus.yml");
      Files.writeString(config, withTargets(Files.readString(HOME.resolve("monitoring/prometheus/prometheus.yml")), targets));
      int port = freePort();
      Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
          "--storage.tsdb.path=" + tmp.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
          .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
      try {
        String api = "http://127.0.0.1:" + port;
        awaitReady(api, prometheus, tmp.resolve("prometheus.log"));
        long started = System.nanoTime();

        Map<String, Integer> series = new LinkedHashMap<>();
        long deadline = System.nanoTime() + SERIES_DEADLINE.toNanos();
        while (true) {
          series.clear();
          for (String expr : queries.keySet()) {
            series.put(expr, query(api, expr).size());
          }
          if (series.values().stream().allMatch(c -> c > 0) || System.nanoTime() > deadline) {
            break;
          }
          Thread.sleep(2000);
        }
        System.out.printf("PROMETHEUS every dashboard query answered %.1f s after Prometheus was ready%n",
            (System.nanoTime() - started) / 1e9);
        assertThat(series.entrySet()).as("dashboard queries without series (panel: query)")
            .filteredOn(e -> e.getValue() == 0)
            .extracting(e -> queries.get(e.getKey()) + ": " + e.getKey())
            .isEmpty();

        // Each target's last scrape, with Prometheus' own reason when it failed.
        Map<String, String> unhealthy = unhealthyTargets(api);
        while (!unhealthy.isEmpty() && System.nanoTime() < deadline + SERIES_DEADLINE.toNanos()) {
          Thread.sleep(2000);
          unhealthy = unhealthyTargets(api);
        }
        assertThat(unhealthy).as("targets whose last scrape failed (scrape URL: Prometheus' error)").isEmpty();
        assertThat(query(api, "sum(kafka_connect_connector_status{status=\"running\"})"))
            .as("connectors running, as the exporter reports them").singleElement()
            .satisfies(s -> assertThat(value(s)).isEqualTo(platform.workers().get(0).rest().connectors().size()));
        for (String metric : PLUGIN_COUNTS) {
          assertThat(query(api, "sum(" + metric + ")")).as("sum(%s)", metric).singleElement()
              .satisfies(s -> assertThat(value(s)).as("sum(%s)", metric).isPositive());
        }
      } finally {
        prometheus.destroy();
        if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
          prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  /** Every panel target's expr, with its panel's title. */
  private static Map<String, String> dashboardQueries(Path dashboard) throws IOException {
    Map<String, String> queries = new LinkedHashMap<>();
    for (JsonNode panel : JSON.readTree(dashboard.toFile()).path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText();
        assertThat(expr).as("panel %s: a query with no Grafana variable", panel.path("title").asText())
            .isNotBlank().doesNotContain("$");
        queries.put(expr, panel.path("title").asText());
      }
    }
    return queries;
  }

  /**
   * The shipped config with each job's {@code targets} line replaced by the demo's addresses:
   * the jobs and their scrape settings stay as docker-compose runs them.
   */
  static String withTargets(String config, Map<String, List<String>> targets) {
    StringBuilder out = new StringBuilder();
    String job = null;
    Pattern jobLine = Pattern.compile("^\\s*- job_name:\\s*(\\S+)\\s*$");
    Pattern targetsLine = Pattern.compile("^(\\s*- targets:\\s*).*$");
    for (String line : config.split("\n", -1)) {
      Matcher j = jobLine.matcher(line);
      Matcher t = targetsLine.matcher(line);
      if (j.matches()) {
        job = j.group(1);
      } else if (t.matches()) {
        List<String> replacement = targets.get(job);
        assertThat(replacement).as("targets for job %s", job).isNotNull();
        line = t.group(1) + replacement.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(", ", "[", "]"));
      }
      out.append(line).append('\n');
    }
    assertThat(out.toString()).as("config with the demo's targets").contains(targets.get("connect").get(0));
    return out.toString();
  }

  private void awaitReady(String api, Process prometheus, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      assertThat(prometheus.isAlive()).as("prometheus is running; its log: %s", Files.exists(log) ? Files.readString(log) : "")
          .isTrue();
      try {
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(api + "/-/ready")).timeout(QUERY_TIMEOUT)
            .build(), HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("Prometheus not ready after 30 s; its log: " + Files.readString(log));
  }

  /** The series an instant query returns (its {@code data.result}); fails on a query error. */
  private List<JsonNode> query(String api, String expr) throws IOException, InterruptedException {
    URI uri = URI.create(api + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(QUERY_TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asText()).as("query %s: %s", expr, response.body()).isEqualTo("success");
    List<JsonNode> result = new ArrayList<>();
    body.path("data").path("result").forEach(result::add);
    return result;
  }

  /** The targets whose last scrape failed, by scrape URL, with Prometheus' lastError; all three must be known. */
  private Map<String, String> unhealthyTargets(String api) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/targets"))
        .timeout(QUERY_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode targets = JSON.readTree(response.body()).path("data").path("activeTargets");
    assertThat(targets).as("Prometheus' targets: %s", response.body()).hasSize(3);
    Map<String, String> unhealthy = new LinkedHashMap<>();
    for (JsonNode target : targets) {
      if (!target.path("health").asText().equals("up")) {
        unhealthy.put(target.path("scrapeUrl").asText(), target.path("health").asText() + ": "
            + target.path("lastError").asText());
      }
    }
    return unhealthy;
  }

  private static double value(JsonNode series) {
    return Double.parseDouble(series.path("value").get(1).asText());
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
