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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The tables of a stream-table join, kept by the task as global tables: every task reads every
 * partition of each table topic ({@link GlobalTable}), so one rule instance per task serves every
 * partition of the stream (a stream-table join keeps no state of the stream).
 *
 * <p>The instance is used by one thread at a time. From the task's start until every table has
 * been read up to its end offsets at start, the readers apply their rows to it themselves (one at
 * a time, under a lock), so a table loads before the first record comes; that record waits for the
 * load to end. From then on the instance belongs to the transform's thread: the readers hand their
 * changes over a bounded queue, which it applies before each record (processing time: a record sees
 * the tables as the task has read them so far).
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
  /** Held by a reader applying a row while the tables load (several readers share the instance). */
  private final Object loading = new Object();
  private final CountDownLatch unloaded;
  private final long loadTimeoutMs;
  private boolean loaded;
  private ConnectException failed;

  private GlobalTables(CompiledRule rule, TableConfig config) {
    this.ruleName = rule.name();
    this.instance = rule.newInstance();
    this.loadTimeoutMs = config.loadTimeoutMs();
    List<StreamSchema> sources = rule.sources();
    for (int i = 1; i < sources.size(); i++) {
      tables.add(new GlobalTable(i, sources.get(i), config, this, changes));
    }
    this.unloaded = new CountDownLatch(tables.size());
  }

  /** Starts reading every table of {@code rule}, a stream-table join. */
  static GlobalTables start(CompiledRule rule, TableConfig config) {
    GlobalTables tables = new GlobalTables(rule, config);
    tables.tables.forEach(GlobalTable::start);
    return tables;
  }

  /**
   * A reader's row while its table loads: applied at once, on the reader's thread.
   *
   * @throws ConnectException when the rule cannot apply it
   */
  void applyWhileLoading(GlobalTable.Change change) {
    synchronized (loading) {
      apply(change);
    }
  }

  /** A reader has read its table up to the end offsets at start; its later changes come through the queue. */
  void loaded() {
    unloaded.countDown();
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
    if (!loaded) {
      awaitLoaded();
      loaded = true;
    }
    // only what is queued now: a reader that keeps adding must not hold the record back
    for (int n = changes.size(); n > 0; n--) {
      try {
        apply(changes.poll());
      } catch (ConnectException e) {
        failed = e;
        throw e;
      }
    }
    checkReaders();
    return instance;
  }

  private void awaitLoaded() {
    long deadline = System.currentTimeMillis() + loadTimeoutMs;
    try {
      while (!unloaded.await(Math.min(Math.max(deadline - System.currentTimeMillis(), 1), FAILURE_CHECK_MS),
          TimeUnit.MILLISECONDS)) {
        checkReaders();
        if (System.currentTimeMillis() >= deadline) {
          failed = new ConnectException("rule " + ruleName + ": the join tables did not load within " + loadTimeoutMs
              + " ms (rules.table.load.timeout.ms); the task fails rather than join against a half-loaded table: "
              + tables.stream().map(t -> "topic " + t.topic() + ": " + t.progress()).collect(Collectors.joining("; ")));
          throw failed;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("rule " + ruleName + ": interrupted while the join tables load", e);
    }
    // every reader has counted down after its last row applied under the lock: the rows are visible here
    synchronized (loading) {
      checkReaders();
    }
  }

  private void apply(GlobalTable.Change change) {
    try {
      instance.process(change.source(), change.record(), NO_OUTPUT);
    } catch (RuleEvaluationException e) {
      throw new ConnectException("rule " + ruleName + ": cannot apply a change of table topic "
          + tables.get(change.source() - 1).topic() + " at offset " + change.record().offset() + ": "
          + e.getMessage(), e);
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
