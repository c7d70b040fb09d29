package io.strom.bench.sink;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Baseline (a), the limit of this work here: per partition one thread with a plain KafkaConsumer,
 * the same JsonConverter, rows hand-encoded for COPY, and the partition's next offset upserted in
 * the same PostgreSQL transaction as its rows. No framework, no buffering classes, no DLQ.
 */
final class RawPipeline {

  private static final int ROWS_PER_TRANSACTION = 10_000;

  private RawPipeline() {}

  static void run(String bootstrap, String topic, int partitions, long recordsPerPartition, String jdbcUrl,
                  String table) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + table + " " + Readings.TABLE_COLUMNS);
      s.execute("CREATE TABLE IF NOT EXISTS raw_offsets (consumer text, topic text, kafka_partition int, "
          + "next_offset bigint, PRIMARY KEY (consumer, topic, kafka_partition))");
    }
    AtomicReference<Exception> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      TopicPartition partition = new TopicPartition(topic, p);
      Thread thread = new Thread(() -> {
        try {
          consume(bootstrap, partition, recordsPerPartition, jdbcUrl, table);
        } catch (Exception e) {
          failure.compareAndSet(null, e);
        }
      }, "raw-" + p);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  private static void consume(String bootstrap, TopicPartition partition, long records, String jdbcUrl, String table)
      throws SQLException, java.io.IOException {
    JsonConverter converter = Readings.converter();
    Map<String, Object> props = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    try (KafkaConsumer<byte[], byte[]> consumer =
             new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
         Connection connection = DriverManager.getConnection(jdbcUrl)) {
      connection.setAutoCommit(false);
      CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
      PreparedStatement offsets = connection.prepareStatement("INSERT INTO raw_offsets VALUES (?, ?, ?, ?) "
          + "ON CONFLICT (consumer, topic, kafka_partition) DO UPDATE SET next_offset = EXCLUDED.next_offset");
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      StringBuilder rows = new StringBuilder(1 << 20);
      int buffered = 0;
      long next = 0;
      while (next < records) {
        ConsumerRecords<byte[], byte[]> polled = consumer.poll(java.time.Duration.ofMillis(100));
        for (ConsumerRecord<byte[], byte[]> record : polled) {
          Struct reading = (Struct) converter.toConnectData(record.topic(), record.value()).value();
          rows.append(reading.getString("device")).append('\t')
              .append(Instant.ofEpochMilli(((java.util.Date) reading.get("ts")).getTime())).append('\t')
              .append(reading.getFloat64("temp")).append('\t')
              .append(reading.getInt64("seq")).append('\n');
          buffered++;
          next = record.offset() + 1;
        }
        if (buffered >= ROWS_PER_TRANSACTION || (buffered > 0 && next >= records)) {
          byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
          copy.copyIn("COPY " + table + " FROM STDIN", new java.io.ByteArrayInputStream(bytes));
          offsets.setString(1, table);
          offsets.setString(2, partition.topic());
          offsets.setInt(3, partition.partition());
          offsets.setLong(4, next);
          offsets.executeUpdate();
          connection.commit();
          rows.setLength(0);
          buffered = 0;
        }
      }
    }
  }
}
