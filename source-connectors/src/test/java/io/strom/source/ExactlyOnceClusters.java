package io.strom.source;

import io.strom.testkit.ConnectClusters;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * Connect clusters with exactly-once source support: the testkit's worker settings, plus what a
 * single broker needs to host transactions (the transaction log defaults to 3 replicas).
 */
final class ExactlyOnceClusters {

  private ExactlyOnceClusters() {}

  /** A cluster not yet started, so that the caller can stop it even if starting fails half-way. */
  static EmbeddedConnectCluster build(String name, int workers, Map<String, String> extraWorkerProps) {
    Map<String, String> workerProps = ConnectClusters.defaultWorkerProps();
    workerProps.put("exactly.once.source.support", "enabled");
    workerProps.putAll(extraWorkerProps);
    Properties brokerProps = new Properties();
    brokerProps.put("transaction.state.log.replication.factor", "1");
    brokerProps.put("transaction.state.log.min.isr", "1");
    return new EmbeddedConnectCluster.Builder()
        .name(name)
        .numWorkers(workers)
        .numBrokers(1)
        .workerProps(workerProps)
        .brokerProps(brokerProps)
        .build();
  }
}
