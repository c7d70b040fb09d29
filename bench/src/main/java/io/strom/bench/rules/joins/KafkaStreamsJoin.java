package io.strom.bench.rules.joins;

import java.util.Properties;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;

/**
 * Kafka Streams 4.3.1 running what ksqlDB compiles the query to: the users topic as a KTable in an
 * in-memory key-value store, the orders as a KStream joined to it (INNER), in a TopologyTestDriver;
 * the table's records are piped first. Caching and the changelog are off, which only spares the
 * baseline work. The value joiner builds the same {@code (amount, country)} pair the others do.
 */
final class KafkaStreamsJoin implements StreamTableJoin {

  @Override
  public String name() {
    return "Kafka Streams 4.3.1";
  }

  @Override
  public Result run(JoinInput input) {
    long[] counters = new long[2]; // rows, checksum
    StreamsBuilder builder = new StreamsBuilder();
    KTable<Long, String> users = builder.table("users", Consumed.with(Serdes.Long(), Serdes.String()),
        Materialized.<Long, String>as(Stores.inMemoryKeyValueStore("users-store"))
            .withKeySerde(Serdes.Long())
            .withValueSerde(Serdes.String())
            .withCachingDisabled()
            .withLoggingDisabled());
    builder.stream("orders", Consumed.with(Serdes.Long(), Serdes.Long()))
        .join(users, (amount, country) -> new Object[] {amount, country})
        .process(() -> new Processor<Long, Object[], Void, Void>() {
          @Override
          public void process(Record<Long, Object[]> joined) {
            Object[] v = joined.value();
            counters[0]++;
            counters[1] = StreamTableJoin.mix(counters[1], joined.key(), (Long) v[0], (String) v[1], joined.timestamp());
          }
        });
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "joins-bench");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
      TestInputTopic<Long, String> table = driver.createInputTopic("users", new LongSerializer(), new StringSerializer());
      for (int r = 0; r < input.tableRows; r++) {
        table.pipeInput(input.keyPool[r], input.country(r), JoinInput.TABLE_TIME);
      }
      TestInputTopic<Long, Long> orders = driver.createInputTopic("orders", new LongSerializer(), new LongSerializer());
      Long[] keys = input.keyPool;
      for (int i = 0; i < input.records; i++) {
        orders.pipeInput(keys[input.keyIndex[i]], input.amounts[i], input.timestamps[i]);
      }
    }
    return new Result(counters[0], counters[1]);
  }
}
