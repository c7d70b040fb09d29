package io.strom.sink;

import static io.strom.sink.SinkTestSupport.awaitScalar;
import static io.strom.sink.SinkTestSupport.connectorConfig;
import static io.strom.sink.SinkTestSupport.query;
import static io.strom.sink.SinkTestSupport.scalar;
import static io.strom.sink.SinkTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.strom.testkit.ConnectClusters;
import io.strom.testkit.TestPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Exactly once under faults: the database going away for 30 s, and a worker leaving mid-run
 * (stopped with a near-zero graceful shutdown timeout, so its task is abandoned, not drained).
 * Inserts without a primary key, so any duplicate would show as an extra row.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresSinkFaultsIT {

  private static final Schema READING = SchemaBuilder.struct().name("reading")
      .field("id", Schema.INT64_SCHEMA).field("device", Schema.STRING_SCHEMA)
      .field("value", Schema.FLOAT64_SCHEMA).build();

  private static Path dataDirectory;
  private static int port;
  private static TestPostgres postgres;
  private static EmbeddedConnectCluster cluster;
  private static KafkaProducer<byte[], byte[]> producer;

  @BeforeAll
  static void start() throws IOException {
    dataDirectory = Files.createTempDirectory("strom-sink-pg");
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    postgres = TestPostgres.start(port, dataDirectory);
    cluster = ConnectClusters.start("sink-faults", 2, Map.of(
        "scheduled.rebalance.max.delay.ms", "1000",
        "task.shutdown.graceful.timeout.ms", "10"));
    producer = SinkTestSupport.producer(cluster);
  }

  @AfterAll
  static void stop() throws IOException {
    SinkTestSupport.stopAll(producer, cluster, postgres);
    if (dataDirectory != null) {
      try (var paths = Files.walk(dataDirectory)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  @Order(1)
  void postgresDownFor30SecondsLosesAndDuplicatesNothing() throws Exception {
    String topic = "outage";
    cluster.kafka().createTopic(topic, 2);
    Map<String, String> config = connectorConfig(topic, postgres);
    config.put("tasks.max", "2");
    config.put("max.retries", "100");
    config.put("retry.backoff.ms", "1000");
    cluster.configureConnector("outage", config);

    produce(topic, 0, 20_000);
    awaitScalar(postgres, "SELECT count(*) FROM outage", 20_000, Duration.ofSeconds(60));

    postgres.close();
    produce(topic, 20_000, 40_000); // arrives while the database is down: flushes fail and are retried
    Thread.sleep(30_000);
    postgres = TestPostgres.start(port, dataDirectory);

    awaitScalar(postgres, "SELECT count(DISTINCT id) FROM outage", 40_000, Duration.ofSeconds(90));
    Thread.sleep(2_000);
    assertExactlyOnce("outage", 40_000);
    ConnectorStateInfo status = cluster.connectorStatus("outage");
    assertThat(status.tasks()).allSatisfy(task -> assertThat(task.state()).isEqualTo("RUNNING"));
    cluster.deleteConnector("outage");
  }

  @Test
  @Order(2)
  void killingOneOfTwoWorkersMidRunLosesAndDuplicatesNothing() throws Exception {
    String topic = "kill";
    int total = 100_000;
    cluster.kafka().createTopic(topic, 2);
    Map<String, String> config = connectorConfig(topic, postgres);
    config.put("tasks.max", "2");
    config.put("batch.size", "1000");
    cluster.configureConnector("kill", config);
    cluster.assertions().assertConnectorAndExactlyNumTasksAreRunning("kill", 2, "tasks did not start");

    // Produce at a limited rate in the background, so the worker leaves while records still flow.
    Thread background = new Thread(() -> {
      for (int from = 0; from < total; from += 5_000) {
        produce(topic, from, from + 5_000);
        try {
          Thread.sleep(400);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    background.start();
    SinkTestSupport.awaitValue(() -> scalar(postgres, "SELECT count(*) FROM kill") >= 25_000, true,
        Duration.ofSeconds(60), "rows before the kill");

    WorkerHandle victim = workerRunningATask("kill");
    long rowsAtKill = scalar(postgres, "SELECT count(*) FROM kill");
    cluster.removeWorker(victim);
    background.join();
    assertThat(rowsAtKill).isLessThan(total);

    awaitScalar(postgres, "SELECT count(DISTINCT id) FROM kill", total, Duration.ofSeconds(120));
    Thread.sleep(3_000);
    assertExactlyOnce("kill", total);
    cluster.deleteConnector("kill");
  }

  private static final String WINDOWED = """
      CREATE STREAM events (device STRING KEY, temp DOUBLE) WITH (KAFKA_TOPIC='events', VALUE_FORMAT='JSON');
      CREATE TABLE device_windows AS
        SELECT device, COUNT(*) AS n, SUM(temp) AS total
        FROM events WINDOW TUMBLING (SIZE 10 SECONDS)
        GROUP BY device EMIT CHANGES;
      """;

  /**
   * A windowed rule hosted in the sink, a worker killed mid-run: the rule's table equals what an
   * uninterrupted run computes (every device's count and sum per window, from the input itself).
   * Skipped while the rules library cannot run aggregations.
   */
  @Test
  @Order(3)
  void killingAWorkerMidRunLeavesAWindowedRulesOutputAsIfUninterrupted() throws Exception {
    boolean supported;
    try {
      io.strom.rules.RuleScript.compile(WINDOWED).rule().newInstance();
      supported = true;
    } catch (UnsupportedOperationException e) {
      supported = false;
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(supported,
        "the rules library does not run windowed aggregations yet");
    while (cluster.workers().size() < 2) {
      cluster.addWorker();
    }
    String topic = "events";
    int total = 100_000;
    cluster.kafka().createTopic(topic, 2);
    Map<String, String> config = connectorConfig(topic, postgres);
    config.put("tasks.max", "2");
    config.put("batch.size", "1000");
    config.put("rules", WINDOWED);
    config.put("write.records", "false");
    cluster.configureConnector("windows", config);
    cluster.assertions().assertConnectorAndExactlyNumTasksAreRunning("windows", 2, "tasks did not start");

    Schema value = SchemaBuilder.struct().name("event").field("temp", Schema.FLOAT64_SCHEMA).build();
    // Event times from ten minutes ago on: old enough to never be in the future, young enough that
    // no broker retention check deletes them mid-test.
    long base = (System.currentTimeMillis() - 600_000) / 10_000 * 10_000;
    Thread background = new Thread(() -> {
      for (int from = 0; from < total; from += 5_000) {
        for (int i = from; i < from + 5_000; i++) {
          int device = i % 50;
          send(producer, topic, device % 2, base + i * 5L, Schema.STRING_SCHEMA, "dev-" + device, value,
              new Struct(value).put("temp", (double) (i % 100)));
        }
        producer.flush();
        try {
          Thread.sleep(400);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    background.start();
    SinkTestSupport.awaitValue(() -> scalar(postgres, "SELECT coalesce(sum(next_offset), 0) FROM strom_sink_offsets "
        + "WHERE connector = 'windows'") >= 25_000, true, Duration.ofSeconds(60), "records before the kill");
    cluster.removeWorker(workerRunningATask("windows"));
    background.join();

    SinkTestSupport.awaitValue(() -> scalar(postgres, "SELECT coalesce(sum(next_offset), 0) FROM strom_sink_offsets "
        + "WHERE connector = 'windows'"), (long) total, Duration.ofSeconds(120), "records processed");
    java.util.Map<List<Object>, List<Object>> expected = new java.util.TreeMap<>(java.util.Comparator.comparing(Object::toString));
    for (int i = 0; i < total; i++) {
      long windowStart = (base + i * 5L) / 10_000 * 10_000;
      List<Object> key = List.of("dev-" + (i % 50), windowStart);
      List<Object> previous = expected.getOrDefault(key, List.of(0L, 0.0));
      expected.put(key, List.of((Long) previous.get(0) + 1, (Double) previous.get(1) + i % 100));
    }
    java.util.Map<List<Object>, List<Object>> actual = new java.util.TreeMap<>(java.util.Comparator.comparing(Object::toString));
    for (List<Object> row : query(postgres, "SELECT device, (extract(epoch FROM window_start) * 1000)::bigint, n, total "
        + "FROM device_windows")) {
      actual.put(List.of(row.get(0), row.get(1)), List.of(row.get(2), row.get(3)));
    }
    assertThat(actual).isEqualTo(expected);
    cluster.deleteConnector("windows");
  }

  private static void assertExactlyOnce(String table, long total) {
    assertThat(query(postgres, "SELECT count(*), count(DISTINCT id), min(id), max(id), "
        + "count(*) FILTER (WHERE value <> id * 0.5 OR device <> 'dev-' || (id % 7)) FROM " + table))
        .containsExactly(List.of(total, total, 0L, total - 1, 0L));
    assertThat(query(postgres, "SELECT kafka_partition, next_offset FROM strom_sink_offsets WHERE connector = '"
        + table + "' ORDER BY kafka_partition"))
        .containsExactly(List.of(0, total / 2), List.of(1, total / 2));
  }

  private static WorkerHandle workerRunningATask(String connector) {
    String workerId = cluster.connectorStatus(connector).tasks().get(0).workerId();
    return cluster.workers().stream().filter(w -> workerId.contains(":" + w.url().getPort()))
        .findFirst().orElseThrow(() -> new AssertionError("no worker matches " + workerId));
  }

  /** Readings with ids [from, to): even ids to partition 0, odd to 1. */
  private static void produce(String topic, long from, long to) {
    for (long id = from; id < to; id++) {
      send(producer, topic, (int) (id % 2), null, null, READING,
          new Struct(READING).put("id", id).put("device", "dev-" + (id % 7)).put("value", id * 0.5));
    }
    producer.flush();
  }
}
