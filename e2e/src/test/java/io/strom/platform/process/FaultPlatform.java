package io.strom.platform.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers of the fault matrix, each its own operating-system process started with the
 * platform's own classes (the launcher's broker, registry and {@code ConnectDistributed} workers
 * with only the plugin archive on plugin.path), plus Debian's PostgreSQL under {@code pg_ctl}.
 * Unlike the demo it can kill, pause and restart any of them on the same data directories.
 */
final class FaultPlatform implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FaultPlatform.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Multiplies record counts and run lengths: 1 in CI, 10 with {@code -Psoak}. */
  static final int SCALE = Integer.parseInt(System.getProperty("strom.faults.scale", "1").strip());

  private final Path dir;
  private final Path logs;
  private final Path plugins;
  private final Properties workerTemplate;
  private DebianPostgres postgres;
  private KafkaBroker kafka;
  private JavaProcess restartedBroker;
  private SchemaRegistry registry;
  /** Worker i (0-based) or null once stopped or killed; a restart appends a new one. */
  private final List<ConnectWorker> workers = new ArrayList<>();
  /** Indexes of workers under SIGSTOP: they neither answer REST nor count as live. */
  private final java.util.Set<Integer> paused = new java.util.HashSet<>();

  private FaultPlatform(Path dir, Properties workerTemplate) {
    this.dir = dir;
    this.logs = Folders.create(dir.resolve("logs"));
    this.plugins = Folders.create(dir.resolve("plugins"));
    this.workerTemplate = workerTemplate;
  }

  /** target/faults/CLASS, emptied: the servers' logs stay there after the run for a failure's diagnosis. */
  static Path workDir(Class<?> testClass) {
    Path dir = Path.of("target", "faults", testClass.getSimpleName()).toAbsolutePath();
    Folders.delete(dir);
    return Folders.create(dir);
  }

  static FaultPlatform start(Path dir, int workerCount) {
    Path home = Path.of(System.getProperty("strom.home", ".."));
    Properties template = PropertiesFile.read(home.resolve("config").resolve("connect-distributed.properties"));
    // Failover in seconds, as config/connect-distributed.properties documents it (these apply
    // only where that file does not set them): a departed worker's tasks are reassigned at once,
    // and a worker or sink consumer that stops answering leaves its group after 6 s.
    template.putIfAbsent("scheduled.rebalance.max.delay.ms", "0");
    template.putIfAbsent("session.timeout.ms", "6000");
    template.putIfAbsent("heartbeat.interval.ms", "2000");
    template.putIfAbsent("consumer.session.timeout.ms", "6000");
    template.putIfAbsent("consumer.heartbeat.interval.ms", "2000");
    template.setProperty("offset.flush.interval.ms", "1000");
    template.setProperty("group.id", "strom-faults");
    FaultPlatform platform = new FaultPlatform(dir, template);
    try {
      PluginArchive.unpack(Path.of(System.getProperty("strom.archive")), platform.plugins);
      platform.postgres = DebianPostgres.create();
      platform.kafka = KafkaBroker.startWithDedicatedController(Folders.create(dir.resolve("kafka")));
      platform.registry = SchemaRegistry.start(PropertiesFile.read(home.resolve("config").resolve("schema-registry.properties")),
          platform.bootstrapServers(), Folders.create(dir.resolve("registry")), platform.logs);
      for (int i = 0; i < workerCount; i++) {
        platform.workers.add(platform.launchWorker(i + 1));
      }
      platform.workers.forEach(ConnectWorker::awaitReady);
      return platform;
    } catch (RuntimeException e) {
      platform.close();
      throw e;
    }
  }

  private ConnectWorker launchWorker(int index) {
    return ConnectWorker.start(index, workerTemplate, bootstrapServers(), plugins, Map.of(),
        Folders.create(dir.resolve("connect")), logs);
  }

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  DebianPostgres postgres() {
    return postgres;
  }

  String registryUrl() {
    return registry.url();
  }

  Admin admin() {
    return kafka.admin();
  }

  /**
   * Creates a topic that keeps its records: the runs' record timestamps are simulated event times
   * from January 2026, and the broker's time-based retention would delete them as they land.
   */
  void createTopic(String name, int partitions) {
    try (Admin admin = admin()) {
      NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(Map.of("retention.ms", "-1"));
      admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topic " + name, e);
    }
  }

  /**
   * A sink connector's consumer lag over {@code partitions}: their read-committed end offsets
   * minus the offsets its group ({@code connect-NAME}) committed, summed. -1 when the broker does
   * not answer.
   */
  long sinkLag(String connector, Collection<TopicPartition> partitions) {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("connect-" + connector)
          .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      long lag = 0;
      for (var e : endOffsets(admin, partitions).entrySet()) {
        OffsetAndMetadata done = committed.get(e.getKey());
        lag += e.getValue().offset() - (done == null ? 0 : done.offset());
      }
      return lag;
    } catch (Exception e) {
      return -1;
    }
  }

  /** The read-committed end offsets of {@code partitions}, summed; -1 when the broker does not answer. */
  long endOffsetSum(Collection<TopicPartition> partitions) {
    try (Admin admin = admin()) {
      long sum = 0;
      for (ListOffsetsResult.ListOffsetsResultInfo end : endOffsets(admin, partitions).values()) {
        sum += end.offset();
      }
      return sum;
    } catch (Exception e) {
      return -1;
    }
  }

  private static Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> endOffsets(Admin admin,
      Collection<TopicPartition> partitions) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
    partitions.forEach(p -> request.put(p, OffsetSpec.latest()));
    return admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(10, TimeUnit.SECONDS);
  }

  // ---- workers -------------------------------------------------------------------------------

  /** Indexes of the workers that are running (not stopped or killed). */
  List<Integer> liveWorkers() {
    List<Integer> live = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      if (workers.get(i) != null && !paused.contains(i)) {
        live.add(i);
      }
    }
    return live;
  }

  /** The worker ids ({@code host:port}) Connect's status reports for the live workers. */
  java.util.Set<String> liveWorkerIds() {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (int i : liveWorkers()) {
      ids.add(URI.create(workers.get(i).restUrl()).getAuthority());
    }
    return ids;
  }

  /** The index of the worker with this id ({@code host:port}), or -1. */
  int workerIndex(String workerId) {
    for (int i = 0; i < workers.size(); i++) {
      if (workers.get(i) != null && URI.create(workers.get(i).restUrl()).getAuthority().equals(workerId)) {
        return i;
      }
    }
    return -1;
  }

  /** The index of the worker running task {@code task} of {@code connector}, waiting (30 s at most) until it has one. */
  int workerOf(String connector, int task) throws IOException {
    for (int attempt = 0; attempt < 60; attempt++) {
      for (JsonNode t : JSON.readTree(status(connector)).path("tasks")) {
        if (t.path("id").asInt() == task && "RUNNING".equals(t.path("state").asText())) {
          int index = workerIndex(t.path("worker_id").asText());
          if (index >= 0) {
            return index;
          }
        }
      }
      sleep(500);
    }
    throw new AssertionError(connector + " task " + task + " is not running: " + status(connector));
  }

  /** Starts one more worker and waits until it serves REST; returns its index. */
  int startWorker() {
    ConnectWorker worker = launchWorker(workers.size() + 1);
    workers.add(worker);
    worker.awaitReady();
    return workers.size() - 1;
  }

  /** SIGKILL: the worker gets no chance to commit, flush or leave the group. */
  void killWorker(int index) {
    ConnectWorker worker = workers.set(index, null);
    worker.process().kill();
    worker.metrics().close();
  }

  /** SIGTERM and wait: the worker leaves the group and its tasks commit (scaling down). */
  void stopWorker(int index) {
    workers.set(index, null).close();
  }

  void pauseWorker(int index) {
    workers.get(index).process().signal("STOP");
    paused.add(index);
  }

  void resumeWorker(int index) {
    workers.get(index).process().signal("CONT");
    paused.remove(index);
  }

  /** Heap in use on every live worker, in bytes (-1 for one that does not answer). */
  List<Long> workerHeaps() {
    return liveWorkers().stream().map(i -> workers.get(i).metrics().heapUsedBytes()).toList();
  }

  // ---- the broker ----------------------------------------------------------------------------

  void killBroker() {
    if (restartedBroker != null) {
      restartedBroker.kill();
    } else {
      kafka.process().kill();
    }
  }

  /**
   * Starts the broker again on the same config, ports and log dirs (the cluster id is in
   * meta.properties), once the controller has fenced the dead one, as it does after
   * {@code broker.session.timeout.ms} (9 s): a broker back sooner starts from metadata that
   * still names it the leader of every partition ({@link KafkaBroker#startWithDedicatedController}).
   */
  void restartBroker() {
    awaitLogLine(logs.resolve("kafka-controller.log"), "Fencing broker 1 ", "because its session has timed out",
        Duration.ofSeconds(60));
    Path config = dir.resolve("kafka").resolve("server.properties");
    restartedBroker = KafkaBroker.startServer("kafka", config, null, logs.resolve("kafka.log"), LogFormat.TEXT);
    restartedBroker.awaitReady("Kafka broker (restarted)", Duration.ofSeconds(90), this::brokerAnswers);
  }

  /** Waits for a line of {@code log} that holds both {@code part} and {@code rest}. */
  private static void awaitLogLine(Path log, String part, String rest, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (Files.exists(log) && Files.readAllLines(log).stream().anyMatch(l -> l.contains(part) && l.contains(rest))) {
          return;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      sleep(500);
    }
    throw new AssertionError("no '" + part + "... " + rest + "' in " + log + " within " + timeout.toSeconds() + " s");
  }

  private boolean brokerAnswers() {
    try (Admin admin = admin()) {
      return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  // ---- Connect REST --------------------------------------------------------------------------

  void putConnector(String name, ObjectNode config) {
    send("PUT", "/connectors/" + name + "/config", config.toString());
  }

  void deleteConnector(String name) {
    send("DELETE", "/connectors/" + name, null);
  }

  /**
   * {@code POST /connectors/NAME/restart?includeTasks=true&onlyFailed=true}, the operator's step
   * for a task Connect failed for good (a fenced exactly-once source task); returns how many
   * tasks were FAILED.
   */
  int restartFailedTasks(String name) {
    String status = status(name);
    int failed = status.split("\"state\":\"FAILED\"", -1).length - 1;
    if (failed > 0) {
      send("POST", "/connectors/" + name + "/restart?includeTasks=true&onlyFailed=true", null);
    }
    return failed;
  }

  /**
   * Prints the transactions open on the workers' offsets topic for more than {@code olderThanMs}
   * and the coordinator's view of the source tasks' transactional ids
   * ({@code <group.id>-<connector>-<task>}, Connect's names for them).
   */
  void printHangingTransactions(String sourceConnector, int tasks, long olderThanMs) {
    List<String> ids = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      ids.add(workerTemplate.getProperty("group.id") + "-" + sourceConnector + "-" + t);
    }
    try (Admin admin = admin()) {
      HangingTransactions.find(admin, List.of(workerTemplate.getProperty("offset.storage.topic")), ids, olderThanMs)
          .forEach(t -> System.out.println("transaction: " + t));
    } catch (Exception e) {
      System.out.println("could not describe the transactions: " + e);
    }
  }

  /** Connector and task states as {@code GET /connectors/NAME/status} gives them, from any live worker. */
  String status(String name) {
    return send("GET", "/connectors/" + name + "/status", null);
  }

  private String send(String method, String path, String body) {
    RuntimeException last = null;
    // Any live worker answers; during a rebalance one may return 409 for a while.
    for (int attempt = 0; attempt < 60; attempt++) {
      for (int i : liveWorkers()) {
        try {
          HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(workers.get(i).restUrl() + path))
              .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json");
          request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
          HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() < 300 || "GET".equals(method) && response.statusCode() == 404) {
            return response.body();
          }
          last = new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode() + " " + response.body());
        } catch (IOException e) {
          last = new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
      sleep(1000);
    }
    throw last != null ? last : new IllegalStateException("no live worker for " + method + " " + path);
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    List<Thread> stopping = new ArrayList<>();
    for (ConnectWorker worker : workers) {
      if (worker != null) {
        try {
          worker.process().signal("CONT"); // a paused worker cannot stop
        } catch (RuntimeException ignored) {
          // already gone
        }
        Thread t = new Thread(worker::close);
        t.start();
        stopping.add(t);
      }
    }
    for (Thread t : stopping) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (AutoCloseable c : new AutoCloseable[] {registry, restartedBroker, kafka, postgres}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          log.warn("stopping {} failed: {}", c.getClass().getSimpleName(), e.toString());
        }
      }
    }
  }
}
