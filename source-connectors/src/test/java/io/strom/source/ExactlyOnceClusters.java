package io.strom.source;

import io.strom.testkit.ConnectClusters;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/** Connect clusters with exactly-once source support enabled on the workers. */
final class ExactlyOnceClusters {

  private ExactlyOnceClusters() {}

  /** A cluster not yet started, so that the caller can stop it even if starting fails half-way. */
  static EmbeddedConnectCluster build(String name, int workers, Map<String, String> extraWorkerProps) {
    Map<String, String> workerProps = new HashMap<>(extraWorkerProps);
    workerProps.putIfAbsent("exactly.once.source.support", "enabled");
    return ConnectClusters.build(name, workers, workerProps);
  }
}
