package io.strom.sink;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.strom.connect.common.PluginVersion;
import io.strom.connect.common.TaskMetrics;
import io.strom.rules.CompiledRule;
import io.strom.rules.contract.RuleEvaluationException;
import io.strom.sink.buffer.Batch;
import io.strom.sink.buffer.FlushBuffer;
import io.strom.sink.buffer.PendingRow;
import io.strom.sink.dialect.PostgresDialect;
import io.strom.sink.dialect.TableId;
import io.strom.sink.rules.HostedRules;
import io.strom.sink.writer.TableManager;
import io.strom.sink.writer.TableWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
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
 *
 * <p>Each partition is fenced by an owner epoch ({@link OffsetStore#claim}): a flush writes only
 * the partitions this task still owns. A partition taken over by a newer task is dropped from the
 * buffer and paused here, with a warning, instead of failing the flush over and over.
 *
 * <p>Records that cannot be written go to the dead letter queue once: a flush that rolls back
 * keeps the queued sends (they are awaited before any later commit moves the offsets past them)
 * and leaves the reported rows out of its retry.
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
  private boolean tablesReady;

  private final FlushBuffer buffer = new FlushBuffer();
  private final SinkMetrics metrics = new SinkMetrics();
  /** Per partition, the next offset this task will take; lower ones are already taken or stored. */
  private final Map<TopicPartition, Long> nextExpected = new HashMap<>();
  /** Per partition, the next offset stored in PostgreSQL. */
  private final Map<TopicPartition, Long> stored = new HashMap<>();
  /** Per partition, the owner epoch this task claimed in open(). */
  private final Map<TopicPartition, Long> epochs = new HashMap<>();
  /** Partitions a newer task took over: skipped (and paused) until they are opened again. */
  private final Set<TopicPartition> fenced = new HashSet<>();
  /** DLQ sends not yet known to be stored: awaited before the next commit, kept across a rollback. */
  private final List<Future<Void>> pendingReports = new ArrayList<>();
  /** Rows the writer rejected in the current flush attempt (reported or dropped already). */
  private final Set<PendingRow> rejected = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Records sent to the DLQ since the last commit: a record goes there once, however many rows fail. */
  private final Set<SinkRecord> reported = Collections.newSetFromMap(new IdentityHashMap<>());
  private long droppedRuleOutputs;
  private int failedAttempts;
  private boolean writeRecords;
  private static final long NOT_BUFFERED = Long.MIN_VALUE;
  /** Wall-clock time the buffer last went from empty to holding something, for flush.max.ms. */
  private long bufferedSince = NOT_BUFFERED;
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
        : HostedRules.create(compiled, config.rulesTableNameFormat(), dialect.quote(config.rulesStateTable()),
            connectorName, config.rulesIdleTimeoutMs(), config.lateRecordsTable());
    // A lambda, not a method reference: on a worker without pluginMetrics() the call must fail
    // inside TaskMetrics.of, which expects that, not where the reference is linked.
    TaskMetrics taskMetrics = TaskMetrics.of(() -> context.pluginMetrics());
    metrics.register(taskMetrics);
    if (rules != null) {
      rules.registerMetrics(taskMetrics);
    }
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
    // A flush that waits on a lock (e.g. a hung zombie's rows) or a statement that hangs fails
    // as transient and is retried instead of blocking the task forever. A task frozen inside its
    // flush transaction (SIGSTOP, a stalled host) loses that transaction, and so its row locks,
    // after the same time: the server ends the session, not TCP minutes later.
    hikari.addDataSourceProperty("options", "-c lock_timeout=" + config.lockTimeoutMs()
        + " -c statement_timeout=" + config.statementTimeoutMs()
        + " -c idle_in_transaction_session_timeout=" + config.lockTimeoutMs());
    hikari.addDataSourceProperty("socketTimeout", Long.toString((config.socketTimeoutMs() + 999) / 1000));
    // Start even while the database is down; writes then fail as transient and are retried.
    hikari.setInitializationFailTimeout(-1);
    return hikari;
  }

  @Override
  public void open(Collection<TopicPartition> partitions) {
    if (!tablesReady) {
      // Committed on their own, so that a later rollback cannot take the tables away again.
      withRetries("create the connector's tables", connection -> {
        offsets.createTable(connection);
        if (rules != null) {
          rules.createStateTable(connection);
        }
        connection.commit();
        return null;
      });
      tablesReady = true;
    }
    // One transaction: the claim's row locks keep any other task from committing between the
    // offsets and the rule snapshots read here, so the two always belong together.
    Map<TopicPartition, OffsetStore.Claim> claims = withRetries("claim partitions and load their state", connection -> {
      Map<TopicPartition, OffsetStore.Claim> result = offsets.claim(connection, partitions);
      if (rules != null) {
        rules.open(connection, partitions);
      }
      connection.commit();
      return result;
    });
    Map<TopicPartition, Long> seeks = new HashMap<>();
    for (TopicPartition partition : partitions) {
      OffsetStore.Claim claim = claims.get(partition);
      epochs.put(partition, claim.epoch());
      nextExpected.put(partition, claim.nextOffset());
      if (claim.nextOffset() != OffsetStore.NONE) {
        stored.put(partition, claim.nextOffset());
        seeks.put(partition, claim.nextOffset());
      }
    }
    lastPartition = null; // re-canonicalized against the new map keys
    List<TopicPartition> unfenced = partitions.stream().filter(fenced::remove).toList();
    if (!unfenced.isEmpty()) {
      context.resume(unfenced.toArray(new TopicPartition[0]));
    }
    log.info("Opened {}; resuming at stored offsets {}", partitions, seeks);
    log.debug("Owner epochs {}", epochs);
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
      if (!fenced.isEmpty() && fenced.contains(partition)) {
        continue; // a newer task owns it
      }
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
        // Once per record: its own row may still fail at the flush (a wrong type), and that is
        // the same bad record, not a second one.
        if (reported.add(record)) {
          report(record, e);
        }
      }
    }
    if (rules != null) {
      if (retrying) {
        rules.holdTime();
      } else {
        rules.advanceTime(wallClock.getAsLong(), polled, buffer);
      }
    }
    // Flush on size, when a poll came back empty (input is idle, so waiting only adds latency), and
    // when the oldest buffered record has waited flush.max.ms (steady low-rate input never polls
    // empty, and the framework's offset commit may be seconds away).
    if (!buffer.isEmpty() && bufferedSince == NOT_BUFFERED) {
      bufferedSince = wallClock.getAsLong();
    }
    if (buffer.rowCount() >= config.batchSize() || (records.isEmpty() && !buffer.isEmpty()) || flushDue()) {
      flushOrRetry();
    }
  }

  private boolean flushDue() {
    long maxMs = config.flushMaxMs();
    return maxMs >= 0 && bufferedSince != NOT_BUFFERED && wallClock.getAsLong() - bufferedSince >= maxMs;
  }

  private TopicPartition partitionOf(SinkRecord record) {
    TopicPartition last = lastPartition;
    if (last == null || last.partition() != record.kafkaPartition() || !last.topic().equals(record.topic())) {
      last = canonical(new TopicPartition(record.topic(), record.kafkaPartition()));
      lastPartition = last;
    }
    return last;
  }

  /**
   * The instance open() put into {@link #nextExpected} for an equal partition: HashMap compares
   * keys by identity first, so the per-record lookups then skip TopicPartition.equals (a string
   * comparison), which showed in the profile.
   */
  private TopicPartition canonical(TopicPartition partition) {
    for (TopicPartition key : nextExpected.keySet()) {
      if (key.equals(partition)) {
        return key;
      }
    }
    return partition;
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
      epochs.remove(p);
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

  /**
   * One transaction: lock the partitions' offset rows, leave out the partitions a newer task owns,
   * write every batch, store the rule state and offsets, make sure the DLQ holds what was sent
   * there, commit.
   */
  private void flush() throws SQLException {
    if (buffer.isEmpty()) {
      return;
    }
    long started = System.nanoTime();
    Written written;
    try (Connection connection = pool.getConnection()) {
      try {
        // Every partition this task owns, not only those with new records: a window closed by the
        // wall clock writes outputs and a snapshot for a partition that had no input.
        Map<TopicPartition, OffsetStore.Claim> rows = offsets.lock(connection, epochs.keySet());
        fenceLostPartitions(rows);
        buffer.dropStored(storedOffsets(rows));
        for (Batch batch : buffer.batches()) {
          writer.write(connection, batch, this::rejected);
        }
        if (rules != null) {
          rules.saveState(connection);
        }
        offsets.save(connection, buffer.nextOffsets());
        awaitReports();
        written = written();
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection);
        tables.forget();
        // Already reported or dropped: the retry neither writes nor reports them again.
        buffer.removeRows(rejected);
        rejected.clear();
        throw e;
      }
    }
    metrics.committed(written.records(), System.nanoTime() - started);
    if (rules != null) {
      written.ruleRows().forEach(rules::countWritten);
    }
    log.debug("Flushed {} rows; offsets now {}", buffer.rowCount(), buffer.nextOffsets());
    stored.putAll(buffer.nextOffsets());
    buffer.clear();
    bufferedSince = NOT_BUFFERED;
    rejected.clear();
    reported.clear();
    if (rules != null) {
      rules.committed();
    }
  }

  /** Rows a flush writes: of records, and of rule outputs per rule table. */
  private record Written(long records, Map<TableId, Long> ruleRows) {}

  /** Counts the rows the writer took, after the writes (so without the rows it rejected). */
  private Written written() {
    long records = 0;
    Map<TableId, Long> ruleRows = new HashMap<>();
    for (Batch batch : buffer.batches()) {
      long rows = batch.rows().size();
      if (!rejected.isEmpty()) {
        rows -= batch.rows().stream().filter(rejected::contains).count();
      }
      if (rows == 0) {
        continue;
      }
      // A batch holds rows of one layout, and rule outputs never share a layout with records' rows
      // (each side builds its own): the first row tells whose batch it is.
      if (batch.rows().get(0).fromRule()) {
        ruleRows.merge(batch.table(), rows, Long::sum);
      } else {
        records += rows;
      }
    }
    return new Written(records, ruleRows);
  }

  /**
   * Partitions whose stored epoch is no longer this task's were claimed by a newer task: drop what
   * is buffered for them, stop taking their records and say so, once.
   */
  private void fenceLostPartitions(Map<TopicPartition, OffsetStore.Claim> rows) {
    List<TopicPartition> lost = new ArrayList<>();
    for (TopicPartition partition : epochs.keySet()) {
      OffsetStore.Claim row = rows.get(partition);
      Long mine = epochs.get(partition);
      if (row == null || mine == null || row.epoch() != mine) {
        lost.add(partition);
        log.warn("partition {} fenced: owned by a newer task (stored owner epoch {}, this task's {}); dropping its "
            + "buffered records and writing it no more", partition, row == null ? "none" : row.epoch(), mine);
      }
    }
    if (lost.isEmpty()) {
      return;
    }
    metrics.fenced();
    buffer.removePartitions(lost);
    if (rules != null) {
      rules.close(lost);
    }
    for (TopicPartition partition : lost) {
      nextExpected.remove(partition);
      stored.remove(partition);
      epochs.remove(partition);
      fenced.add(partition);
    }
    context.pause(lost.toArray(new TopicPartition[0]));
  }

  private static Map<TopicPartition, Long> storedOffsets(Map<TopicPartition, OffsetStore.Claim> rows) {
    Map<TopicPartition, Long> result = new HashMap<>();
    rows.forEach((partition, row) -> {
      if (row.nextOffset() != OffsetStore.NONE) {
        result.put(partition, row.nextOffset());
      }
    });
    return result;
  }

  /**
   * A row the writer could not write. A record's own row sends the record to the DLQ. A rule
   * output does too when the record has no row of its own ({@code write.records=false}); when it
   * has, that row is written, so only the output is dropped (logged and counted).
   */
  private void rejected(PendingRow row, Exception reason) {
    rejected.add(row);
    if (row.source() == null) {
      report(null, reason);
      return;
    }
    if (row.fromRule() && writeRecords) {
      droppedRuleOutputs++;
      log.warn("Dropping a rule output row that cannot be written ({} so far; source record {}-{}@{}, whose own "
              + "row is handled on its own): {}", droppedRuleOutputs, row.source().topic(), row.source().kafkaPartition(),
          row.source().kafkaOffset(), reason.getMessage());
      return;
    }
    if (reported.add(row.source())) {
      report(row.source(), reason);
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

  /**
   * The DLQ must hold a skipped record before its offset is committed past it. The sends are
   * forgotten only once all of them are stored; a failure keeps them for the next attempt.
   */
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
    }
    pendingReports.clear();
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
