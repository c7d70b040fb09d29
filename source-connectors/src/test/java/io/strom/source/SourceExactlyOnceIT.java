package io.strom.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.source.sim.SimulationConfig;
import io.strom.source.stock.StockTickSourceConnector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Exactly once across a worker stop: the stock feed (whose prices are a random walk resumed from
 * the source offsets) runs with three tasks on two workers; one worker is stopped mid-run, its
 * tasks move to the other, and the topic must end with every expected record exactly once. Late
 * delivery is on, so resumed entities also hold back and skip records as their offsets say. The
 * transactions span a second of polls, as the shipped configs set them, so the stop lands with
 * transactions open over many polls.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SourceExactlyOnceIT {

  private static final String TOPIC = "stock-ticks-eos";
  private static final int RECORDS = 6_000;

  private static EmbeddedConnectCluster connect;

  @BeforeAll
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  static void startCluster() {
    // Reassign the stopped worker's tasks after 1 s instead of the default 5 minutes.
    connect = ExactlyOnceClusters.build("source-eos-it", 2, Map.of("scheduled.rebalance.max.delay.ms", "1000"));
    connect.start();
  }

  @AfterAll
  static void stopCluster() {
    if (connect != null) {
      connect.stop();
    }
  }

  @Test
  void stoppingAWorkerMidRunLosesNothingAndDuplicatesNothing() throws Exception {
    FeedRuns stocks = FeedRuns.all().filter(f -> f.feed() == StockTickSourceConnector.FEED).findFirst().orElseThrow();
    Map<String, String> config = SimulatedSourcesIT.connectorConfig(stocks, TOPIC, 3);
    config.put("max.records", Integer.toString(RECORDS));
    config.put("rate.per.second", "200");
    config.put("batch.size", "50");
    config.put("late.rate", "0.1");
    config.put("max.delay.ms", "20000");
    config.put("transaction.boundary", "interval");
    config.put("transaction.boundary.interval.ms", "1000");
    List<SourceRecord> reference = stocks.run(config, 1);
    List<String> expected = TopicContents.expectedKeyedValues(reference);
    List<String> expectedDelays = reference.stream()
        .filter(r -> r.headers().lastWithName(SimulationConfig.DELAYED_HEADER) != null)
        .map(r -> r.key() + "@" + r.timestamp() + "+" + r.headers().lastWithName(SimulationConfig.DELAYED_HEADER).value())
        .sorted().toList();

    SimulatedSourcesIT.createTopic(connect, TOPIC);
    connect.configureConnector(TOPIC, config);
    connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(TOPIC, 3, "connector did not start");
    List<ConsumerRecord<byte[], byte[]>> records = waitForAtLeast(1_000, 60);
    assertThat(records.size()).as("the run is still going when the worker stops").isLessThan(RECORDS / 2);

    WorkerHandle stopped = connect.workers().iterator().next();
    connect.removeWorker(stopped);
    records = waitForAtLeast(RECORDS, 120);
    Thread.sleep(2_000); // a finished connector must not write more
    records = TopicContents.readCommitted(connect, TOPIC);

    List<String> actual = TopicContents.keyedValues(records);
    assertThat(actual).hasSize(RECORDS);
    assertThat(actual).as("every expected record exactly once").isEqualTo(expected);
    List<String> delays = records.stream().filter(r -> r.headers().lastHeader(SimulationConfig.DELAYED_HEADER) != null)
        .map(r -> new String(r.key(), StandardCharsets.UTF_8) + "@" + r.timestamp() + "+"
            + new String(r.headers().lastHeader(SimulationConfig.DELAYED_HEADER).value(), StandardCharsets.UTF_8))
        .sorted().toList();
    assertThat(expectedDelays).hasSizeGreaterThan(RECORDS / 20);
    assertThat(delays).as("the same records late by the same delays").isEqualTo(expectedDelays);
  }

  /**
   * Without a configured start.time the connector picks "now" once and keeps it: restarted (as on
   * another worker after a failover) it finds the time in its committed offsets and hands out the
   * same task configs, so Connect does not restart every task a second time.
   */
  @Test
  void aRestartedConnectorKeepsTheStartTimeItPicked() throws Exception {
    String name = "stock-ticks-restart";
    FeedRuns stocks = FeedRuns.all().filter(f -> f.feed() == StockTickSourceConnector.FEED).findFirst().orElseThrow();
    Map<String, String> config = SimulatedSourcesIT.connectorConfig(stocks, name, 2);
    config.remove("start.time");
    config.put("max.records", "100000");
    config.put("rate.per.second", "200");
    SimulatedSourcesIT.createTopic(connect, name);
    connect.configureConnector(name, config);
    connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 2, "connector did not start");
    waitForAtLeast(name, 100, 60); // committed records come with committed offsets (one transaction)
    List<String> before = startTimes(name);
    assertThat(before).hasSize(2).doesNotContainNull();

    connect.restartConnector(name);
    connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 2, "connector did not restart");
    Thread.sleep(3_000); // a reconfiguration would follow the connector's start within this time

    assertThat(startTimes(name)).as("start.time in the task configs after the restart").isEqualTo(before);
    connect.deleteConnector(name);
  }

  private static List<String> startTimes(String connector) {
    return connect.taskConfigs(connector).stream().map(task -> task.config().get("start.time")).toList();
  }

  private static List<ConsumerRecord<byte[], byte[]>> waitForAtLeast(int count, int seconds) throws InterruptedException {
    return waitForAtLeast(TOPIC, count, seconds);
  }

  private static List<ConsumerRecord<byte[], byte[]>> waitForAtLeast(String topic, int count, int seconds)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + seconds * 1_000L;
    List<ConsumerRecord<byte[], byte[]>> records = TopicContents.readCommitted(connect, topic);
    while (records.size() < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
      records = TopicContents.readCommitted(connect, topic);
    }
    return records;
  }
}
