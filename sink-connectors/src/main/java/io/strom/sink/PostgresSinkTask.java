package io.strom.sink;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.strom.connect.common.PluginVersion;
import io.strom.rules.CompiledRule;
import io.strom.rules.RuleEvaluationException;
import io.strom.sink.buffer.Batch;
import io.strom.sink.buffer.FlushBuffer;
import io.strom.sink.buffer.PendingRow;
import io.strom.sink.buffer.RecordMapper;
import io.strom.sink.dialect.PostgresDialect;
import io.strom.sink.rules.HostedRules;
import io.strom.sink.writer.TableManager;
import io.strom.sink.writer.TableWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers records and writes them to PostgreSQL exactly once: each flush is one transaction that
 * holds the rows and the next offset of every partition they came from (see {@link OffsetStore}).
 * The task resumes from those stored offsets, not from the consumer group's: {@code open()} seeks
 * to them, {@code put()} skips anything below them (redeliveries after a retry or a rewind), and
 * {@code preCommit()} reports them, so Kafka's committed offsets merely follow the database.
 */
public class PostgresSinkTask extends SinkTask {

  private static final Logger log = LoggerFactory.getLogger(PostgresSinkTask.class);

  private final PostgresDialect dialect = new PostgresDialect();
  /** For {@code rules.idle.timeout.ms}: closes EMIT FINAL windows of idle partitions. */
  private final LongSupplier wallClock;
  private PostgresSinkConfig config;
  private HikariDataSource pool;
  private RecordMapper mapper;
  private TableManager tables;
  private TableWriter writer;
  private OffsetStore offsets;
  private ErrantRecordReporter reporter;
  /** Null when the config hosts no rules. */
  private HostedRules rules;
  private boolean offsetsTableReady;

  private final FlushBuffer buffer = new FlushBuffer();
  /** Per partition, the next offset this task will take; lower ones are already taken or stored. */
  private final Map<TopicPartition, Long> nextExpected = new HashMap<>();
  /** Per partition, the next offset stored in PostgreSQL. */
  private final Map<TopicPartition, Long> stored = new HashMap<>();
  private final List<Future<Void>> pendingReports = new ArrayList<>();
  private int failedAttempts;
  private boolean writeRecords;
  /** The partition of the previous record: map lookups then succeed on identity. */
  private TopicPartition lastPartition;

  public PostgresSinkTask() {
    this(System::currentTimeMillis);
  }

  /** A task on a wall clock of the caller's (tests drive idle-window closing with it). */
  PostgresSinkTask(LongSupplier wallClock) {
    this.wallClock = wallClock;
  }

  @Override
  public String version() {
    return PluginVersion.get();
  }

  @Override
  public void start(Map<String, String> props) {
    config = new PostgresSinkConfig(props);
    String connectorName = props.get("name");
    if (connectorName == null || connectorName.isBlank()) {
      throw new ConnectException("the task config lacks the connector name, which keys its stored offsets");
    }
    mapper = new RecordMapper(config);
    writeRecords = config.writeRecords();
    tables = new TableManager(dialect, config.autoCreate(), config.autoEvolve());
    writer = new TableWriter(dialect, tables);
    offsets = new OffsetStore(dialect, config.offsetsTable(), connectorName);
    List<CompiledRule> compiled = config.hostedRules();
    rules = compiled.isEmpty() ? null
        : HostedRules.create(compiled, dialect.quote(config.rulesStateTable()), connectorName,
            config.rulesIdleTimeoutMs());
    pool = new HikariDataSource(poolConfig(config, connectorName));
    try {
      reporter = context.errantRecordReporter();
    } catch (NoSuchMethodError | NoClassDefFoundError e) {
      reporter = null; // a worker older than Kafka 2.6
    }
  }

  static HikariConfig poolConfig(PostgresSinkConfig config, String connectorName) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("strom-sink-" + connectorName);
    hikari.setJdbcUrl(config.url());
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setMinimumIdle(1);
    hikari.setAutoCommit(false);
    hikari.setConnectionTimeout(10_000);
    // Start even while the database is down; writes then fail as transient and are retried.
    hikari.setInitializationFailTimeout(-1);
    return hikari;
  }

  @Override
  public void open(Collection<TopicPartition> partitions) {
    Map<TopicPartition, Long> loaded = withRetries("load stored offsets", connection -> {
      if (!offsetsTableReady) {
        offsets.createTable(connection);
        connection.commit();
        offsetsTableReady = true;
      }
      Map<TopicPartition, Long> result = offsets.load(connection, partitions);
      if (rules != null) {
        rules.open(connection, partitions);
      }
      connection.commit();
      return result;
    });
    Map<TopicPartition, Long> seeks = new HashMap<>();
    for (TopicPartition partition : partitions) {
      Long next = loaded.get(partition);
      nextExpected.put(partition, next == null ? OffsetStore.NONE : next);
      if (next != null) {
        stored.put(partition, next);
        seeks.put(partition, next);
      }
    }
    log.info("Opened {}; resuming at stored offsets {}", partitions, seeks);
    context.offset(seeks);
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    // A failed flush waits for its retry: the consumer is paused, so an empty poll is no sign of idle input.
    boolean retrying = failedAttempts > 0;
    Set<TopicPartition> polled = rules == null || records.isEmpty() ? Set.of() : new HashSet<>();
    for (SinkRecord record : records) {
      TopicPartition partition = partitionOf(record);
      if (rules != null) {
        polled.add(partition);
      }
      long offset = record.kafkaOffset();
      if (offset < nextExpected.getOrDefault(partition, OffsetStore.NONE)) {
        continue; // already buffered or stored: a redelivery
      }
      nextExpected.put(partition, offset + 1);
      buffer.advance(partition, offset + 1);
      try {
        RecordMapper.Mapped mapped = writeRecords ? mapper.map(record) : null;
        if (mapped != null) {
          buffer.add(mapped.table(), mapped.kind(), mapped.layout(), new PendingRow(record, mapped.values()));
        }
        if (rules != null) {
          rules.process(record, buffer);
        }
      } catch (DataException | RuleEvaluationException | IllegalArgumentException e) {
        report(record, e);
      }
    }
    if (rules != null) {
      if (retrying) {
        rules.holdTime();
      } else {
        rules.advanceTime(wallClock.getAsLong(), polled, buffer);
      }
    }
    // Flush on size, and when a poll came back empty: input is idle, so waiting only adds latency.
    if (buffer.rowCount() >= config.batchSize() || (records.isEmpty() && !buffer.isEmpty())) {
      flushOrRetry();
    }
  }

  private TopicPartition partitionOf(SinkRecord record) {
    TopicPartition last = lastPartition;
    if (last == null || last.partition() != record.kafkaPartition() || !last.topic().equals(record.topic())) {
      last = new TopicPartition(record.topic(), record.kafkaPartition());
      lastPartition = last;
    }
    return last;
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    if (!buffer.isEmpty()) {
      try {
        flush();
        failedAttempts = 0;
      } catch (SQLException e) {
        if (!dialect.isTransient(e)) {
          throw new ConnectException("cannot write to PostgreSQL", e);
        }
        log.warn("Flush before offset commit failed ({}); the buffered records stay and are retried", e.getMessage());
      }
    }
    Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
    stored.forEach((partition, next) -> {
      if (currentOffsets.containsKey(partition)) {
        result.put(partition, new OffsetAndMetadata(next));
      }
    });
    return result;
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    // preCommit ran just before; whatever is still buffered is re-read by the partitions' next owner.
    buffer.removePartitions(partitions);
    if (rules != null) {
      rules.close(partitions);
    }
    partitions.forEach(p -> {
      nextExpected.remove(p);
      stored.remove(p);
    });
  }

  @Override
  public void stop() {
    if (pool != null) {
      pool.close();
    }
  }

  private void flushOrRetry() {
    try {
      flush();
      failedAttempts = 0;
    } catch (SQLException e) {
      if (!dialect.isTransient(e)) {
        throw new ConnectException("cannot write to PostgreSQL", e);
      }
      failedAttempts++;
      if (failedAttempts > config.maxRetries()) {
        throw new ConnectException("PostgreSQL write failed " + failedAttempts + " times in a row", e);
      }
      log.warn("Transient PostgreSQL failure {}/{} ({}); retrying in {} ms with nothing lost", failedAttempts,
          config.maxRetries(), e.getMessage(), config.retryBackoffMs());
      context.timeout(config.retryBackoffMs());
      throw new RetriableException(e);
    }
  }

  /** One transaction: lock the partitions' offset rows, write every batch, store the offsets, commit. */
  private void flush() throws SQLException {
    if (buffer.isEmpty()) {
      return;
    }
    try (Connection connection = pool.getConnection()) {
      try {
        buffer.dropStored(offsets.lock(connection, buffer.nextOffsets().keySet()));
        for (Batch batch : buffer.batches()) {
          writer.write(connection, batch, (row, reason) -> report(row.source(), reason));
        }
        awaitReports();
        if (rules != null) {
          rules.saveState(connection);
        }
        offsets.save(connection, buffer.nextOffsets());
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        pendingReports.clear();
        rollbackQuietly(connection);
        tables.forget();
        throw e;
      }
    }
    log.debug("Flushed {} rows; offsets now {}", buffer.rowCount(), buffer.nextOffsets());
    stored.putAll(buffer.nextOffsets());
    buffer.clear();
    if (rules != null) {
      rules.committed();
    }
  }

  private void report(SinkRecord record, Exception reason) {
    if (record == null) {
      // an output of a window closed by wall-clock time: there is no record to dead-letter
      log.error("Dropping a rule output that cannot be written: {}", reason.getMessage());
      return;
    }
    if (reporter == null) {
      throw new ConnectException("a record cannot be written and no dead letter queue is configured "
          + "(errors.tolerance=all, errors.deadletterqueue.topic.name)", reason);
    }
    log.warn("Sending record {}-{}@{} to the dead letter queue: {}", record.topic(), record.kafkaPartition(),
        record.kafkaOffset(), reason.getMessage());
    pendingReports.add(reporter.report(record, reason));
  }

  /** The DLQ must hold a skipped record before its offset is committed past it. */
  private void awaitReports() {
    try {
      for (Future<Void> report : pendingReports) {
        report.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("interrupted while sending records to the dead letter queue", e);
    } catch (ExecutionException e) {
      throw new ConnectException("cannot send a record to the dead letter queue", e.getCause());
    } finally {
      pendingReports.clear();
    }
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      log.debug("Rollback failed too (connection lost?): {}", e.getMessage());
    }
  }

  private interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Runs short bookkeeping work, retrying transient failures in place (used outside put()). */
  private <T> T withRetries(String what, SqlWork<T> work) {
    for (int attempt = 0; ; attempt++) {
      try (Connection connection = pool.getConnection()) {
        try {
          return work.run(connection);
        } catch (SQLException e) {
          rollbackQuietly(connection);
          throw e;
        }
      } catch (SQLException e) {
        if (!dialect.isTransient(e) || attempt >= config.maxRetries()) {
          throw new ConnectException("cannot " + what, e);
        }
        log.warn("Cannot {} ({}); retrying in {} ms", what, e.getMessage(), config.retryBackoffMs());
        try {
          Thread.sleep(config.retryBackoffMs());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new ConnectException("interrupted", interrupted);
        }
      }
    }
  }
}
