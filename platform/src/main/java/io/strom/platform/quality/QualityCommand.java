package io.strom.platform.quality;

import io.strom.platform.demo.DemoPlatform;
import io.strom.platform.demo.StromHome;
import io.strom.platform.process.Folders;
import io.strom.platform.process.PostgresProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./strom quality}: measures how well rule files detect the simulators' scenarios (see
 * docs/quality.md). Starts the embedded platform, runs the three feeds with every scenario through
 * the rules into PostgreSQL, then scores the alerts against the ground truth.
 */
@Command(
    name = "quality",
    mixinStandardHelpOptions = true,
    description = "Runs the three simulated feeds with every scenario through rule files on the embedded platform"
        + " (broker, registry, Connect, PostgreSQL), the ground truth hidden from the rules (ground.truth.field=false),"
        + " and reports per scenario precision, recall and detection delay in event time (Markdown and JSON), with"
        + " one line QUALITY <scenario> precision=<p> recall=<r> delay_ms=<median> each. Rules are scored when a"
        + " comment line '-- quality: detects SCENARIO by COLUMN' stands above them (docs/quality.md).")
public final class QualityCommand implements Callable<Integer> {

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the feeds (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--records", paramLabel = "N", defaultValue = "200000",
      description = "Records in all: 35 %% sensor readings, 35 %% logins, 30 %% ticks (default: ${DEFAULT-VALUE}).")
  long records;

  @Option(names = "--rules", paramLabel = "DIR", description = "The rule files to score (default: config/rules in the project).")
  Path rulesDir;

  @Option(names = "--late-rate", paramLabel = "SHARE", defaultValue = "0",
      description = "Share of records the sources deliver late (their late.rate; passed only when above 0; default: ${DEFAULT-VALUE}).")
  double lateRate;

  @Option(names = "--report-dir", paramLabel = "DIR",
      description = "Where quality-report.md and quality-report.json go (default: data/quality-report in the project).")
  Path reportDir;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Logs, Kafka's and PostgreSQL's data (default: data/quality in the project). Emptied at start.")
  Path dataDir;

  @Option(names = "--keep", description = "Keep the data directory after the run (a failed run always keeps it).")
  boolean keep;

  @Option(names = "--config-dir", paramLabel = "DIR",
      description = "Worker, registry and topic files to deploy (default: config in the project).")
  Path configDir;

  @Option(names = "--archive", paramLabel = "ZIP", description = "The Strom plugin archive (default: the one distribution/ built).")
  Path archive;

  @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "5",
      description = "Seconds between progress lines (default: ${DEFAULT-VALUE}).")
  int intervalSeconds;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1800",
      description = "Give up when the sinks have not written every record by then (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  PrintStream out = System.out;

  @Override
  public Integer call() {
    Path home = StromHome.find();
    Path data = (dataDir != null ? dataDir : home.resolve("data").resolve("quality")).toAbsolutePath().normalize();
    Path rules = (rulesDir != null ? rulesDir : home.resolve("config").resolve("rules")).toAbsolutePath().normalize();
    Path reports = (reportDir != null ? reportDir : home.resolve("data").resolve("quality-report")).toAbsolutePath();
    Path deployDir = data.resolveSibling(data.getFileName() + "-config");
    boolean failed = true;
    try {
      if (!(lateRate >= 0 && lateRate <= 1) || records < 1) {
        throw new IllegalArgumentException("--late-rate must be within 0..1 and --records at least 1");
      }
      QualityRun run = new QualityRun(seed, records, lateRate, rules, intervalSeconds, timeoutSeconds, out);
      QualityDeployment deployment = QualityDeployment.write(deployDir, configDir != null ? configDir
          : home.resolve("config"), rules, run.feeds());
      out.printf("strom quality: seed %d, %d records, rules %s, data %s%n", seed, records, rules, data);
      out.flush();
      QualityReport report;
      try (DemoPlatform platform = DemoPlatform.start(deployment.dir(), data,
          archive != null ? archive : findArchive(home), 1, out)) {
        // Ctrl-C: stop the servers (child processes) in order; close() runs once, whoever comes first.
        Thread hook = new Thread(platform::close, "strom-quality-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
          report = run.measure(platform, PostgresProcess.USER, PostgresProcess.PASSWORD);
        } finally {
          removeQuietly(hook);
        }
      }
      report.write(reports);
      report.printLines(out);
      out.println("REPORT " + reports.resolve("quality-report.md") + " " + reports.resolve("quality-report.json"));
      failed = false;
      return 0;
    } catch (RuntimeException | SQLException e) {
      System.err.println("strom quality: " + e.getMessage());
      System.err.println("logs of every process: " + data.resolve("logs"));
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.err.println("strom quality: interrupted");
      return 1;
    } finally {
      out.flush();
      if (!keep && !failed) {
        Folders.delete(data);
        Folders.delete(deployDir);
      } else if (Files.exists(data)) {
        out.println("kept " + data);
      }
    }
  }

  private static void removeQuietly(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs
    }
  }

  private static Path findArchive(Path home) {
    Path target = home.resolve("distribution").resolve("target");
    try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
      return files.filter(f -> f.getFileName().toString().endsWith(".zip")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no plugin archive in " + target
              + "; build it with: mvn -B -q -DskipTests -pl distribution -am package"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
