package io.strom.platform.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.platform.StromCli;
import io.strom.platform.demo.DemoPlatform;
import io.strom.platform.process.Folders;
import io.strom.platform.process.PostgresProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * Reprocessing end to end, on the demo's own platform (child processes) with a bounded input:
 * the simulated IoT source writes a fixed number of readings; the live sink runs rules v1, and a
 * fresh sink runs rules v2 over the same input from the start. Once the input is consumed,
 * {@code ./strom replay} replays the topic with v2 into a new table set and switches the views:
 * the replayed v2 tables must equal the fresh v2 run's, row for row, and the views show them.
 */
class ReplayIT {

  private static final long RECORDS = 6_000;
  private static final String TOPIC = "replay.readings";
  private static final List<String> RULES = List.of("hot_readings", "device_minutes");

  /** v1; v2 changes the alert threshold and the window, so that its results differ. */
  private static final String RULES_V1 = """
      CREATE STREAM readings (
        device_id STRING KEY, site STRING, ts TIMESTAMP,
        temperature DOUBLE, humidity DOUBLE, pressure DOUBLE, vibration DOUBLE
      ) WITH (kafka_topic = 'replay.readings', value_format = 'AVRO', timestamp = 'ts');

      CREATE STREAM hot_readings AS
        SELECT device_id AS `device_id`, ts AS `ts`, temperature AS `temperature`
        FROM readings WHERE temperature > 24.5 EMIT CHANGES;

      CREATE TABLE device_minutes AS
        SELECT device_id AS `device_id`, COUNT(*) AS `readings`, MAX(temperature) AS `max_temperature`
        FROM readings
        WINDOW TUMBLING (SIZE 1 MINUTE, GRACE PERIOD 1 MINUTE)
        GROUP BY device_id
        EMIT CHANGES;
      """;
  private static final String RULES_V2 = RULES_V1.replace("temperature > 24.5", "temperature > 23.5")
      .replace("SIZE 1 MINUTE,", "SIZE 2 MINUTES,");

  @Test
  @Timeout(240)
  void aReplayWithRulesV2EqualsAFreshV2RunAndTheViewsShowIt() throws Exception {
    Path work = Path.of("target", "replay", "ReplayIT").toAbsolutePath();
    Folders.delete(work);
    Path config = writeConfig(Folders.create(work.resolve("config")));
    Path data = work.resolve("demo");
    try (DemoPlatform platform = DemoPlatform.start(config, data, Path.of(System.getProperty("strom.archive")), 1,
        System.out)) {
      awaitRows(platform, "SELECT count(*) FROM readings", RECORDS, Duration.ofSeconds(90));

      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      PrintStream original = System.out;
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      int exitCode;
      try {
        exitCode = new CommandLine(new StromCli()).execute("replay", "--rules", config.resolve("rules/v2.sql").toString(),
            "--as", "replay-v2", "--from", "replay-sink", "--switch-view", "--demo-dir", data.toString(),
            "--interval", "1", "--timeout", "120");
      } finally {
        System.setOut(original);
      }
      String output = captured.toString(StandardCharsets.UTF_8);
      System.out.print(output);
      assertThat(exitCode).as("exit code; output:%n%s", output).isZero();
      assertThat(output).contains("REPLAY replay-v2 behind ", "CAUGHT-UP replay-v2 after ",
          "VIEW hot_readings_current -> hot_readings_replay_v2", "VIEW device_minutes_current -> device_minutes_replay_v2");

      try (Connection c = connect(platform)) {
        for (String rule : RULES) {
          List<String> replayed = rows(c, rule + "_replay_v2");
          List<String> fresh = awaitSameRows(c, rule + "_fresh", replayed, Duration.ofSeconds(30));
          System.out.printf("CHECK %s replayed=%d fresh=%d v1=%d%n", rule, replayed.size(), fresh.size(), rows(c, rule).size());
          assertThat(replayed).as("%s: the replayed v2 table", rule).isNotEmpty().isEqualTo(fresh);
          assertThat(replayed).as("%s: v2 changes the results", rule).isNotEqualTo(rows(c, rule));
          assertThat(rows(c, rule + "_current")).as("%s: the view shows v2", rule).isEqualTo(replayed);
          assertThat(single(c, "SELECT definition FROM pg_views WHERE viewname = '" + rule + "_current'"))
              .contains(rule + "_replay_v2");
        }
        assertThat(single(c, "SELECT count(*) FROM readings")).as("the replay wrote no records again")
            .isEqualTo(Long.toString(RECORDS));
      }
    }
  }

  /** A config/ folder like the demo's: the bounded source, the v1 sink and the fresh v2 sink. */
  private static Path writeConfig(Path dir) throws IOException {
    Path home = Path.of(System.getProperty("strom.home", ".."));
    String worker = Files.readString(home.resolve("config/connect-distributed.properties"))
        .replace("offset.flush.interval.ms=5000", "offset.flush.interval.ms=1000");
    Files.writeString(dir.resolve("connect-distributed.properties"), worker);
    Files.copy(home.resolve("config/schema-registry.properties"), dir.resolve("schema-registry.properties"));
    Files.writeString(dir.resolve("topics.properties"), TOPIC + "=3\nstrom.dlq=1\n");
    Files.createDirectories(dir.resolve("rules"));
    Files.writeString(dir.resolve("rules/v1.sql"), RULES_V1);
    Files.writeString(dir.resolve("rules/v2.sql"), RULES_V2);
    Files.createDirectories(dir.resolve("connectors"));
    // Event times of the last day (within the broker's retention), mid-afternoon: the alert rules fire for part of the devices.
    Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS).plus(14, ChronoUnit.HOURS);
    Files.writeString(dir.resolve("connectors/replay-source.json"), """
        {"name": "replay-source", "config": {
          "connector.class": "io.strom.source.iot.IotSensorSourceConnector", "tasks.max": "2",
          "topic": "%s", "devices": "20", "sites": "2", "seed": "17", "start.time": "%s",
          "time.acceleration": "0", "rate.per.second": "2000", "batch.size": "100", "max.records": "%d",
          "exactly.once.support": "required",
          "key.converter": "org.apache.kafka.connect.storage.StringConverter",
          "value.converter": "io.strom.avro.AvroConverter",
          "value.converter.schema.registry.url": "${env:STROM_SCHEMA_REGISTRY_URL}"}}
        """.formatted(TOPIC, start, RECORDS));
    Files.writeString(dir.resolve("connectors/replay-sink.json"), sink("replay-sink", "v1.sql",
        "\"table.name.format\": \"readings\""));
    Files.writeString(dir.resolve("connectors/replay-sink-fresh.json"), sink("replay-fresh", "v2.sql",
        "\"write.records\": \"false\", \"rules.table.name.format\": \"${rule}_fresh\""));
    return dir;
  }

  private static String sink(String name, String rules, String extra) {
    return """
        {"name": "%s", "config": {
          "connector.class": "io.strom.sink.PostgresSinkConnector", "tasks.max": "2", "topics": "%s",
          "connection.url": "${env:STROM_PG_URL}", "connection.user": "${env:STROM_PG_USER}",
          "connection.password": "${env:STROM_PG_PASSWORD}",
          "insert.mode": "insert", "auto.create": "true", "auto.evolve": "true",
          "rules.file": "${env:STROM_CONFIG_DIR}/rules/%s", %s,
          "key.converter": "org.apache.kafka.connect.storage.StringConverter",
          "value.converter": "io.strom.avro.AvroConverter",
          "value.converter.schema.registry.url": "${env:STROM_SCHEMA_REGISTRY_URL}"}}
        """.formatted(name, TOPIC, rules, extra);
  }

  private static Connection connect(DemoPlatform platform) throws SQLException {
    return DriverManager.getConnection(platform.jdbcUrl(), PostgresProcess.USER, PostgresProcess.PASSWORD);
  }

  private static void awaitRows(DemoPlatform platform, String sql, long expected, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      try (Connection c = connect(platform)) {
        last = single(c, sql);
        if (Long.toString(expected).equals(last)) {
          return;
        }
      } catch (SQLException e) {
        last = e.getMessage(); // the table is created with the first rows
      }
      Thread.sleep(500);
    }
    throw new AssertionError(sql + ": " + last + " after " + timeout.toSeconds() + " s, expected " + expected);
  }

  /** The table's rows once they equal {@code expected} (the fresh run may still be committing), else as they are at the timeout. */
  private static List<String> awaitSameRows(Connection c, String table, List<String> expected, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> rows = rows(c, table);
    while (!rows.equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(500);
      rows = rows(c, table);
    }
    return rows;
  }

  /** Every row of a table or view as text, columns by name, sorted: a multiset to compare. */
  private static List<String> rows(Connection c, String table) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        Map<String, String> row = new TreeMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnName(i), rs.getString(i));
        }
        rows.add(row.toString());
      }
    }
    rows.sort(null);
    return rows;
  }

  private static String single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
