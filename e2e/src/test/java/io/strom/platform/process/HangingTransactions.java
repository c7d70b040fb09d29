package io.strom.platform.process;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * What {@code kafka-transactions.sh find-hanging} and {@code abort} do, through the Admin API: a
 * transaction still open on a partition long after the producers' {@code transaction.timeout.ms}
 * (60 s) is one its coordinator no longer tracks, and it holds the partition's last stable offset,
 * so every read-committed reader (Connect's offset stores among them) waits behind it for good.
 */
final class HangingTransactions {

  private HangingTransactions() {
  }

  /** Aborts every transaction open on {@code topics} whose producer last wrote more than {@code olderThanMs} ago; returns what it aborted. */
  static List<String> abort(Admin admin, Collection<String> topics, long olderThanMs) throws Exception {
    List<TopicPartition> partitions = new ArrayList<>();
    for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
      topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
    }
    long now = System.currentTimeMillis();
    List<String> aborted = new ArrayList<>();
    var states = admin.describeProducers(partitions).all().get(10, TimeUnit.SECONDS);
    for (Map.Entry<TopicPartition, org.apache.kafka.clients.admin.DescribeProducersResult.PartitionProducerState> e
        : states.entrySet()) {
      for (ProducerState producer : e.getValue().activeProducers()) {
        if (producer.currentTransactionStartOffset().isPresent() && now - producer.lastTimestamp() > olderThanMs) {
          admin.abortTransaction(new AbortTransactionSpec(e.getKey(), producer.producerId(),
              (short) producer.producerEpoch(), producer.coordinatorEpoch().orElse(0))).all().get(10, TimeUnit.SECONDS);
          aborted.add(e.getKey() + " producer " + producer.producerId() + " epoch " + producer.producerEpoch()
              + " open since offset " + producer.currentTransactionStartOffset().getAsLong()
              + ", last write " + (now - producer.lastTimestamp()) / 1000 + " s ago");
        }
      }
    }
    return aborted;
  }
}
