package io.strom.smt;

import io.strom.rules.data.InputRecord;
import io.strom.rules.data.StreamSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.storage.Converter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One table of a stream-table join, read whole by a thread of its own: a consumer assigned every
 * partition of the table's topic, from the beginning, with no group (so every task reads all of
 * it), each record converted by the configured converters and read as a change of the table
 * ({@link TableRows}). Until the consumer has read up to the end offsets taken at start, each row
 * is applied to the rule instance here ({@link GlobalTables#applyWhileLoading}); after that, the
 * changes are handed to the transform's thread through {@code changes}.
 *
 * <p>The consumer and the converters are used by this thread only; {@link #close()} wakes it and
 * waits for it to close the consumer.
 */
final class GlobalTable implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(GlobalTable.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final long HAND_OFF_WAIT_MS = 100;

  /** A change of the {@code source}-th source of the rule. */
  record Change(int source, InputRecord record) {}

  private final int source;
  private final StreamSchema table;
  private final TableConfig config;
  private final Converter keys;
  private final Converter values;
  private final GlobalTables owner;
  private final BlockingQueue<Change> changes;
  private final Thread thread;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private volatile boolean closed;
  private volatile ConnectException failure;
  private volatile String progress =
      "nothing read: the topic's partitions are not known yet (no metadata from the cluster)";

  GlobalTable(int source, StreamSchema table, TableConfig config, GlobalTables owner, BlockingQueue<Change> changes) {
    this.source = source;
    this.table = table;
    this.config = config;
    this.owner = owner;
    this.changes = changes;
    // made here, on the task's thread, so a bad converter setting fails configure(); used by the reader thread only
    this.keys = converter(config.keyConverter(), config.keyConverterConfig(), true);
    this.values = converter(config.valueConverter(), config.valueConverterConfig(), false);
    // the new thread inherits the task thread's context class loader (the plugin's), as the consumer needs
    this.thread = new Thread(this, "strom-table-" + table.topic());
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  String topic() {
    return table.topic();
  }

  /** How far the consumer has read, for a load timeout's message. */
  String progress() {
    return progress;
  }

  /** Why the thread stopped reading, or null while it reads. */
  ConnectException failure() {
    return failure;
  }

  @Override
  public void run() {
    TableRows rows = new TableRows(table);
    try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(config.consumer())) {
      consumer = kafka;
      if (closed) {
        return;
      }
      List<TopicPartition> partitions = kafka.partitionsFor(table.topic()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      if (partitions.isEmpty()) {
        throw new ConnectException("table " + table.name() + ": its topic '" + table.topic() + "' does not exist");
      }
      kafka.assign(partitions);
      kafka.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = kafka.endOffsets(partitions);
      LOG.info("Table {}: reading topic {} ({} partitions) from the beginning, loaded at end offsets {}",
          table.name(), table.topic(), partitions.size(), end);
      long read = 0;
      boolean loaded = false;
      long started = System.currentTimeMillis();
      while (!closed) {
        if (!loaded) {
          // checked before each poll, so an empty topic, or a last batch, does not wait for another poll
          progress = read + " records read; " + positions(kafka, partitions, end);
          if (reached(kafka, partitions, end)) {
            loaded = true;
            LOG.info("Table {}: loaded from topic {} ({} records read in {} ms)", table.name(), table.topic(), read,
                System.currentTimeMillis() - started);
            owner.loaded();
          }
        }
        for (ConsumerRecord<byte[], byte[]> r : kafka.poll(POLL)) {
          Change change = new Change(source, change(r, rows));
          if (!loaded) {
            owner.applyWhileLoading(change);
          } else if (!hand(change)) {
            return;
          }
          read++;
        }
      }
    } catch (InterruptedException | org.apache.kafka.common.errors.WakeupException
        | org.apache.kafka.common.errors.InterruptException e) {
      if (!closed) {
        fail(new ConnectException("table " + table.name() + " (topic " + table.topic() + "): reading interrupted", e));
      }
    } catch (ConnectException e) {
      fail(e);
    } catch (RuntimeException e) {
      fail(new ConnectException("table " + table.name() + " (topic " + table.topic() + "): cannot read it: " + e, e));
    } finally {
      Utils.closeQuietly(keys, "table key converter");
      Utils.closeQuietly(values, "table value converter");
    }
  }

  /**
   * Queues a change, waiting while the queue is full (the transform takes changes only with its
   * records); false when closed meanwhile. No interrupt: it would stay set and break the consumer's close.
   */
  private boolean hand(Change change) throws InterruptedException {
    while (!changes.offer(change, HAND_OFF_WAIT_MS, TimeUnit.MILLISECONDS)) {
      if (closed) {
        return false;
      }
    }
    return true;
  }

  private InputRecord change(ConsumerRecord<byte[], byte[]> r, TableRows rows) {
    try {
      SchemaAndValue key = keys.toConnectData(r.topic(), r.headers(), r.key());
      SchemaAndValue value = values.toConnectData(r.topic(), r.headers(), r.value());
      return rows.change(key.value(), value == null ? null : value.value(), r.topic(), r.timestamp(), r.offset());
    } catch (RuntimeException e) {
      // a row the task cannot read would leave the table wrong for its key: stop, and fail the task
      throw new ConnectException("table " + table.name() + ": cannot convert the record at " + r.topic() + "-"
          + r.partition() + "@" + r.offset() + ": " + e.getMessage(), e);
    }
  }

  private static boolean reached(KafkaConsumer<?, ?> kafka, List<TopicPartition> partitions,
      Map<TopicPartition, Long> end) {
    for (TopicPartition p : partitions) {
      if (kafka.position(p) < end.get(p)) {
        return false;
      }
    }
    return true;
  }

  private static String positions(KafkaConsumer<?, ?> kafka, List<TopicPartition> partitions,
      Map<TopicPartition, Long> end) {
    return partitions.stream().map(p -> "partition " + p.partition() + " at offset " + kafka.position(p) + " of "
        + end.get(p)).collect(Collectors.joining(", "));
  }

  private void fail(ConnectException e) {
    LOG.error("Table {}: stopped reading topic {}; the task fails at its next record", table.name(), table.topic(), e);
    failure = e;
  }

  private static Converter converter(Class<?> type, Map<String, Object> settings, boolean isKey) {
    Converter converter = Utils.newInstance(type.asSubclass(Converter.class));
    converter.configure(settings, isKey);
    return converter;
  }

  /** Stops the thread, which closes the consumer; waits for it a few seconds. */
  void close() {
    closed = true;
    KafkaConsumer<byte[], byte[]> kafka = consumer;
    if (kafka != null) {
      kafka.wakeup();
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn("Table {}: the thread reading topic {} did not stop within 10 s", table.name(), table.topic());
    }
  }
}
