package io.strom.sink;

import io.strom.testkit.ConnectClusters;
import io.strom.testkit.TestPostgres;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What most sink integration tests start once per test class and stop after it: a real
 * PostgreSQL, a Connect cluster of one worker, and a producer into its broker. Register it as a
 * static {@code @RegisterExtension} field.
 */
final class SinkTestBed implements BeforeAllCallback, AfterAllCallback {

  private final String clusterName;
  private TestPostgres postgres;
  private EmbeddedConnectCluster cluster;
  private KafkaProducer<byte[], byte[]> producer;

  /** {@code clusterName} names the Connect cluster, so a test's logs say whose worker it is. */
  SinkTestBed(String clusterName) {
    this.clusterName = clusterName;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    postgres = TestPostgres.start();
    cluster = ConnectClusters.start(clusterName, 1, Map.of());
    producer = SinkTestSupport.producer(cluster);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    SinkTestSupport.stopAll(producer, cluster, postgres);
  }

  TestPostgres postgres() {
    return postgres;
  }

  EmbeddedConnectCluster cluster() {
    return cluster;
  }

  KafkaProducer<byte[], byte[]> producer() {
    return producer;
  }
}
