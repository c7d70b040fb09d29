package io.strom.platform.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.strom.platform.demo.DemoEndpoints;
import io.strom.platform.demo.StromHome;
import io.strom.platform.monitor.ConsumerLag;
import io.strom.platform.process.ConnectRest;
import io.strom.platform.process.PropertiesFile;
import io.strom.rules.contract.RuleException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./strom replay}: reprocessing with a new rule version (see docs/replay.md). Copies a
 * PostgreSQL sink under a new name with the new rules, its outputs in a new table set, reading
 * from the earliest offsets; prints how far it is behind until it has caught up with the live
 * sink; then, if asked, switches stable views to the new tables.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = "Replays a sink's topics from the earliest offsets through a new rule version into a new table set:"
        + " deploys a copy of the --from sink named --as with the --rules file, shows how far it is behind until it has"
        + " caught up with the live sink, and with --switch-view points a view per rule at the new tables."
        + " Against the running demo by default, or any Connect cluster given by --connect.")
public final class ReplayCommand implements Callable<Integer> {

  @Option(names = "--rules", required = true, paramLabel = "FILE", description = "The new rule version (a rule script).")
  Path rulesFile;

  @Option(names = "--as", required = true, paramLabel = "NAME",
      description = "Name of the replaying connector (its consumer group is connect-NAME). Running the command again"
          + " with the same name resumes that replay.")
  String name;

  @Option(names = "--from", required = true, paramLabel = "CONNECTOR",
      description = "The live PostgreSQL sink whose config (topics, converters, connection) the replay copies, and"
          + " whose lag it must reach, e.g. iot-sink.")
  String from;

  @Option(names = "--rule-tables", paramLabel = "FORMAT",
      description = "The new rule tables, $${rule} standing for each rule's name (default: $${rule}_NAME, NAME in lower"
          + " case with '_' for other characters).")
  String ruleTables;

  @Option(names = "--records-tables", paramLabel = "FORMAT",
      description = "Also write the records themselves, to these tables (table.name.format, e.g. v2_$${topic});"
          + " default: the replay writes only rule outputs, the live sink keeps writing the records.")
  String recordsTables;

  @Option(names = "--statements", paramLabel = "RULE", split = ",",
      description = "The rules of the file to run (default: those the --from sink runs, its rules.statement;"
          + " all when it names none).")
  List<String> statements;

  @Option(names = "--switch-view", description = "Once caught up, point a view per rule at its new table"
      + " (CREATE OR REPLACE VIEW, all in one transaction).")
  boolean switchView;

  @Option(names = "--view-format", paramLabel = "FORMAT", defaultValue = "$${rule}_current",
      description = "The views' names, $${rule} standing for each rule's name (default: ${DEFAULT-VALUE}; a rule's own"
          + " name is its live table's).")
  String viewFormat;

  @Option(names = "--connect", paramLabel = "URL", description = "Connect REST URL (default: the running demo's).")
  String connectUrl;

  @Option(names = "--connect-user", paramLabel = "USER",
      description = "Log in to the Connect REST API with HTTP basic auth as USER (a worker behind Kafka's"
          + " BasicAuthSecurityRestExtension, e.g. ./strom demo --secure's user admin); needs --connect-password-file.")
  String connectUser;

  @Option(names = "--connect-password-file", paramLabel = "FILE",
      description = "File holding the --connect-user's password (its first line; not an option value, which ps"
          + " would show).")
  Path connectPasswordFile;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Kafka, to measure the groups' lag (default: the running demo's).")
  String bootstrapServers;

  @Option(names = "--kafka-config", paramLabel = "FILE",
      description = "Kafka client properties for measuring the lag, as Kafka's tools take them with --command-config"
          + " (security.protocol, sasl.jaas.config, ssl.truststore.*, ...; ConfigProvider placeholders resolve).")
  Path kafkaConfigFile;

  @Option(names = "--jdbc-url", paramLabel = "URL",
      description = "PostgreSQL of the sinks, for --switch-view (default: the running demo's).")
  String jdbcUrl;

  @Option(names = "--jdbc-user", paramLabel = "USER", description = "PostgreSQL user (default: the running demo's).")
  String jdbcUser;

  @Option(names = "--jdbc-password", paramLabel = "PASSWORD", defaultValue = "${env:STROM_PG_PASSWORD}",
      description = "PostgreSQL password (default: $STROM_PG_PASSWORD, else the running demo's).")
  String jdbcPassword;

  @Option(names = "--demo-dir", paramLabel = "DIR",
      description = "The running demo's data directory, where it wrote endpoints.properties (default: data/demo in the"
          + " project).")
  Path demoDir;

  @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "5",
      description = "Seconds between progress lines (default: ${DEFAULT-VALUE}).")
  int intervalSeconds;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0",
      description = "Give up waiting after this many seconds, leaving the replay running (exit code 2; default: wait"
          + " until caught up).")
  long timeoutSeconds;

  PrintStream out = System.out;

  @Override
  public Integer call() {
    try {
      return run();
    } catch (RuntimeException | IOException | SQLException e) {
      System.err.println("strom replay: " + (e instanceof RuleException ? "invalid rule file: " : "") + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.err.println("strom replay: interrupted; the replay " + name + " keeps running");
      return 1;
    }
  }

  private int run() throws IOException, SQLException, InterruptedException {
    resolveDemoDefaults();
    String script = Files.readString(rulesFile);
    ConnectRest rest = connectRest();
    ReplayConnector replay = ReplayConnector.of(name, rest.connectorConfig(from), script,
        ruleTables != null ? ruleTables : ReplayConnector.defaultRuleTables(name), recordsTables, statements);
    rest.putConnector(name, replay.config());
    out.printf("replay %s: a copy of %s on %s with %s, from the earliest offsets of %s%n", name, from, rest.baseUrl(),
        rulesFile, String.join(", ", replay.topics()));
    replay.ruleTables().forEach((rule, table) -> out.printf("  rule %s -> table %s%n", rule, table));
    out.flush();

    long startNanos = System.nanoTime();
    if (!awaitCaughtUp(rest, replay, startNanos)) {
      return 2;
    }
    out.printf("CAUGHT-UP %s after %d s%n", name, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos));
    if (switchView) {
      Map<String, String> views = new LinkedHashMap<>();
      replay.ruleTables().forEach((rule, table) -> views.put(viewFormat.replace(ReplayConnector.RULE_PLACEHOLDER, rule), table));
      try (Connection c = DriverManager.getConnection(jdbcUrl, jdbcUser, jdbcPassword)) {
        ViewSwitch.switchViews(c, views);
      }
      views.forEach((view, table) -> out.printf("VIEW %s -> %s%n", view, table));
    }
    out.flush();
    return 0;
  }

  /** Polls lag and status each interval; false when the timeout passed first. */
  private boolean awaitCaughtUp(ConnectRest rest, ReplayConnector replay, long startNanos) throws InterruptedException {
    long deadline = timeoutSeconds > 0 ? startNanos + TimeUnit.SECONDS.toNanos(timeoutSeconds) : Long.MAX_VALUE;
    ReplayProgress progress = new ReplayProgress();
    String group = "connect-" + name;
    try (Admin admin = Admin.create(adminConfig())) {
      while (true) {
        Thread.sleep(TimeUnit.SECONDS.toMillis(Math.max(1, intervalSeconds)));
        JsonNode status;
        long behind;
        Long live;
        boolean started;
        try {
          status = rest.status(name); // 404 for a moment while the new connector starts
          behind = ConsumerLag.behind(admin, group, replay.topics());
          started = ConsumerLag.ofCommitted(admin, group) != null;
          live = ConsumerLag.ofCommitted(admin, "connect-" + from) != null
              ? ConsumerLag.behind(admin, "connect-" + from, replay.topics()) : null;
        } catch (IllegalStateException | UncheckedIOException | ExecutionException | TimeoutException e) {
          // a worker or the broker not answering for a while (a rebalance, a restart): ask again
          out.println("REPLAY " + name + " unknown for now: " + e.getMessage());
          if (System.nanoTime() > deadline) {
            return timedOut();
          }
          continue;
        }
        boolean running = running(status);
        out.println(progress.line(name, System.nanoTime(), behind, live));
        out.flush();
        // As current as the live sink (whose lag, like ours, keeps a residue of transaction markers
        // on transactional topics), once it has committed anything at all.
        if (running && (started || behind == 0) && behind <= (live == null ? 0 : live)) {
          return true;
        }
        if (System.nanoTime() > deadline) {
          return timedOut();
        }
      }
    }
  }

  private boolean timedOut() {
    out.printf("NOT-CAUGHT-UP %s within %d s; it keeps running (run the command again to follow it)%n",
        name, timeoutSeconds);
    return false;
  }

  /** True when the connector and all its tasks run; fails when any of them failed. */
  private boolean running(JsonNode status) {
    JsonNode connector = status.path("connector");
    if ("FAILED".equals(connector.path("state").asText())) {
      throw new IllegalStateException("connector " + name + " FAILED: " + firstLine(connector.path("trace").asText()));
    }
    boolean allRunning = "RUNNING".equals(connector.path("state").asText()) && !status.path("tasks").isEmpty();
    for (JsonNode task : status.path("tasks")) {
      if ("FAILED".equals(task.path("state").asText())) {
        throw new IllegalStateException("task " + name + "/" + task.path("id").asInt() + " FAILED: "
            + firstLine(task.path("trace").asText()));
      }
      allRunning &= "RUNNING".equals(task.path("state").asText());
    }
    return allRunning;
  }

  /** The Connect REST client the options ask for: with basic auth when --connect-user is given. */
  ConnectRest connectRest() throws IOException {
    if ((connectUser == null) != (connectPasswordFile == null)) {
      throw new IllegalArgumentException("--connect-user and --connect-password-file go together");
    }
    if (connectUser == null) {
      return new ConnectRest(connectUrl);
    }
    String password = Files.readString(connectPasswordFile).lines().findFirst().orElse("");
    if (password.isEmpty()) {
      throw new IllegalArgumentException(connectPasswordFile + " holds no password");
    }
    return ConnectRest.withBasicAuth(connectUrl, connectUser, password);
  }

  /** The lag's admin client: --kafka-config's properties, the bootstrap servers and short timeouts. */
  Map<String, Object> adminConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    if (kafkaConfigFile != null) {
      Properties props = PropertiesFile.read(kafkaConfigFile);
      props.stringPropertyNames().forEach(key -> config.put(key, props.getProperty(key)));
    }
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
    return config;
  }

  /** Fills what the options left open from the running demo's endpoints file. */
  private void resolveDemoDefaults() {
    boolean needsDemo = connectUrl == null || bootstrapServers == null || switchView && jdbcUrl == null;
    if (!needsDemo) {
      return;
    }
    Path dir = demoDir != null ? demoDir : StromHome.find().resolve("data").resolve("demo");
    DemoEndpoints demo = DemoEndpoints.read(dir);
    connectUrl = connectUrl != null ? connectUrl : demo.connectUrl();
    bootstrapServers = bootstrapServers != null ? bootstrapServers : demo.bootstrapServers();
    if (jdbcUrl == null) {
      jdbcUrl = demo.jdbcUrl();
      jdbcUser = jdbcUser != null ? jdbcUser : demo.jdbcUser();
      jdbcPassword = jdbcPassword != null ? jdbcPassword : demo.jdbcPassword();
    }
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
