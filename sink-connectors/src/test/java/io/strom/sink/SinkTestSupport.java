package io.strom.sink;

import io.strom.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/** Shared pieces of the sink's integration tests: JSON-with-schema records in, rows out. */
final class SinkTestSupport {

  private SinkTestSupport() {}

  static final JsonConverter KEYS = converter(true);
  static final JsonConverter VALUES = converter(false);

  private static JsonConverter converter(boolean isKey) {
    JsonConverter converter = new JsonConverter();
    converter.configure(Map.of("schemas.enable", "true", "decimal.format", "NUMERIC"), isKey);
    return converter;
  }

  static KafkaProducer<byte[], byte[]> producer(EmbeddedConnectCluster cluster) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.kafka().bootstrapServers());
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Sends Connect key/value data as JSON with schemas, like a source with JsonConverter would. */
  static void send(KafkaProducer<byte[], byte[]> producer, String topic, Integer partition,
                   Schema keySchema, Object key, Schema valueSchema, Object value) {
    byte[] keyBytes = key == null ? null : KEYS.fromConnectData(topic, keySchema, key);
    byte[] valueBytes = value == null ? null : VALUES.fromConnectData(topic, valueSchema, value);
    producer.send(new ProducerRecord<>(topic, partition, keyBytes, valueBytes));
  }

  /** Like {@link #send} with the record's timestamp (its ROWTIME for rules) set. */
  static void send(KafkaProducer<byte[], byte[]> producer, String topic, int partition, long timestamp,
                   Schema keySchema, Object key, Schema valueSchema, Object value) {
    byte[] keyBytes = KEYS.fromConnectData(topic, keySchema, key);
    byte[] valueBytes = VALUES.fromConnectData(topic, valueSchema, value);
    producer.send(new ProducerRecord<>(topic, partition, timestamp, keyBytes, valueBytes));
  }

  /** Stops what a test class started, in reverse order, skipping what never started. */
  static void stopAll(KafkaProducer<byte[], byte[]> producer, EmbeddedConnectCluster cluster, TestPostgres postgres) {
    if (producer != null) {
      producer.close();
    }
    if (cluster != null) {
      cluster.stop();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  /** The config every test connector starts from; tests add or override keys. */
  static Map<String, String> connectorConfig(String topic, TestPostgres postgres) {
    Map<String, String> config = connectKeys(topic);
    config.put("value.converter.decimal.format", "NUMERIC");
    config.put("connection.url", postgres.jdbcUrl());
    config.put("auto.create", "true");
    config.put("batch.size", "500");
    return config;
  }

  /** Connect's own keys of a sink connector on {@code topic}: one task, JSON with schemas. */
  static Map<String, String> connectKeys(String topic) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", PostgresSinkConnector.class.getName());
    config.put("tasks.max", "1");
    config.put("topics", topic);
    config.put("key.converter", JsonConverter.class.getName());
    config.put("key.converter.schemas.enable", "true");
    config.put("value.converter", JsonConverter.class.getName());
    config.put("value.converter.schemas.enable", "true");
    return config;
  }

  static List<List<Object>> query(TestPostgres postgres, String sql) {
    try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rows = s.executeQuery(sql)) {
      List<List<Object>> result = new ArrayList<>();
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rows.getObject(i));
        }
        result.add(row);
      }
      return result;
    } catch (SQLException e) {
      throw new IllegalStateException("query failed: " + sql + ": " + e.getMessage(), e);
    }
  }

  /** A single number from SQL, or -1 while the query fails (e.g. the table is not created yet). */
  static long scalar(TestPostgres postgres, String sql) {
    try {
      Object value = query(postgres, sql).get(0).get(0);
      return value == null ? 0 : ((Number) value).longValue();
    } catch (IllegalStateException e) {
      return -1;
    }
  }

  static void awaitScalar(TestPostgres postgres, String sql, long expected, Duration timeout) {
    awaitValue(() -> scalar(postgres, sql), expected, timeout, sql);
  }

  static <T> void awaitValue(Supplier<T> actual, T expected, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      last = actual.get();
      if (Objects.equals(last, expected)) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    throw new AssertionError(what + ": expected " + expected + " but was " + last + " after " + timeout);
  }
}
