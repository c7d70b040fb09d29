package io.strom.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compacted single-partition topic behind the registry: appends records, and hands every
 * record in log order to one consumer on a reader thread. {@link #awaitApplied} and
 * {@link #catchUp} let a caller wait until the reader has handed over everything up to a point.
 */
final class SchemaLog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SchemaLog.class);
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String topic;
  private final TopicPartition partition;
  private final Admin admin;
  private final KafkaProducer<String, String> producer;
  private final KafkaConsumer<String, String> consumer;
  private Thread reader;
  private volatile boolean closed;

  // Guarded by "this".
  private long appliedPosition;
  private RuntimeException readerFailure;

  /** Connects and creates the topic when missing (compacted, one partition); reads nothing yet. */
  SchemaLog(String bootstrapServers, String topic, Optional<Short> replicationFactor, Map<String, Object> clientProps) {
    this.topic = topic;
    this.partition = new TopicPartition(topic, 0);
    Properties common = new Properties();
    common.putAll(clientProps);
    common.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    this.admin = Admin.create(common);
    try {
      ensureTopic(replicationFactor);
      Properties producerProps = new Properties();
      producerProps.putAll(common);
      producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
      producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
      producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "0");
      this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());
      Properties consumerProps = new Properties();
      consumerProps.putAll(common);
      consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      this.consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer());
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
    } catch (RuntimeException e) {
      admin.close(Duration.ofSeconds(5));
      throw e;
    }
  }

  String topic() {
    return topic;
  }

  /**
   * Starts handing every record, from the beginning, to {@code applier} (on the reader thread, one
   * poll's batch at a time) and returns once the log as of now has been handed over.
   */
  void start(Consumer<ConsumerRecords<String, String>> applier) {
    reader = new Thread(() -> read(applier), "schema-log-reader-" + topic);
    reader.setDaemon(true);
    reader.start();
    catchUp();
  }

  private void ensureTopic(Optional<Short> replicationFactor) {
    try {
      NewTopic newTopic = new NewTopic(topic, Optional.of(1), replicationFactor)
          .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      admin.createTopics(List.of(newTopic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      log.info("Created schema topic {}", topic);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw RegistryException.storeError("cannot create topic " + topic + ": " + e.getCause(), e.getCause());
      }
    } catch (InterruptedException | TimeoutException e) {
      throw RegistryException.storeError("cannot create topic " + topic + ": " + e, e);
    }
    TopicDescription description = describeWhenVisible();
    if (description.partitions().size() != 1) {
      throw RegistryException.storeError("topic " + topic + " has " + description.partitions().size()
          + " partitions; the schema log needs exactly one (a total order)", null);
    }
  }

  /** A topic just created may take a moment to show up in the metadata of every broker. */
  private TopicDescription describeWhenVisible() {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try {
        return admin.describeTopics(List.of(topic)).allTopicNames()
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw RegistryException.storeError("cannot describe topic " + topic + ": " + e.getCause(), e.getCause());
        }
      } catch (InterruptedException | TimeoutException e) {
        throw RegistryException.storeError("cannot describe topic " + topic + ": " + e, e);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw RegistryException.storeError("interrupted while waiting for topic " + topic, e);
      }
    }
  }

  private void read(Consumer<ConsumerRecords<String, String>> applier) {
    try {
      while (!closed) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        applier.accept(records);
        long position = consumer.position(partition);
        synchronized (this) {
          appliedPosition = position;
          notifyAll();
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("Stopped reading the schema topic {}", topic, e);
      synchronized (this) {
        readerFailure = e;
        notifyAll();
      }
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  /** Appends one record (a null value is a tombstone) and returns its offset. */
  long append(String key, String value) {
    try {
      return producer.send(new ProducerRecord<>(topic, 0, key, value))
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset();
    } catch (ExecutionException e) {
      throw RegistryException.storeError("cannot write to " + topic + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw RegistryException.timeout("writing to " + topic);
    }
  }

  /**
   * Appends one record without waiting for the broker (callable from the reader thread); a
   * failure is only logged, as the caller's next replay tries again.
   */
  void appendInBackground(String key, String value) {
    producer.send(new ProducerRecord<>(topic, 0, key, value), (metadata, error) -> {
      if (error != null) {
        log.warn("Could not write to {} (retried on the next replay): {}", topic, error.toString());
      }
    });
  }

  /** Appends one record and waits until the reader has handed it over. */
  void appendAndApply(String key, String value) {
    awaitApplied(append(key, value) + 1);
  }

  /** Waits until everything in the log up to now has been handed over. */
  void catchUp() {
    long end;
    try {
      end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset();
    } catch (ExecutionException e) {
      throw RegistryException.storeError("cannot read the end of " + topic + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw RegistryException.timeout("reading the end of " + topic);
    }
    awaitApplied(end);
  }

  /** Waits until every record before {@code position} has been handed over. */
  synchronized void awaitApplied(long position) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (appliedPosition < position) {
      if (readerFailure != null) {
        throw RegistryException.storeError("the log reader failed: " + readerFailure, readerFailure);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw RegistryException.timeout("waiting for offset " + position + " of " + topic);
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw RegistryException.timeout("interrupted waiting for " + topic);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    if (reader != null) {
      consumer.wakeup();
      try {
        reader.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
    producer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(5));
  }
}
