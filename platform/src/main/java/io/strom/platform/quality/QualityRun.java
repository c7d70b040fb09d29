package io.strom.platform.quality;

import io.strom.platform.demo.DemoPlatform;
import io.strom.platform.process.ConnectRest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One measurement on a started platform: regenerates the ground truth while the feeds run, waits
 * (printing progress) until every record's row is in PostgreSQL (rule outputs commit in the same
 * transaction as the rows), then reads the alerts back and scores them.
 */
final class QualityRun {

  private static final Logger log = LoggerFactory.getLogger(QualityRun.class);

  private final long seed;
  private final long records;
  private final double lateRate;
  private final List<QualityFeed> feeds;
  private final List<ScoredRule> rules;
  private final List<HostedRule> hosted;
  private final int intervalSeconds;
  private final long timeoutSeconds;
  private final PrintStream out;

  QualityRun(long seed, long records, double lateRate, Path rulesDir, int intervalSeconds, long timeoutSeconds,
             PrintStream out) {
    this.seed = seed;
    this.records = records;
    this.lateRate = lateRate;
    this.feeds = QualityFeed.all(seed, records, lateRate);
    this.rules = ScoredRule.in(rulesDir);
    this.hosted = HostedRule.in(rulesDir);
    this.intervalSeconds = intervalSeconds;
    this.timeoutSeconds = timeoutSeconds;
    this.out = out;
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("no rule in " + rulesDir + " has a '-- quality: detects SCENARIO by COLUMN'"
          + " line: nothing to score (docs/quality.md)");
    }
  }

  List<QualityFeed> feeds() {
    return feeds;
  }

  QualityReport measure(DemoPlatform platform, String user, String password) throws SQLException, InterruptedException {
    Map<String, String> entityFields = new HashMap<>();
    Map<String, ScoredRule> predictors = new HashMap<>();
    for (ScoredRule rule : rules) {
      entityFields.putIfAbsent(rule.scenario(), rule.entity());
      if (rule.kind() == ScoredRule.Kind.PREDICTS) {
        predictors.putIfAbsent(rule.scenario(), rule);
      }
    }
    // The regeneration is pure CPU: it runs while the platform moves the records.
    CompletableFuture<List<GroundTruth.Truth>> truth = CompletableFuture.supplyAsync(() ->
        feeds.stream().map(feed -> GroundTruth.of(feed, entityFields, predictors)).toList());
    try (Connection connection = DriverManager.getConnection(platform.jdbcUrl(), user, password)) {
      AlertStore store = new AlertStore(connection);
      awaitAllRecords(platform, store);
      List<GroundTruth.Truth> feedsTruth = join(truth);
      List<Episode> episodes = new ArrayList<>();
      feedsTruth.forEach(t -> episodes.addAll(t.episodes()));
      return score(store, episodes, feedsTruth);
    }
  }

  private QualityReport score(AlertStore store, List<Episode> episodes, List<GroundTruth.Truth> truth)
      throws SQLException {
    Map<String, ScoredRule> detectors = new LinkedHashMap<>();
    for (ScoredRule rule : rules) {
      if (rule.kind() == ScoredRule.Kind.DETECTS) {
        detectors.putIfAbsent(rule.scenario(), rule);
      }
    }
    List<ScenarioScore> scores = new ArrayList<>();
    for (QualityFeed feed : feeds) {
      for (var scenario : feed.feed().spec().scenarios()) {
        ScoredRule rule = detectors.get(scenario.name());
        scores.add(ScenarioScore.of(scenario.name(), rule, episodes, rule == null ? List.of() : store.alerts(rule)));
      }
    }
    List<PredictionScore> predictions = new ArrayList<>();
    for (ScoredRule rule : rules) {
      if (rule.kind() == ScoredRule.Kind.PREDICTS) {
        predictions.add(PredictionScore.of(rule, episodes, store.alerts(rule)));
      }
    }
    // read after every record's row is in: the late rows commit in the same transaction as the rows
    boolean lateTable = store.exists(AlertStore.LATE_TABLE);
    List<LateRecord> late = store.lateRecords();
    Map<String, String> scenarios = new HashMap<>();
    rules.forEach(r -> scenarios.putIfAbsent(r.name().toUpperCase(Locale.ROOT), r.scenario()));
    return new QualityReport(seed, records, lateRate, scores, predictions, LateScore.overall(truth, late),
        LateScore.of(hosted, truth, late, scenarios), lateTable);
  }

  /** Polls the record tables until each holds its feed's max.records rows; fails on a FAILED connector. */
  private void awaitAllRecords(DemoPlatform platform, AlertStore store) throws SQLException, InterruptedException {
    ConnectRest rest = new ConnectRest(platform.restUrls().get(0));
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (true) {
      StringBuilder line = new StringBuilder("PROGRESS");
      long done = 0;
      for (QualityFeed feed : feeds) {
        long rows = store.count(recordsTable(feed.topic()));
        done += Math.min(rows, feed.records());
        line.append(' ').append(feed.name()).append(' ').append(rows).append('/').append(feed.records());
      }
      long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      out.println(line.append(String.format(" (%d%%, %d s)", done * 100 / Math.max(1, records), elapsed)));
      out.flush();
      if (done >= records) {
        return;
      }
      failIfFailed(rest);
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the sinks wrote " + done + " of " + records + " records in " + timeoutSeconds
            + " s (--timeout)");
      }
      Thread.sleep(TimeUnit.SECONDS.toMillis(Math.max(1, intervalSeconds)));
    }
  }

  /**
   * Fails on a FAILED connector or sink task. A FAILED source task is restarted (a few times): an
   * exactly-once source resumes from its committed offsets, so the records stay the same, and
   * Connect 4.3 now and then kills one on a loaded machine ("OffsetStorageWriter is already
   * flushing" after a transaction commit that took too long).
   */
  private void failIfFailed(ConnectRest rest) {
    JsonNode connectors;
    try {
      connectors = rest.connectors();
    } catch (RuntimeException e) {
      log.debug("connector states not available for now: {}", e.toString());
      return;
    }
    connectors.fields().forEachRemaining(entry -> {
      String name = entry.getKey();
      JsonNode status = entry.getValue().path("status");
      if ("FAILED".equals(status.path("connector").path("state").asText())) {
        throw new IllegalStateException("connector " + name + " FAILED: " + firstLine(status.path("connector")));
      }
      boolean source = "source".equals(entry.getValue().path("info").path("type").asText());
      for (JsonNode task : status.path("tasks")) {
        if (!"FAILED".equals(task.path("state").asText())) {
          continue;
        }
        String id = name + "/" + task.path("id").asInt();
        if (!source || restarts >= MAX_RESTARTS) {
          throw new IllegalStateException("task " + id + " FAILED: " + firstLine(task));
        }
        restarts++;
        out.println("RESTART task " + id + " (" + restarts + " of at most " + MAX_RESTARTS + "): " + firstLine(task));
        restart(rest.baseUrl() + "/connectors/" + name + "/tasks/" + task.path("id").asInt() + "/restart");
      }
    });
  }

  private static final int MAX_RESTARTS = 5;
  private int restarts;

  private static void restart(String url) {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
          .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException("POST " + url + ": HTTP " + response.statusCode() + " " + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("POST " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted restarting a task", e);
    }
  }

  private static String firstLine(JsonNode state) {
    return state.path("trace").asText().lines().findFirst().orElse("");
  }

  /** The sink's table for a topic's records: {@code ${topic}} with every character but letters, digits and '_' as '_'. */
  static String recordsTable(String topic) {
    return topic.replaceAll("[^A-Za-z0-9_]", "_");
  }

  private static <T> T join(CompletableFuture<T> future) throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }
}
