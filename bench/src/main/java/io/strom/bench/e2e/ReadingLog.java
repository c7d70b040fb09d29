package io.strom.bench.e2e;

import io.strom.avro.AvroConverter;
import io.strom.smt.RuleTransform;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the readings topic as the alert sink does (read_committed) and keeps, for every reading
 * that the alert rule turns into an alert row, the broker's append time (the topic runs with
 * {@code message.timestamp.type=LogAppendTime}). Which readings alert is decided by the very
 * {@code RuleTransform} the sink runs, with the same rule file and statement, so the bench does not
 * restate the rule. Also counts every reading per append second, for the achieved rate.
 */
final class ReadingLog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReadingLog.class);

  /**
   * Alert key (see {@link #alertKey}) → the reading's append time and the wall time this
   * read_committed consumer got it (its source transaction committed and fetched), epoch ms.
   */
  private final Map<String, Reading> alertReadings = new ConcurrentHashMap<>();
  /** Append second (epoch s) → readings appended in it. */
  private final ConcurrentSkipListMap<Long, Long> readingsPerSecond = new ConcurrentSkipListMap<>();
  private final KafkaConsumer<String, byte[]> consumer;
  private final AvroConverter converter = new AvroConverter();
  private final RuleTransform<SinkRecord> rule = new RuleTransform.Value<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private volatile RuntimeException failure;
  /** The latest append time read so far, epoch ms. */
  private volatile long latestAppend;

  ReadingLog(String bootstrapServers, String registryUrl, String topic, Map<String, String> ruleConfig) {
    converter.configure(Map.of("schema.registry.url", registryUrl), false);
    rule.configure(ruleConfig);
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = new Thread(this::consume, "e2e-readings");
    thread.setDaemon(true);
    thread.start();
  }

  /** When the broker appended a reading and when a read_committed consumer first got it. */
  record Reading(long appendedMs, long readMs) {}

  /** How the bench names one alert: its device and the reading's event time, unique per reading. */
  static String alertKey(String deviceId, long eventTimeMs) {
    return deviceId + '@' + eventTimeMs;
  }

  private void consume() {
    try {
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          take(record);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("reading the readings topic failed", e);
      failure = e;
    }
  }

  private void take(ConsumerRecord<String, byte[]> record) {
    if (record.timestampType() != TimestampType.LOG_APPEND_TIME) {
      throw new IllegalStateException("the readings topic must run with message.timestamp.type=LogAppendTime, got "
          + record.timestampType());
    }
    long read = System.currentTimeMillis();
    long appended = record.timestamp();
    latestAppend = Math.max(latestAppend, appended);
    readingsPerSecond.merge(appended / 1000, 1L, Long::sum);
    SchemaAndValue value = converter.toConnectData(record.topic(), record.value());
    SinkRecord sinkRecord = new SinkRecord(record.topic(), record.partition(), Schema.STRING_SCHEMA, record.key(),
        value.schema(), value.value(), record.offset(), appended, TimestampType.LOG_APPEND_TIME);
    if (rule.apply(sinkRecord) != null) {
      Struct reading = (Struct) value.value();
      alertReadings.put(alertKey(reading.getString("device_id"), ((Date) reading.get("ts")).getTime()),
          new Reading(appended, read));
    }
  }

  /** Alert keys whose reading was appended in [fromMs, toMs), with their readings' times. */
  Map<String, Reading> alertsAppendedBetween(long fromMs, long toMs) {
    check();
    Map<String, Reading> inWindow = new java.util.HashMap<>();
    alertReadings.forEach((key, reading) -> {
      if (reading.appendedMs() >= fromMs && reading.appendedMs() < toMs) {
        inWindow.put(key, reading);
      }
    });
    return inWindow;
  }

  /** Readings appended in the whole seconds [fromSecond, toSecond). */
  long readingsBetweenSeconds(long fromSecond, long toSecond) {
    check();
    return readingsPerSecond.subMap(fromSecond, toSecond).values().stream().mapToLong(Long::longValue).sum();
  }

  /** The latest append time read so far (epoch ms), to know the log was read past a window. */
  long latestAppend() {
    check();
    return latestAppend;
  }

  /** Forgets alerts appended before {@code ms}: their step is done. */
  void forgetBefore(long ms) {
    alertReadings.values().removeIf(reading -> reading.appendedMs() < ms);
  }

  private void check() {
    if (failure != null) {
      throw new IllegalStateException("reading the readings topic failed", failure);
    }
  }

  @Override
  public void close() throws Exception {
    running.set(false);
    consumer.wakeup();
    thread.join(10_000);
    consumer.close();
    rule.close();
    converter.close();
  }
}
