package io.strom.testkit;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * Real Kafka Connect clusters for integration tests: a KRaft broker and distributed workers in
 * the test JVM, set up the way ../shared/design/testing.md measured to be fast here
 * ({@code plugin.discovery=service_load}, short offset flush interval).
 */
public final class ConnectClusters {

  private ConnectClusters() {}

  /** The worker properties every Strom test cluster uses; callers may add or override keys. */
  public static Map<String, String> defaultWorkerProps() {
    Map<String, String> props = new HashMap<>();
    props.put("plugin.discovery", "service_load");
    props.put("offset.flush.interval.ms", "1000");
    return props;
  }

  /** Starts a cluster of one broker and {@code workers} workers; the caller stops it. */
  public static EmbeddedConnectCluster start(String name, int workers, Map<String, String> extraWorkerProps) {
    EmbeddedConnectCluster cluster = build(name, workers, extraWorkerProps);
    cluster.start();
    return cluster;
  }

  /**
   * A cluster not yet started, so that the caller can stop it even if starting fails half-way.
   * The single broker hosts transactions too (the transaction log defaults to 3 replicas, which
   * would hang exactly-once workers).
   */
  public static EmbeddedConnectCluster build(String name, int workers, Map<String, String> extraWorkerProps) {
    Map<String, String> props = defaultWorkerProps();
    props.putAll(extraWorkerProps);
    Properties brokerProps = new Properties();
    brokerProps.put("transaction.state.log.replication.factor", "1");
    brokerProps.put("transaction.state.log.min.isr", "1");
    return new EmbeddedConnectCluster.Builder()
        .name(name)
        .numWorkers(workers)
        .numBrokers(1)
        .workerProps(props)
        .brokerProps(brokerProps)
        .build();
  }
}
