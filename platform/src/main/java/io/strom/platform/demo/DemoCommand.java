package io.strom.platform.demo;

import io.strom.platform.monitor.Monitor;
import io.strom.platform.monitor.Snapshot;
import io.strom.platform.monitor.SnapshotRenderer;
import io.strom.platform.process.ConnectWorker;
import io.strom.platform.process.Folders;
import io.strom.platform.process.LogFormat;
import io.strom.platform.process.PostgresProcess;
import io.strom.platform.process.SecurityProfile;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./strom demo}: the whole platform on this machine, each server its own process, with a
 * live view of what flows. The same {@code config/} files a user posts to their own cluster.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Runs the whole pipeline on this machine, each server its own process: a KRaft broker,"
        + " the schema registry, two Connect workers (distributed, the Strom archive on plugin.path) and"
        + " PostgreSQL; creates the topics, registers the connectors in config/ and shows what flows,"
        + " refreshed each second.")
public final class DemoCommand implements Callable<Integer> {

  @Option(names = "--duration", paramLabel = "SECONDS",
      description = "Stop after this many seconds (default: run until Ctrl-C).")
  long durationSeconds;

  @Option(names = "--headless",
      description = "Plain periodic lines instead of the live view; at the end, TABLE <name> <rows> per"
          + " PostgreSQL table and ALERTS <rule> <count> per rule.")
  boolean headless;

  @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "10",
      description = "Seconds between headless status lines (default: ${DEFAULT-VALUE}).")
  int intervalSeconds;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Where logs, Kafka's log dirs and PostgreSQL's data go (default: data/demo in the"
          + " project). Emptied at start.")
  Path dataDir;

  @Option(names = "--keep", description = "Keep the data directory after the run (logs, Kafka and PostgreSQL data);"
      + " a failed run always keeps it.")
  boolean keep;

  @Option(names = "--config-dir", paramLabel = "DIR", description = "The config/ folder to deploy (default: config in the project).")
  Path configDir;

  @Option(names = "--archive", paramLabel = "ZIP",
      description = "The Strom plugin archive to put on plugin.path (default: the one distribution/ built).")
  Path archive;

  @Option(names = "--postgres-binaries", paramLabel = "DIR",
      description = "Where PostgreSQL's binaries are extracted on first use (default: $" + PostgresProcess.ENV_BINARIES
          + " if set, else zonky's /tmp/embedded-pg).")
  Path postgresBinaries;

  @Option(names = "--workers", paramLabel = "N", defaultValue = "2", description = "Connect workers (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
      converter = LogFormatConverter.class,
      description = "How every process writes its log file in <data-dir>/logs: text or json (one JSON object per"
          + " line, with Connect's connector.context as its own field; default: ${DEFAULT-VALUE}).")
  LogFormat logFormat;

  @Option(names = "--secure",
      description = "Secured: the broker on SASL_SSL (SCRAM-SHA-512 over TLS, certificates generated at start) with"
          + " ACLs, a principal per worker, registry and connector, the Connect REST API behind basic auth, every"
          + " secret through ConfigProviders (files in <data-dir>/secrets, owner-only). See docs/operations.md.")
  boolean secure;

  PrintStream out = System.out;

  /** The thread starting the servers, which a Ctrl-C during start-up interrupts. */
  private final AtomicReference<Thread> starting = new AtomicReference<>();

  @Override
  public Integer call() {
    Path home = StromHome.find();
    Path data = (dataDir != null ? dataDir : home.resolve("data").resolve("demo")).toAbsolutePath().normalize();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.set(true);
      Thread starter = starting.get();
      if (starter != null) {
        starter.interrupt(); // abandon the start-up; what was started is stopped in order
      }
      try {
        stopped.await(180, TimeUnit.SECONDS); // let the main thread print and shut down in order
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "strom-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    boolean failed = false;
    try {
      DemoConfig config = new DemoConfig(configDir != null ? configDir : home.resolve("config"));
      Path zip = archive != null ? archive : StromHome.pluginArchive(home);
      run(config, data, zip, stop);
      return 0;
    } catch (RuntimeException e) {
      failed = true;
      System.err.println("strom demo: " + e.getMessage());
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        System.err.println("  caused by: " + cause);
      }
      System.err.println("logs of every process: " + data.resolve("logs"));
      return 1;
    } finally {
      if (keep || failed) {
        if (Files.exists(data)) {
          out.println("kept " + data);
        }
      } else {
        Folders.delete(data);
      }
      stopped.countDown();
      if (!stop.get()) {
        Runtime.getRuntime().removeShutdownHook(hook);
      }
    }
  }

  private void run(DemoConfig config, Path data, Path zip, AtomicBoolean stop) {
    out.println("Strom demo: config " + config.dir() + ", data " + data);
    long startNanos = System.nanoTime();
    DemoPlatform platform;
    starting.set(Thread.currentThread());
    try {
      Path binaries = postgresBinaries != null ? postgresBinaries
          : System.getenv(PostgresProcess.ENV_BINARIES) != null ? Path.of(System.getenv(PostgresProcess.ENV_BINARIES)) : null;
      platform = DemoPlatform.start(config, data, zip, workers, binaries, logFormat, secure, out);
    } finally {
      starting.set(null);
      Thread.interrupted(); // a Ctrl-C that came as start-up ended is handled by the stop flag
    }
    try (platform; Monitor monitor = platform.monitor()) {
      String where = where(platform);
      out.println(where);
      out.flush();
      long deadline = durationSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds) : Long.MAX_VALUE;
      long nextLine = System.nanoTime();
      Snapshot last = monitor.sample();
      while (!stop.get() && System.nanoTime() < deadline) {
        sleepOneSecond();
        if (stop.get()) {
          break;
        }
        last = monitor.sample();
        if (!headless) {
          SnapshotRenderer.terminal(last, where, out);
        } else if (System.nanoTime() >= nextLine) {
          SnapshotRenderer.headless(last, out);
          nextLine = System.nanoTime() + TimeUnit.SECONDS.toNanos(intervalSeconds);
        }
      }
      last = monitor.sample(); // the counts at this moment, before anything stops
      if (headless) {
        SnapshotRenderer.headless(last, out);
        SnapshotRenderer.summary(last, out);
      }
      out.printf("stopping (ran %d s) ...%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos));
      out.flush();
    }
    out.println("stopped.");
  }

  private static String where(DemoPlatform platform) {
    PostgresProcess pg = platform.postgres();
    SecurityProfile security = platform.security();
    StringBuilder b = new StringBuilder();
    b.append("Kafka            ").append(platform.kafka().bootstrapServers());
    if (security != null) {
      b.append("  SASL_SSL, SCRAM-SHA-512; CA ").append(security.tls().caCertificate())
          .append("; admin's JAAS line in ").append(security.dir()).append("/kafka-admin.jaas");
    }
    b.append('\n');
    platform.kafka().exporter().ifPresent(exporter ->
        b.append("Kafka metrics    ").append(exporter.url()).append("   (Prometheus JMX exporter)\n"));
    String curlUser = security == null ? "" : "-u " + SecurityProfile.REST_USER + ":$(cut -d= -f2 " + security.dir()
        + "/rest-users.properties) ";
    for (ConnectWorker worker : platform.workers()) {
      b.append("Connect REST     ").append(worker.restUrl())
          .append("   curl ").append(curlUser).append(worker.restUrl()).append("/connectors?expand=status\n");
      worker.exporter().ifPresent(exporter ->
          b.append("Connect metrics  ").append(exporter.url()).append('\n'));
    }
    if (platform.registry() != null) {
      String curlRegistry = security == null ? "" : "--cacert " + security.tls().caCertificate() + " -u "
          + SecurityProfile.REGISTRY_ADMIN_USER + ":$(sed -n 's/^" + SecurityProfile.REGISTRY_ADMIN_USER + ": //p' "
          + security.dir() + "/registry-users.properties) ";
      b.append("Schema registry  ").append(platform.registry().url())
          .append("   curl ").append(curlRegistry).append(platform.registry().url()).append("/subjects\n");
    }
    if (security == null) {
      b.append("PostgreSQL       ").append(pg.jdbcUrl()).append("  user ").append(PostgresProcess.USER)
          .append(" password ").append(PostgresProcess.PASSWORD).append('\n');
      b.append("                 psql postgresql://").append(PostgresProcess.USER).append(':').append(PostgresProcess.PASSWORD)
          .append("@127.0.0.1:").append(pg.port()).append('/').append(PostgresProcess.DATABASE).append(" -c '\\dt'\n");
    } else {
      b.append("PostgreSQL       ").append(pg.jdbcUrl()).append("  user ").append(PostgresProcess.USER)
          .append(" password in ").append(security.dir().resolve(DemoPlatform.PG_PASSWORD_SECRET)).append('\n');
    }
    b.append("Logs             ").append(platform.dataDir().resolve("logs"));
    return b.toString();
  }

  /** {@code text} or {@code json}, as the option's help spells them. */
  static final class LogFormatConverter implements CommandLine.ITypeConverter<LogFormat> {
    @Override
    public LogFormat convert(String value) {
      try {
        return LogFormat.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("expected text or json, not '" + value + "'");
      }
    }
  }

  private static void sleepOneSecond() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
