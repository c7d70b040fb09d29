package io.strom.bench.rules.windowed;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.Stores;

/**
 * Kafka Streams 4.3.1 running what ksqlDB compiles the query to: groupByKey, a tumbling window with
 * the same grace, count into an in-memory window store, filter (HAVING), in a TopologyTestDriver.
 * Caching is off (as in the conformance semantics: every change goes out) and so is the changelog,
 * which only spares the baseline work.
 */
final class KafkaStreamsWindowedCount implements WindowedCount {

  @Override
  public String name() {
    return "Kafka Streams 4.3.1";
  }

  @Override
  public Result run(WindowedInput input) {
    long[] counters = new long[3]; // rows, tombstones, checksum
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("in", Consumed.with(Serdes.Long(), Serdes.Long()))
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMillis(WindowedInput.WINDOW_MILLIS),
            Duration.ofMillis(WindowedInput.GRACE_MILLIS)))
        .count(Materialized.<Long, Long>as(Stores.inMemoryWindowStore("counts",
                Duration.ofMillis(WindowedInput.WINDOW_MILLIS + WindowedInput.GRACE_MILLIS),
                Duration.ofMillis(WindowedInput.WINDOW_MILLIS), false))
            .withKeySerde(Serdes.Long())
            .withValueSerde(Serdes.Long())
            .withCachingDisabled()
            .withLoggingDisabled())
        .filter((windowedKey, count) -> count > WindowedInput.THRESHOLD)
        .toStream()
        .foreach((windowedKey, count) -> {
          if (count == null) {
            counters[1]++;
          } else {
            counters[0]++;
            counters[2] = WindowedCount.mix(counters[2], windowedKey.key(), windowedKey.window().start(), count, 0);
          }
        });
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rules-windowed-bench");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
      TestInputTopic<Long, Long> topic = driver.createInputTopic("in", new LongSerializer(), new LongSerializer());
      Long one = 1L;
      for (int i = 0; i < input.records; i++) {
        topic.pipeInput(input.keyPool[input.keyIndex[i]], one, input.timestamps[i]);
      }
    }
    return new Result(counters[0], counters[1], -1, counters[2]);
  }
}
