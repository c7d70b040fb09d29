package io.strom.bench.sink;

import io.strom.bench.Rounds;
import io.strom.bench.Benchmark;
import io.strom.bench.Report;
import io.strom.sink.PostgresSinkConnector;
import io.strom.testkit.ConnectClusters;
import io.strom.testkit.TestPostgres;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.postgresql.PGConnection;

/**
 * {@code ./strom bench sink}: 1M readings (JSON with schemas, 2 partitions) already in a topic,
 * written to PostgreSQL by (ours) the Strom sink, exactly once; (a) a hand-written KafkaConsumer +
 * JsonConverter + COPY pipeline with offsets in the same transaction; (b) Debezium's JDBC sink
 * 3.4.0.Final from its official plugin archive, tuned. One PostgreSQL server (fsync off), one
 * Connect worker, same topic, same run. Each pipeline's rate is the steady-state rate from 10% to
 * 100% of the rows (so connector start-up and group joins are not counted for anyone); warm-up
 * round discarded, median of the measured rounds.
 */
public final class SinkBenchmark implements Benchmark {

  private static final String TOPIC = "readings";
  private static final String DEBEZIUM_CONNECTOR = "io.debezium.connector.jdbc.JdbcSinkConnector";

  @Override
  public String name() {
    return "sink";
  }

  @Override
  public String description() {
    return "1M JSON readings -> PostgreSQL exactly once: Strom sink vs raw consumer+COPY vs Debezium JDBC sink";
  }

  @Override
  public void run(List<String> args) throws Exception {
    // The testkit's log4j2-test.xml logs to stdout; keep stdout for results.
    System.setProperty("log4j2.configurationFile", "log4j2.xml");
    int records = args.isEmpty() ? 1_000_000 : Integer.parseInt(args.get(0));
    int rounds = args.size() < 2 ? 3 : Integer.parseInt(args.get(1));
    // Optional third argument: only these pipelines (e.g. "strom" to profile ours alone); no RATIO then.
    List<String> only = args.size() < 3 ? List.of("strom", "raw", "debezium") : List.of(args.get(2).split(","));
    Path plugins = pluginPath();

    try (TestPostgres postgres = TestPostgres.start()) {
      EmbeddedConnectCluster cluster = ConnectClusters.start("bench-sink", 1, Map.of(
          "plugin.path", plugins.toString(),
          "connector.client.config.override.policy", "All",
          "offset.flush.interval.ms", "1000"));
      try {
        cluster.kafka().createTopic(TOPIC, 2);
        double meanBytes = Readings.produce(cluster.kafka().bootstrapServers(), TOPIC, records);
        System.err.printf(Locale.ROOT, "%d readings in %s, %.0f bytes each on average%n", records, TOPIC, meanBytes);

        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (int round = 0; round <= rounds; round++) {
          boolean warmUp = round == 0;
          Map<String, Double> roundRates = new LinkedHashMap<>();
          // Rotate the order each round, so that no pipeline always runs right after another's
          // leftovers (autovacuum, checkpoints, a JIT that the previous one warmed).
          List<String> order = new ArrayList<>(only);
          java.util.Collections.rotate(order, -round);
          for (String pipeline : order) {
            switch (pipeline) {
              case "strom" -> roundRates.put("strom-sink", strom(cluster, postgres, records, round));
              case "raw" -> roundRates.put("raw-pipeline", raw(cluster, postgres, records, round));
              case "debezium" -> roundRates.put("debezium-jdbc", debezium(cluster, postgres, records, round));
              default -> throw new IllegalArgumentException("unknown pipeline " + pipeline + " (strom, raw, debezium)");
            }
          }
          System.err.printf(Locale.ROOT, "round %d%s: %s%n", round, warmUp ? " (warm-up, discarded)" : "", roundRates);
          if (!warmUp) {
            roundRates.forEach((k, v) -> rates.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
          }
        }
        if (only.size() < 3) {
          System.out.println("partial run " + only + ": " + rates);
          return;
        }
        double bareCopy = bareCopy(postgres, records);

        double ours = Rounds.median(rates.get("strom-sink"));
        double raw = Rounds.median(rates.get("raw-pipeline"));
        double debezium = Rounds.median(rates.get("debezium-jdbc"));
        System.out.printf(Locale.ROOT, "%nsink benchmark: %d readings (%.0f B JSON with schema), 2 partitions, "
            + "PostgreSQL 17 fsync off, 1 worker / 2 tasks or threads, median of %d rounds%n", records, meanBytes, rounds);
        System.out.printf(Locale.ROOT, "%-46s %12s   %s%n", "pipeline", "rows/s", "rounds");
        System.out.printf(Locale.ROOT, "%-46s %12.0f   %s%n", "Strom sink (exactly once, COPY)", ours, rates.get("strom-sink"));
        System.out.printf(Locale.ROOT, "%-46s %12.0f   %s%n", "raw consumer+JsonConverter+COPY, offsets in tx", raw, rates.get("raw-pipeline"));
        System.out.printf(Locale.ROOT, "%-46s %12.0f   %s%n", "Debezium JDBC sink 3.4.0.Final (tuned)", debezium, rates.get("debezium-jdbc"));
        System.out.printf(Locale.ROOT, "%-46s %12.0f   (context: pre-encoded rows, one COPY)%n", "bare COPY", bareCopy);
        Report.ratioOverRounds("sink-vs-raw-pipeline", Rounds.ratios(rates.get("strom-sink"), rates.get("raw-pipeline")));
        Report.ratioOverRounds("sink-vs-debezium", Rounds.ratios(rates.get("strom-sink"), rates.get("debezium-jdbc")));
        Report.metric("sink-rows-per-s", ours, "rows/s");
        Report.metric("sink-bare-copy-rows-per-s", bareCopy, "rows/s");
      } finally {
        cluster.stop();
      }
    }
  }


  private static double strom(EmbeddedConnectCluster cluster, TestPostgres postgres, int records, int round)
      throws Exception {
    String name = "strom-" + round;
    String table = "readings_strom_" + round;
    Map<String, String> config = connectorBase();
    config.put("connector.class", PostgresSinkConnector.class.getName());
    config.put("connection.url", postgres.jdbcUrl());
    config.put("table.name.format", table);
    config.put("auto.create", "true");
    config.put("batch.size", "10000");
    config.put("consumer.override.max.poll.records", "5000");
    return timedConnector(cluster, postgres, name, table, config, records);
  }

  private static double debezium(EmbeddedConnectCluster cluster, TestPostgres postgres, int records, int round)
      throws Exception {
    String name = "debezium-" + round;
    String table = "readings_debezium_" + round;
    Map<String, String> config = connectorBase();
    config.put("connector.class", DEBEZIUM_CONNECTOR);
    config.put("connection.url", postgres.jdbcUrl().replace("?", "?reWriteBatchedInserts=true&"));
    config.put("connection.username", "postgres");
    config.put("connection.password", "postgres");
    config.put("insert.mode", "insert");
    config.put("primary.key.mode", "none");
    config.put("schema.evolution", "basic");
    config.put("collection.name.format", table);
    config.put("batch.size", "5000");
    config.put("consumer.override.max.poll.records", "5000");
    return timedConnector(cluster, postgres, name, table, config, records);
  }

  /** Runs one sink connector until {@code records} rows are in {@code table}, then removes both. */
  private static double timedConnector(EmbeddedConnectCluster cluster, TestPostgres postgres, String name, String table,
      Map<String, String> config, int records) throws Exception {
    cluster.configureConnector(name, config);
    double rate = awaitRows(cluster, name, postgres, table, records, null);
    cluster.deleteConnector(name);
    postgres.execute("DROP TABLE " + table);
    return rate;
  }

  private static double raw(EmbeddedConnectCluster cluster, TestPostgres postgres, int records, int round)
      throws Exception {
    String table = "readings_raw_" + round;
    Thread pipeline = new Thread(() -> {
      try {
        RawPipeline.run(cluster.kafka().bootstrapServers(), TOPIC, 2, records / 2, postgres.jdbcUrl(), table);
      } catch (Exception e) {
        throw new IllegalStateException("raw pipeline failed", e);
      }
    }, "raw-pipeline");
    pipeline.start();
    double rate = awaitRows(cluster, null, postgres, table, records, pipeline);
    pipeline.join();
    postgres.execute("DROP TABLE " + table);
    return rate;
  }

  private static Map<String, String> connectorBase() {
    Map<String, String> config = new HashMap<>();
    config.put("tasks.max", "2");
    config.put("topics", TOPIC);
    config.put("key.converter", JsonConverter.class.getName());
    config.put("value.converter", JsonConverter.class.getName());
    config.put("value.converter.schemas.enable", "true");
    return config;
  }

  /**
   * Waits until the table holds every record and returns the rate from 10% to 100% of them. A
   * FAILED task (or a dead baseline thread) aborts the run instead of waiting.
   */
  private static double awaitRows(EmbeddedConnectCluster cluster, String connector, TestPostgres postgres,
                                  String table, long records, Thread baseline) throws Exception {
    long deadline = System.nanoTime() + 600_000_000_000L;
    long tenPercentAt = -1;
    long tenPercentRows = 0;
    long lastStatusCheck = 0;
    while (System.nanoTime() < deadline) {
      long rows = count(postgres, table);
      long now = System.nanoTime();
      if (tenPercentAt < 0 && rows >= records / 10) {
        tenPercentAt = now;
        tenPercentRows = rows;
      }
      if (rows >= records) {
        if (rows > records) {
          throw new IllegalStateException(table + " holds " + rows + " rows for " + records + " records");
        }
        return (rows - tenPercentRows) / ((now - tenPercentAt) / 1e9);
      }
      if (connector != null && now - lastStatusCheck > 1_000_000_000L) {
        lastStatusCheck = now;
        failIfFailed(cluster, connector);
      }
      if (baseline != null && !baseline.isAlive() && count(postgres, table) < records) {
        throw new IllegalStateException("the raw pipeline stopped before writing every record");
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("timed out waiting for " + records + " rows in " + table);
  }

  private static void failIfFailed(EmbeddedConnectCluster cluster, String connector) {
    ConnectorStateInfo status;
    try {
      status = cluster.connectorStatus(connector);
    } catch (RuntimeException notYetKnown) {
      return;
    }
    if ("FAILED".equals(status.connector().state())) {
      throw new IllegalStateException(connector + " FAILED: " + status.connector().trace());
    }
    status.tasks().stream().filter(t -> "FAILED".equals(t.state())).findFirst().ifPresent(t -> {
      throw new IllegalStateException(connector + " task " + t.id() + " FAILED: " + t.trace());
    });
  }

  private static long count(TestPostgres postgres, String table) {
    try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rows = s.executeQuery("SELECT count(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException notCreatedYet) {
      return 0;
    }
  }

  /** Context: the same number of rows, already encoded, in one COPY: the server's ceiling here. */
  private static double bareCopy(TestPostgres postgres, int records) throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < records; i++) {
      text.append(String.format(Locale.ROOT, "d-%04d\t2026-01-01T00:00:%02d.%03dZ\t%.2f\t%d%n",
          i % 10_000, (i / 1000) % 60, i % 1000, 15.0 + i % 10, i));
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    postgres.execute("CREATE TABLE readings_copy " + Readings.TABLE_COLUMNS);
    try (Connection c = postgres.dataSource().getConnection()) {
      c.setAutoCommit(false);
      long start = System.nanoTime();
      c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY readings_copy FROM STDIN", new ByteArrayInputStream(bytes));
      c.commit();
      double rate = records / ((System.nanoTime() - start) / 1e9);
      postgres.execute("DROP TABLE readings_copy");
      return rate;
    }
  }

  /** Debezium's unpacked plugin archive, next to the bench jar (bench/target/plugins). */
  private static Path pluginPath() throws Exception {
    Path jar = Path.of(SinkBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path plugins = jar.getParent().resolve("plugins");
    if (!Files.isDirectory(plugins.resolve("debezium-connector-jdbc"))) {
      throw new IllegalStateException("Debezium's JDBC plugin is not unpacked at " + plugins
          + "; build the bench module (mvn -pl bench -am package)");
    }
    return plugins;
  }
}
