package io.strom.platform.monitor;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group is behind its topics, from the broker alone: the topics' end offsets
 * minus the group's committed offsets. A Connect sink's group is {@code connect-<connector>}.
 */
public final class ConsumerLag {

  private static final long TIMEOUT_SECONDS = 5;

  private ConsumerLag() {}

  /**
   * Records beyond the group's committed offsets, over the partitions it has committed; null
   * when it has committed none (the live view shows no lag then).
   */
  public static Long ofCommitted(Admin admin, String group) throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, Long> committed = committed(admin, group);
    if (committed.isEmpty()) {
      return null;
    }
    Map<TopicPartition, Long> ends = offsets(admin, committed.keySet(), OffsetSpec.latest());
    long lag = 0;
    for (Map.Entry<TopicPartition, Long> e : committed.entrySet()) {
      lag += Math.max(0, ends.get(e.getKey()) - e.getValue());
    }
    return lag;
  }

  /**
   * Records the group has still to read in every partition of {@code topics}: a partition it has
   * committed nothing for counts from its earliest retained offset (where a group reading from
   * the earliest offsets starts).
   */
  public static long behind(Admin admin, String group, Collection<String> topics)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Set<TopicPartition> partitions = new HashSet<>();
    described.values().forEach(topic -> topic.partitions()
        .forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition()))));
    if (partitions.isEmpty()) {
      return 0;
    }
    Map<TopicPartition, Long> committed = committed(admin, group);
    Map<TopicPartition, Long> starts = offsets(admin, partitions, OffsetSpec.earliest());
    Map<TopicPartition, Long> ends = offsets(admin, partitions, OffsetSpec.latest());
    long behind = 0;
    for (TopicPartition partition : partitions) {
      long from = Math.max(starts.get(partition), committed.getOrDefault(partition, 0L));
      behind += Math.max(0, ends.get(partition) - from);
    }
    return behind;
  }

  private static Map<TopicPartition, Long> committed(Admin admin, String group)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<TopicPartition, Long> committed = new HashMap<>();
    offsets.forEach((partition, offset) -> {
      if (offset != null) {
        committed.put(partition, offset.offset());
      }
    });
    return committed;
  }

  private static Map<TopicPartition, Long> offsets(Admin admin, Collection<TopicPartition> partitions, OffsetSpec spec)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, OffsetSpec> request = partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec));
    return admin.listOffsets(request).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }
}
