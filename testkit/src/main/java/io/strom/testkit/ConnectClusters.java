package io.strom.testkit;

import java.util.HashMap;
import java.util.Map;
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
    Map<String, String> props = defaultWorkerProps();
    props.putAll(extraWorkerProps);
    EmbeddedConnectCluster cluster = new EmbeddedConnectCluster.Builder()
        .name(name)
        .numWorkers(workers)
        .numBrokers(1)
        .workerProps(props)
        .build();
    cluster.start();
    return cluster;
  }
}
