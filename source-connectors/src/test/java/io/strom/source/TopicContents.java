package io.strom.source;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/** What a topic holds, read with read_committed, and what it should hold, in one comparable form. */
final class TopicContents {

  private TopicContents() {}

  /** Every committed record of {@code topic}, from the beginning to the last stable offset. */
  static List<ConsumerRecord<byte[], byte[]>> readCommitted(EmbeddedConnectCluster connect, String topic) {
    Map<String, Object> props = Map.of(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(props)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
      return records;
    }
  }

  /** "key|value" of each record as the String key converter and JSON value converter write them. */
  static List<String> keyedValues(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream()
        .map(r -> new String(r.key(), StandardCharsets.UTF_8) + "|" + new String(r.value(), StandardCharsets.UTF_8))
        .sorted().toList();
  }

  /** The same form for the records an in-process run produced. */
  static List<String> expectedKeyedValues(List<SourceRecord> records) {
    JsonConverter json = FeedRuns.jsonConverter();
    return records.stream()
        .map(r -> r.key() + "|" + new String(json.fromConnectData(r.topic(), r.valueSchema(), r.value()), StandardCharsets.UTF_8))
        .sorted().toList();
  }

  static Set<String> headerValues(List<ConsumerRecord<byte[], byte[]>> records, String header) {
    return records.stream()
        .map(r -> new String(r.headers().lastHeader(header).value(), StandardCharsets.UTF_8))
        .collect(Collectors.toSet());
  }
}
