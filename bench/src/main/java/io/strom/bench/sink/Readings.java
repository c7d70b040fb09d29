package io.strom.bench.sink;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;

/** The benchmark input: IoT readings as JSON with schemas (~380 bytes each), like a source writes them. */
final class Readings {

  static final Schema SCHEMA = SchemaBuilder.struct()
      .field("device", Schema.STRING_SCHEMA)
      .field("ts", Timestamp.SCHEMA)
      .field("temp", Schema.FLOAT64_SCHEMA)
      .field("seq", Schema.INT64_SCHEMA)
      .build();

  /** The same table shape the Strom sink creates for {@link #SCHEMA}. */
  static final String TABLE_COLUMNS = "(device text NOT NULL, ts timestamptz NOT NULL, "
      + "temp double precision NOT NULL, seq bigint NOT NULL)";

  private Readings() {}

  static JsonConverter converter() {
    JsonConverter converter = new JsonConverter();
    converter.configure(Map.of("schemas.enable", "true"), false);
    return converter;
  }

  /** Writes {@code count} readings into the topic's two partitions; returns the mean value size. */
  static double produce(String bootstrap, String topic, int count) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    JsonConverter converter = converter();
    Random random = new Random(42);
    long bytes = 0;
    long start = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    try (KafkaProducer<byte[], byte[]> producer =
             new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        Struct reading = new Struct(SCHEMA)
            .put("device", String.format("d-%04d", random.nextInt(10_000)))
            .put("ts", new java.util.Date(start + i * 10L))
            .put("temp", Math.round((15 + random.nextGaussian() * 5) * 100) / 100.0)
            .put("seq", (long) i);
        byte[] value = converter.fromConnectData(topic, SCHEMA, reading);
        bytes += value.length;
        producer.send(new ProducerRecord<>(topic, i % 2, null, value));
      }
      producer.flush();
    }
    return (double) bytes / count;
  }
}
