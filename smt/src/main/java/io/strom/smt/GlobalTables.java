package io.strom.smt;

import io.strom.rules.CompiledRule;
import io.strom.rules.contract.Emitter;
import io.strom.rules.contract.RuleEvaluationException;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.LateRecord;
import io.strom.rules.data.OutputRecord;
import io.strom.rules.data.StreamSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The tables of a stream-table join, kept by the task as global tables: every task reads every
 * partition of each table topic ({@link GlobalTable}), so one rule instance per task serves every
 * partition of the stream (a stream-table join keeps no state of the stream).
 *
 * <p>The readers' threads hand their changes over a bounded queue; the transform's thread applies
 * them to the instance before each record ({@link #instance()}), so the instance is never used by
 * two threads. The first record waits until every table is read up to its end offsets at start;
 * after that a record sees the tables as the task has read them so far (processing time).
 */
final class GlobalTables implements AutoCloseable {

  /** Enough changes in flight to keep the readers busy; a full queue holds them back until the next record. */
  private static final int QUEUED_CHANGES = 4096;
  private static final long FAILURE_CHECK_MS = 100;

  /** A table change emits nothing in a stream-table join; anything else is a bug, never dropped silently. */
  private static final Emitter NO_OUTPUT = new Emitter() {
    @Override
    public void emit(OutputRecord record) {
      throw new IllegalStateException("a table change of a stream-table join emitted " + record);
    }

    @Override
    public void late(LateRecord late) {
      // tables have no grace period; nothing is late
    }
  };

  private final String ruleName;
  private final RuleInstance instance;
  private final List<GlobalTable> tables = new ArrayList<>();
  private final BlockingQueue<GlobalTable.Change> changes = new ArrayBlockingQueue<>(QUEUED_CHANGES);
  private final long loadTimeoutMs;
  private int loadedTables;
  private ConnectException failed;

  private GlobalTables(CompiledRule rule, TableConfig config) {
    this.ruleName = rule.name();
    this.instance = rule.newInstance();
    this.loadTimeoutMs = config.loadTimeoutMs();
    List<StreamSchema> sources = rule.sources();
    for (int i = 1; i < sources.size(); i++) {
      tables.add(new GlobalTable(i, sources.get(i), config, changes));
    }
  }

  /** Starts reading every table of {@code rule}, a stream-table join. */
  static GlobalTables start(CompiledRule rule, TableConfig config) {
    GlobalTables tables = new GlobalTables(rule, config);
    tables.tables.forEach(GlobalTable::start);
    return tables;
  }

  /**
   * The rule's instance with every change read so far applied; the first call waits for the tables
   * to load.
   *
   * @throws ConnectException when a table could not be read, or did not load in time
   */
  RuleInstance instance() {
    if (failed != null) {
      throw failed;
    }
    if (loadedTables < tables.size()) {
      awaitLoaded();
    }
    // only what is queued now: a reader that keeps adding must not hold the record back
    for (int n = changes.size(); n > 0; n--) {
      apply(changes.poll());
    }
    checkReaders();
    return instance;
  }

  private void awaitLoaded() {
    long deadline = System.currentTimeMillis() + loadTimeoutMs;
    while (loadedTables < tables.size()) {
      checkReaders();
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        failed = new ConnectException("rule " + ruleName + ": the join tables did not load within " + loadTimeoutMs
            + " ms (rules.table.load.timeout.ms); the task fails rather than join against a half-loaded table: "
            + tables.stream().map(t -> "topic " + t.topic() + ": " + t.progress()).collect(Collectors.joining("; ")));
        throw failed;
      }
      GlobalTable.Change change;
      try {
        change = changes.poll(Math.min(left, FAILURE_CHECK_MS), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectException("rule " + ruleName + ": interrupted while the join tables load", e);
      }
      if (change != null) {
        apply(change);
      }
    }
  }

  private void apply(GlobalTable.Change change) {
    if (change.record() == null) {
      loadedTables++;
      return;
    }
    try {
      instance.process(change.source(), change.record(), NO_OUTPUT);
    } catch (RuleEvaluationException e) {
      failed = new ConnectException("rule " + ruleName + ": cannot apply a change of table topic "
          + tables.get(change.source() - 1).topic() + " at offset " + change.record().offset() + ": "
          + e.getMessage(), e);
      throw failed;
    }
  }

  private void checkReaders() {
    for (GlobalTable table : tables) {
      ConnectException failure = table.failure();
      if (failure != null) {
        failed = new ConnectException("rule " + ruleName + ": " + failure.getMessage(), failure);
        throw failed;
      }
    }
  }

  /** Stops every reader and its consumer. */
  @Override
  public void close() {
    tables.forEach(GlobalTable::close);
  }
}
