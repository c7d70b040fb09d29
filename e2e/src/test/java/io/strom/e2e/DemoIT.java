package io.strom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.platform.StromCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's main-job command, headless for 90 seconds: {@code ./strom demo --headless
 * --duration 90}, run through the same command line in this JVM (the servers are child processes
 * either way). The three feeds, the alert tables and the aggregate tables must hold rows in
 * PostgreSQL, as the demo counts them at the end. PostgreSQL's binaries are extracted into an
 * empty folder of the test's own, as on a machine where zonky never ran: the path a new user's
 * first command takes (the in-process ITs extract to zonky's shared default).
 */
class DemoIT {

  /** Tables the sink fills from the three feeds. */
  private static final List<String> FEED_TABLES = List.of("iot_readings", "logins", "stock_ticks");

  /** Every rule in config/rules/*.sql, each of which must have written rows within the run. */
  private static final List<String> RULES = List.of(
      // IoT monitoring: a stateless alert (RuleTransform in iot-alerts), windowed rules in iot-sink
      "overheat_alerts", "device_stats", "pressure_drift_alerts", "sensor_failure_alerts", "stuck_sensor_alerts",
      "dropout_alerts", "overheat_warnings",
      // fraud detection (account takeover and impossible travel are sequence patterns)
      "brute_force_alerts", "credential_stuffing_alerts", "login_failures_by_country", "account_takeover_alerts",
      "impossible_travel_alerts",
      // predictive analytics
      "price_trends", "price_anomaly_alerts", "spike_alerts", "crash_alerts", "pump_and_dump_alerts");

  @Test
  @Timeout(300)
  void theWholePipelineFillsTheFeedAlertAndAggregateTables(@TempDir Path tmp) throws IOException {
    Path binaries = Files.createDirectories(tmp.resolve("pg-binaries"));
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
    int exitCode;
    try {
      exitCode = new CommandLine(new StromCli()).execute(
          "demo", "--headless", "--duration", "90", "--interval", "15", "--data-dir", tmp.resolve("demo").toString(),
          "--postgres-binaries", binaries.toString());
    } finally {
      System.setOut(original);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    assertThat(exitCode).as("exit code; output:%n%s", output).isZero();

    Map<String, Long> tables = counts(output, "TABLE");
    Map<String, Long> alerts = counts(output, "ALERTS");
    assertThat(tables).as("TABLE lines").containsKeys(FEED_TABLES.toArray(String[]::new));
    for (String feed : FEED_TABLES) {
      assertThat(tables.get(feed)).as("rows in %s", feed).isGreaterThan(100);
    }
    assertThat(alerts.keySet()).as("ALERTS lines, one per rule").containsExactlyInAnyOrderElementsOf(RULES);
    alerts.forEach((rule, count) -> assertThat(count).as("rows written by rule %s", rule).isPositive());
    assertThat(output).as("no connector or task failed").doesNotContain(" FAILED ");
    try (Stream<Path> files = Files.walk(binaries)) {
      assertThat(files.map(f -> binaries.relativize(f).toString()))
          .as("PostgreSQL's binaries, extracted into the test's own folder")
          .anyMatch(f -> f.endsWith("bin/pg_ctl")).anyMatch(f -> f.endsWith("bin/postgres"));
    }
  }

  /** {@code KIND name count} lines of the summary. */
  private static Map<String, Long> counts(String output, String kind) {
    Map<String, Long> counts = new TreeMap<>();
    output.lines().filter(line -> line.startsWith(kind + " ")).forEach(line -> {
      String[] parts = line.split(" ");
      counts.put(parts[1], Long.parseLong(parts[2]));
    });
    return counts;
  }

  /** Shows the demo's output in the test log while capturing it. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) {
      write(new byte[] {(byte) c}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) {
      try {
        a.write(bytes, off, len);
        b.write(bytes, off, len);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public void flush() {
      try {
        a.flush();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
