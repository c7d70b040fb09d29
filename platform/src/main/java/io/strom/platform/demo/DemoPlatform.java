package io.strom.platform.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strom.platform.monitor.Monitor;
import io.strom.platform.process.ConnectWorker;
import io.strom.platform.process.Folders;
import io.strom.platform.process.JmxExporter;
import io.strom.platform.process.KafkaBroker;
import io.strom.platform.process.LogFormat;
import io.strom.platform.process.PluginArchive;
import io.strom.platform.process.PostgresProcess;
import io.strom.platform.process.SchemaRegistry;
import io.strom.platform.process.SecretFiles;
import io.strom.platform.process.SecurityProfile;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on this machine, each server its own process: PostgreSQL, a KRaft broker,
 * the schema registry and distributed Connect workers with the Strom archive on their plugin
 * path; then the topics and the connectors of {@code config/}. Closing stops everything in the
 * reverse order (Connect first, so that sinks commit before the broker goes away).
 */
public final class DemoPlatform implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DemoPlatform.class);

  /** Environment variables the connector JSON reads through the workers' env config provider. */
  static final String ENV_REGISTRY_URL = "STROM_SCHEMA_REGISTRY_URL";
  static final String ENV_PG_URL = "STROM_PG_URL";
  static final String ENV_PG_USER = "STROM_PG_USER";
  static final String ENV_PG_PASSWORD = "STROM_PG_PASSWORD";
  static final String ENV_CONFIG_DIR = "STROM_CONFIG_DIR";

  /** The file under the secrets folder with PostgreSQL's password (secure mode). */
  static final String PG_PASSWORD_SECRET = "postgres-password";
  private static final String AVRO_CONVERTER = "io.strom.avro.AvroConverter";

  private final DemoConfig config;
  private final Path dataDir;
  /** Null unless {@code --secure}. */
  private SecurityProfile security;
  private final List<AutoCloseable> started = new ArrayList<>();
  private PostgresProcess postgres;
  private KafkaBroker kafka;
  private SchemaRegistry registry;
  private final List<ConnectWorker> workers = new ArrayList<>();

  private DemoPlatform(DemoConfig config, Path dataDir) {
    this.config = config;
    this.dataDir = dataDir;
  }

  /**
   * Starts the platform for {@code configDir} with the given archive on the workers' plugin path
   * (for tests that need the servers without the live view).
   */
  public static DemoPlatform start(Path configDir, Path dataDir, Path archive, int workerCount, PrintStream out) {
    return start(new DemoConfig(configDir), dataDir, archive, workerCount, null, LogFormat.TEXT, out);
  }

  /**
   * Starts everything; on failure, stops what was started and rethrows. {@code postgresBinaries}
   * is where PostgreSQL's binaries are extracted (null: zonky's default); every process logs in
   * {@code logFormat}.
   */
  static DemoPlatform start(DemoConfig config, Path dataDir, Path archive, int workerCount, Path postgresBinaries,
                            LogFormat logFormat, PrintStream out) {
    return start(config, dataDir, archive, workerCount, postgresBinaries, logFormat, false, out);
  }

  /**
   * Starts the secured platform of {@code ./strom demo --secure} (for tests that attack it):
   * SASL_SSL with ACLs, REST behind basic auth, secrets by ConfigProvider.
   */
  public static DemoPlatform startSecure(Path configDir, Path dataDir, Path archive, int workerCount, PrintStream out) {
    return start(new DemoConfig(configDir), dataDir, archive, workerCount, null, LogFormat.TEXT, true, out);
  }

  /** As above; {@code secure}: see {@link #startSecure}. */
  static DemoPlatform start(DemoConfig config, Path dataDir, Path archive, int workerCount, Path postgresBinaries,
                            LogFormat logFormat, boolean secure, PrintStream out) {
    DemoPlatform platform = new DemoPlatform(config, dataDir);
    try {
      platform.startAll(archive, workerCount, postgresBinaries, logFormat, secure, out);
      return platform;
    } catch (RuntimeException e) {
      // Stop gracefully even when start-up was interrupted (Ctrl-C): SIGTERM, then wait.
      boolean interrupted = Thread.interrupted();
      platform.close();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      throw e;
    }
  }

  private void startAll(Path archive, int workerCount, Path postgresBinaries, LogFormat logFormat, boolean secure,
                        PrintStream out) {
    Folders.delete(dataDir);
    Path logs = Folders.create(dataDir.resolve("logs"));
    Path plugins = Folders.create(dataDir.resolve("plugins"));
    PluginArchive.unpack(archive, plugins);
    out.println("plugin.path  " + plugins + "  (" + archive.getFileName() + ")");
    DemoAcls acls = null;
    if (secure) {
      acls = new DemoAcls(config);
      security = SecurityProfile.create(dataDir.resolve("secrets"), acls.principals());
      out.println("secured: certificates, SCRAM passwords and REST users in " + security.dir());
    }

    out.println("starting PostgreSQL ...");
    postgres = track(PostgresProcess.start(dataDir.resolve("postgres"), logs, postgresBinaries, logFormat));
    String pgPassword = PostgresProcess.PASSWORD;
    if (secure) {
      postgres.changePassword(SecretFiles.password());
      pgPassword = security.secret(PG_PASSWORD_SECRET, postgres.password());
    }
    out.println("starting Kafka (KRaft broker+controller) ...");
    kafka = track(KafkaBroker.start(Folders.create(dataDir.resolve("kafka")), logFormat, exporter("kafka-broker.yml"),
        security));
    if (secure) {
      createPrincipals(acls);
    }
    createTopics();

    Map<String, String> env = new LinkedHashMap<>();
    env.put(ENV_PG_URL, postgres.jdbcUrl());
    env.put(ENV_PG_USER, PostgresProcess.USER);
    if (!secure) {
      env.put(ENV_PG_PASSWORD, pgPassword);
    }
    env.put(ENV_CONFIG_DIR, config.dir().toString());
    out.println("starting the schema registry ...");
    registry = track(SchemaRegistry.start(config.registryProperties(), kafka.bootstrapServers(),
        Folders.create(dataDir.resolve("registry")), logs, logFormat, security, DemoAcls.REGISTRY));
    env.put(ENV_REGISTRY_URL, registry.url());

    out.println("starting " + workerCount + " Connect workers (distributed) ...");
    Path connectDir = Folders.create(dataDir.resolve("connect"));
    for (int i = 0; i < workerCount; i++) {
      workers.add(track(ConnectWorker.start(i + 1, config.workerProperties(), kafka.bootstrapServers(),
          plugins, env, connectDir, logs, logFormat, exporter("kafka-connect.yml"), security, DemoAcls.WORKER)));
    }
    workers.forEach(ConnectWorker::awaitReady);

    for (DemoConfig.Connector connector : config.connectors()) {
      ObjectNode connectorConfig = connector.config().deepCopy();
      connectorConfig.put("name", connector.name());
      if (secure) {
        secure(security, connector.name(), connectorConfig, pgPassword);
      }
      workers.get(0).rest().putConnector(connector.name(), connectorConfig);
      out.println("connector " + connector.name() + " registered (" + config.dir().relativize(connector.file()) + ")");
    }
    DemoEndpoints.of(this).write(dataDir);
  }

  /**
   * A Prometheus JMX exporter with the rules {@code monitoring/jmx-exporter/<rulesFile>} beside
   * {@code config/}, the same rules docker-compose uses; null (no exporter) when that folder is
   * not there, e.g. for a config folder of one's own elsewhere.
   */
  private JmxExporter exporter(String rulesFile) {
    Path rules = config.dir().resolveSibling("monitoring").resolve("jmx-exporter").resolve(rulesFile);
    if (!Files.isRegularFile(rules)) {
      log.info("no {}: the process runs without the Prometheus JMX exporter", rules);
      return null;
    }
    return JmxExporter.withRules(rules);
  }

  /**
   * A connector's config in secure mode: its clients authenticate as its own principal, its Avro
   * converters trust the registry's CA and log in to it, and the PostgreSQL password comes from the
   * secrets folder (the workers' environment has none); all by placeholder, so that the config
   * Connect stores and shows holds no secret.
   */
  static void secure(SecurityProfile security, String name, ObjectNode connectorConfig, String pgPasswordPlaceholder) {
    security.connectorClientOverrides(DemoAcls.principal(name)).forEach(connectorConfig::put);
    for (String converter : List.of("key.converter", "value.converter")) {
      if (connectorConfig.path(converter).asText().equals(AVRO_CONVERTER)) {
        security.registryClientProperties(converter + ".").forEach(connectorConfig::put);
      }
    }
    List<String> passwordKeys = new ArrayList<>();
    connectorConfig.fieldNames().forEachRemaining(key -> {
      if (connectorConfig.get(key).asText().equals("${env:" + ENV_PG_PASSWORD + "}")) {
        passwordKeys.add(key);
      }
    });
    passwordKeys.forEach(key -> connectorConfig.put(key, pgPasswordPlaceholder));
  }

  /** The SCRAM credentials of every principal but the super user (created at format time), then the ACLs. */
  private void createPrincipals(DemoAcls acls) {
    try (Admin admin = kafka.admin()) {
      List<UserScramCredentialAlteration> credentials = new ArrayList<>();
      for (String user : acls.principals()) {
        credentials.add(new UserScramCredentialUpsertion(user,
            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), security.password(user)));
      }
      admin.alterUserScramCredentials(credentials).all().get(30, TimeUnit.SECONDS);
      admin.createAcls(acls.bindings()).all().get(30, TimeUnit.SECONDS);
      log.info("created {} SCRAM principals and {} ACLs", credentials.size(), acls.bindings().size());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating principals", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot create the principals and ACLs", e);
    }
  }

  private void createTopics() {
    try (Admin admin = kafka.admin()) {
      for (Map.Entry<String, Integer> topic : config.topics().entrySet()) {
        try {
          admin.createTopics(List.of(new NewTopic(topic.getKey(), topic.getValue(), (short) 1)))
              .all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + topic.getKey(), e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("creating topics timed out", e);
    }
  }

  private <T extends AutoCloseable> T track(T component) {
    started.add(component);
    return component;
  }

  /** The workers' REST API base URLs. */
  public List<String> restUrls() {
    return workers.stream().map(ConnectWorker::restUrl).toList();
  }

  /** The broker's Prometheus metrics endpoint (the workers': {@link ConnectWorker#exporter()}). */
  public Optional<JmxExporter> brokerExporter() {
    return kafka.exporter();
  }

  public String jdbcUrl() {
    return postgres.jdbcUrl();
  }

  /** The broker's address (for tests that bring clients or workers of their own). */
  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** The schema registry's base URL (for tests that bring clients of their own). */
  public String schemaRegistryUrl() {
    return registry.url();
  }

  /**
   * A monitor of this pipeline, counting the output tables of the rules in {@code config/} (the
   * caller closes it).
   */
  public Monitor monitor() {
    List<Monitor.RuleTable> rules = config.rules().stream()
        .map(rule -> new Monitor.RuleTable(rule.name(), rule.table(), rule.isAlert()))
        .toList();
    return new Monitor(workers, kafka, postgres, rules);
  }

  PostgresProcess postgres() {
    return postgres;
  }

  /** The secured platform's credentials and certificates; null unless started secure. */
  public SecurityProfile security() {
    return security;
  }

  KafkaBroker kafka() {
    return kafka;
  }

  SchemaRegistry registry() {
    return registry;
  }

  /** The Connect workers, in the order they were started (for tests that stop or kill one). */
  public List<ConnectWorker> workers() {
    return workers;
  }

  Path dataDir() {
    return dataDir;
  }

  /** Stops every process, most dependent first; never throws (it runs from a shutdown hook too). */
  @Override
  public synchronized void close() {
    List<AutoCloseable> reverse = new ArrayList<>(started);
    Collections.reverse(reverse);
    started.clear();
    // Workers stop together: each leaves the group and lets its tasks commit.
    List<Thread> stoppingWorkers = new ArrayList<>();
    for (AutoCloseable component : reverse) {
      if (component instanceof ConnectWorker worker) {
        Thread t = new Thread(() -> closeQuietly(worker), "stop-" + worker.process().name());
        t.start();
        stoppingWorkers.add(t);
      }
    }
    for (Thread t : stoppingWorkers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (AutoCloseable component : reverse) {
      if (!(component instanceof ConnectWorker)) {
        closeQuietly(component);
      }
    }
  }

  private static void closeQuietly(AutoCloseable component) {
    try {
      component.close();
    } catch (Exception e) {
      log.warn("stopping {} failed: {}", component.getClass().getSimpleName(), e.toString());
    }
  }
}
