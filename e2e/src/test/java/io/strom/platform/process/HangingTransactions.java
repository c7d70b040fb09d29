package io.strom.platform.process;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeProducersResult.PartitionProducerState;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * What {@code kafka-transactions.sh find-hanging} and {@code describe} show, through the Admin
 * API: transactions still open on a partition long after the producers'
 * {@code transaction.timeout.ms} (60 s). Such a transaction holds the partition's last stable
 * offset, so every read-committed reader (Connect's offset stores among them) waits behind it.
 * It only reports: aborting one whose other partitions were committed (as {@code abort} would)
 * undoes half a committed transaction, and a source then sends its records again.
 */
final class HangingTransactions {

  private HangingTransactions() {
  }

  /** Transactions open on {@code topics} whose producer last wrote more than {@code olderThanMs} ago, and what their coordinators say of {@code transactionalIds}. */
  static List<String> find(Admin admin, Collection<String> topics, Collection<String> transactionalIds, long olderThanMs)
      throws Exception {
    List<TopicPartition> partitions = new ArrayList<>();
    for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
      topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
    }
    long now = System.currentTimeMillis();
    List<String> found = new ArrayList<>();
    for (Map.Entry<TopicPartition, PartitionProducerState> e
        : admin.describeProducers(partitions).all().get(10, TimeUnit.SECONDS).entrySet()) {
      for (ProducerState producer : e.getValue().activeProducers()) {
        if (producer.currentTransactionStartOffset().isPresent() && now - producer.lastTimestamp() > olderThanMs) {
          found.add(e.getKey() + ": producer " + producer.producerId() + " epoch " + producer.producerEpoch()
              + " open since offset " + producer.currentTransactionStartOffset().getAsLong()
              + ", last write " + (now - producer.lastTimestamp()) / 1000 + " s ago");
        }
      }
    }
    for (Map.Entry<String, TransactionDescription> e
        : admin.describeTransactions(transactionalIds).all().get(10, TimeUnit.SECONDS).entrySet()) {
      TransactionDescription t = e.getValue();
      found.add(e.getKey() + ": coordinator says " + t.state() + ", producer " + t.producerId() + " epoch "
          + t.producerEpoch() + ", partitions " + t.topicPartitions());
    }
    return found;
  }
}
