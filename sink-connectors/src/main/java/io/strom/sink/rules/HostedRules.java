package io.strom.sink.rules;

import io.strom.connect.common.ConfigKeyException;
import io.strom.connect.common.TaskCounter;
import io.strom.connect.common.TaskMetrics;
import io.strom.connect.rules.RuleConfigKeys;
import io.strom.connect.rules.SourceRows;
import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.Emitter;
import io.strom.rules.contract.RuleException;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.contract.WindowCloseException;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.LateRecord;
import io.strom.rules.data.OutputRecord;
import io.strom.rules.data.Row;
import io.strom.rules.data.StreamSchema;
import io.strom.sink.buffer.FlushBuffer;
import io.strom.sink.buffer.PendingRow;
import io.strom.sink.dialect.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rules evaluated inside the sink: one {@link RuleInstance} per rule and partition of its source
 * topic; a join rule's instance is fed by that partition of each of its co-partitioned source
 * topics ({@link JoinInputs}), a table source's records (tombstones too) update the table side of
 * its state. Aggregations and patterns ({@link CompiledRule#isStateful()}) hold state: windows, or
 * partial matches. Outputs go into the same flush buffer as the rows, and the instances' snapshots into the
 * same transaction (see {@link #saveState}), so a restarted or rebalanced task restores exactly
 * the state that matches the stored offsets ({@link #open}).
 */
public final class HostedRules {

  private static final Logger log = LoggerFactory.getLogger(HostedRules.class);

  /** The connector key that overrides the consumer's assignor, which join rules depend on. */
  public static final String ASSIGNOR_OVERRIDE = JoinInputs.ASSIGNOR_OVERRIDE;

  /**
   * A rule with its counters: rows written, counted when a flush commits, and records later than
   * the rule's grace period, counted as the rule sees them.
   */
  private record Hosted(CompiledRule rule, List<SourceRows> rows, RuleOutputs outputs, TaskCounter rowsWritten,
                        TaskCounter lateRecords) {

    /** The instance of partition {@code p}: the rule's state is kept (and stored) under its first source's topic. */
    TopicPartition anchor(TopicPartition partition) {
      String first = rows.get(0).source().topic();
      return first.equals(partition.topic()) ? partition : new TopicPartition(first, partition.partition());
    }

    boolean reads(String topic) {
      for (SourceRows source : rows) {
        if (source.source().topic().equals(topic)) {
          return true;
        }
      }
      return false;
    }
  }

  private record InstanceKey(String rule, TopicPartition partition) {}

  /**
   * A partition's idle time, as the rules see it through {@link RuleInstance#advanceTime}: it runs
   * only from one caught-up tick to the next, and stands still while the partition is busy or the
   * task retries a failed flush, so neither a backlog nor an outage counts as idle input.
   */
  private static final class IdleClock {
    private static final long STOPPED = Long.MIN_VALUE;
    private long lastTick = STOPPED;
    private long idleMillis;

    long tick(long wallClockMillis) {
      if (lastTick != STOPPED && wallClockMillis > lastTick) {
        idleMillis += wallClockMillis - lastTick;
      }
      lastTick = wallClockMillis;
      return idleMillis;
    }

    void stop() {
      lastTick = STOPPED;
    }
  }

  private final List<CompiledRule> compiled;
  private final List<Hosted> rules;
  /** Every partition this task owns: a join's instance needs its partition of every source topic. */
  private final Set<TopicPartition> owned = new HashSet<>();
  private final RuleStateStore state;
  private final long idleTimeoutMillis;
  /** Null when late records are only counted. */
  private final LateRecordsTable lateRecords;
  private final Map<InstanceKey, RuleInstance> instances = new HashMap<>();
  private final Set<InstanceKey> dirty = new HashSet<>();
  private final Map<TopicPartition, IdleClock> idleClocks = new HashMap<>();
  private long failedOutputs;

  private HostedRules(List<CompiledRule> rules, String tableNameFormat, RuleStateStore state, long idleTimeoutMillis,
                      LateRecordsTable lateRecords) {
    this.compiled = List.copyOf(rules);
    this.rules = rules.stream().map(r -> new Hosted(r, r.sources().stream().map(SourceRows::new).toList(),
        new RuleOutputs(r, tableNameFormat), new TaskCounter(), new TaskCounter())).toList();
    this.state = state;
    this.idleTimeoutMillis = idleTimeoutMillis;
    this.lateRecords = lateRecords;
  }

  /**
   * @param tableNameFormat each rule's output table, {@code ${rule}} replaced by its lower-case name
   * @param idleTimeoutMillis after this much idle input, EMIT FINAL windows close with the wall
   *     clock ({@link #advanceTime}); 0 = only as records move stream time
   * @param lateRecordsTable the table records too late for a rule are written to; empty = only count them
   */
  public static HostedRules create(List<CompiledRule> rules, String tableNameFormat, String quotedStateTable,
                                   String connector, long idleTimeoutMillis, String lateRecordsTable) {
    return new HostedRules(rules, tableNameFormat, new RuleStateStore(quotedStateTable, connector), idleTimeoutMillis,
        lateRecordsTable.isEmpty() ? null : new LateRecordsTable(lateRecordsTable));
  }

  /**
   * Compiles the script ({@code rules} text, else the file at {@code rulesFile}) and picks the
   * named rules (all when none are named). Returns an empty list when neither is set.
   *
   * @throws ConfigKeyException naming the key whose script or names are wrong
   */
  public static List<CompiledRule> compile(String rules, String rulesFile, List<String> statements) {
    return compile(rules, rulesFile, statements, null, null, null);
  }

  /**
   * As {@link #compile(String, String, List)}, and checks that the join rules can run in this
   * connector: their source topics are its inputs, joined on their keys, and assigned together
   * (see {@link JoinInputs}).
   *
   * @param topics the connector's {@code topics}, {@code topicsRegex} its {@code topics.regex},
   *     {@code assignor} its {@code consumer.override.partition.assignment.strategy} (each may be null)
   */
  public static List<CompiledRule> compile(String rules, String rulesFile, List<String> statements, String topics,
                                           String topicsRegex, String assignor) {
    List<CompiledRule> chosen = compileScript(rules, rulesFile, statements);
    if (topics != null || topicsRegex != null) {
      JoinInputs.check(chosen, RuleConfigKeys.scriptKey(rules), topics, topicsRegex, assignor);
    }
    return chosen;
  }

  private static List<CompiledRule> compileScript(String rules, String rulesFile, List<String> statements) {
    String key = RuleConfigKeys.scriptKey(rules);
    String script = RuleConfigKeys.script(rules, rulesFile);
    if (script == null) {
      return List.of();
    }
    RuleScript compiled;
    try {
      compiled = RuleScript.compile(script);
    } catch (RuleException e) {
      throw new ConfigKeyException(key, key.equals(RuleConfigKeys.RULES_CONFIG) ? RuleConfigKeys.SCRIPT : rulesFile, e.getMessage());
    }
    List<CompiledRule> chosen = new ArrayList<>();
    if (statements.isEmpty()) {
      chosen.addAll(compiled.rules());
    } else {
      for (String name : statements) {
        try {
          chosen.add(compiled.rule(name));
        } catch (IllegalArgumentException e) {
          throw new ConfigKeyException(RuleConfigKeys.RULES_STATEMENT_CONFIG, statements, e.getMessage());
        }
      }
    }
    for (CompiledRule rule : chosen) {
      try {
        rule.newInstance();
      } catch (UnsupportedOperationException e) {
        throw new ConfigKeyException(key, rule.name(), "the rules library cannot run this rule yet: " + e.getMessage());
      }
    }
    return chosen;
  }

  /** Registers each rule's gauges, tagged {@code rule=<name>}. */
  public void registerMetrics(TaskMetrics metrics) {
    for (Hosted hosted : rules) {
      String name = hosted.rule().name();
      metrics.counter("rule-rows-written-total", "Output rows of the rule the task committed (inserts, upserts and"
          + " deletes of its table).", "rule", name, hosted.rowsWritten());
      metrics.counter("late-records-total", "Records later than the rule's grace period (dropped by its windows, or"
          + " too late for its pattern's event-time order), one per missed window; written to the late records"
          + " table too when one is set.",
          "rule", name, hosted.lateRecords());
    }
  }

  /** A flush committed {@code rows} output rows into {@code table}, the table of one of the rules. */
  public void countWritten(TableId table, long rows) {
    for (Hosted hosted : rules) {
      if (hosted.outputs().table().equals(table)) {
        hosted.rowsWritten().add(rows);
        return;
      }
    }
  }

  /** Creates the rule state table if missing (the caller commits). */
  public void createStateTable(Connection connection) throws SQLException {
    state.createTable(connection);
  }

  /**
   * Creates instances for the partitions and restores their stored state (in the caller's
   * transaction). A join rule has one instance per partition number, fed by that partition of
   * each of its source topics and stored under its first source's; every one of them must be
   * owned here ({@link JoinInputs#checkAssignment}).
   *
   * @throws org.apache.kafka.connect.errors.ConnectException when a join rule's sources are not co-partitioned here
   */
  public void open(Connection connection, Collection<TopicPartition> partitions) throws SQLException {
    owned.addAll(partitions);
    Set<InstanceKey> opened = new HashSet<>();
    for (TopicPartition partition : partitions) {
      for (Hosted hosted : rules) {
        if (!hosted.reads(partition.topic())) {
          continue;
        }
        TopicPartition anchor = hosted.anchor(partition);
        InstanceKey key = new InstanceKey(hosted.rule().name(), anchor);
        if (!opened.add(key)) {
          continue; // a join whose other source's partition opened it
        }
        RuleInstance instance = idleTimeoutMillis > 0
            ? hosted.rule().newInstance(Duration.ofMillis(idleTimeoutMillis)) : hosted.rule().newInstance();
        byte[] snapshot = state.load(connection, hosted.rule().name(), anchor);
        if (snapshot != null) {
          instance.restore(snapshot);
        }
        instances.put(key, instance);
        idleClocks.put(anchor, new IdleClock());
        log.info("Rule {} on {}: {}", hosted.rule().name(), anchor, snapshot == null ? "fresh state" : "state restored");
      }
    }
    JoinInputs.checkAssignment(compiled, owned);
  }

  /**
   * Forgets partitions this task no longer owns (their state is in the database); a join's
   * instance goes with any of its partitions.
   *
   * @throws org.apache.kafka.connect.errors.ConnectException when a join rule keeps a source partition without the others
   */
  public void close(Collection<TopicPartition> partitions) {
    owned.removeAll(partitions);
    Set<TopicPartition> anchors = new HashSet<>(partitions);
    for (Hosted hosted : rules) {
      for (TopicPartition partition : partitions) {
        if (hosted.reads(partition.topic())) {
          anchors.add(hosted.anchor(partition));
        }
      }
    }
    instances.keySet().removeIf(key -> anchors.contains(key.partition()));
    dirty.removeIf(key -> anchors.contains(key.partition()));
    idleClocks.keySet().removeIf(partition -> anchors.contains(partition) && !owned.contains(partition));
    state.forget(anchors);
    JoinInputs.checkAssignment(compiled, owned);
  }

  /**
   * Runs every rule of the record's topic on it and buffers the outputs. Each rule on its own: one
   * that fails does not keep the later ones from the record, and its state change still reaches
   * the next snapshot. Windows that a rule closed but could not emit are logged and counted
   * ({@link #failedOutputs}); the record is not at fault for them.
   *
   * @throws io.strom.rules.contract.RuleEvaluationException or DataException for a record a rule cannot
   *     read or evaluate (the caller sends it to the DLQ), after every rule had its turn; the
   *     failures of further rules are attached as suppressed
   */
  public void process(SinkRecord record, FlushBuffer buffer) {
    TopicPartition partition = new TopicPartition(record.topic(), record.kafkaPartition());
    RuntimeException failure = null;
    for (Hosted hosted : rules) {
      List<SourceRows> sources = hosted.rows();
      for (int index = 0; index < sources.size(); index++) {
        if (!sources.get(index).source().topic().equals(record.topic())) {
          continue;
        }
        InstanceKey key = new InstanceKey(hosted.rule().name(), hosted.anchor(partition));
        RuleInstance instance = instances.get(key);
        if (instance == null) {
          break;
        }
        try {
          Row row = sources.get(index).toRow(record.key(), record.value(), record.topic());
          long timestamp = record.timestamp() == null ? 0L : record.timestamp();
          instance.process(index, new InputRecord(record.key(), row, timestamp, record.kafkaOffset()), new Emitter() {
            @Override
            public void emit(OutputRecord out) {
              add(hosted, out, record, null, buffer);
            }

            @Override
            public void late(LateRecord late) {
              hosted.lateRecords().increment();
              if (lateRecords != null) {
                lateRecords.add(hosted.rule().name(), late, record, buffer);
              }
            }
          });
        } catch (WindowCloseException e) {
          failedToEmit(e, partition);
        } catch (RuntimeException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        } finally {
          if (hosted.rule().isStateful()) {
            dirty.add(key);
          }
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Lets EMIT FINAL windows of idle partitions close with the wall clock (when an idle timeout is
   * set). Idle means caught up: call this on every poll with the partitions that poll brought
   * records for (their idle time starts again), and {@link #holdTime} instead while a failed flush
   * is being retried. Never throws: outputs that fail are logged and counted.
   */
  public void advanceTime(long wallClockMillis, Set<TopicPartition> busy, FlushBuffer buffer) {
    if (idleTimeoutMillis == 0) {
      return;
    }
    Map<TopicPartition, Long> idleClock = new HashMap<>();
    idleClocks.forEach((partition, clock) -> {
      if (busy.contains(partition)) {
        clock.stop();
      } else {
        idleClock.put(partition, clock.tick(wallClockMillis));
      }
    });
    for (Hosted hosted : rules) {
      if (!hosted.rule().isWindowed()) {
        continue;
      }
      instances.forEach((key, instance) -> {
        Long idle = idleClock.get(key.partition());
        if (idle == null || !key.rule().equals(hosted.rule().name())) {
          return;
        }
        try {
          instance.advanceTime(idle, out -> add(hosted, out, null, key.partition(), buffer));
        } catch (WindowCloseException e) {
          failedToEmit(e, key.partition());
        } catch (RuntimeException e) {
          failedOutputs++;
          log.error("Rule {} on {}: closing idle windows failed: {}", key.rule(), key.partition(), e.getMessage(), e);
        } finally {
          dirty.add(key);
        }
      });
    }
  }

  /** No partition is idle now (the task is retrying a failed flush, the consumer is paused). */
  public void holdTime() {
    idleClocks.values().forEach(IdleClock::stop);
  }

  /** Outputs of closed windows that could not be evaluated, and so were dropped, since the start. */
  public long failedOutputs() {
    return failedOutputs;
  }

  private void failedToEmit(WindowCloseException e, TopicPartition partition) {
    for (RuntimeException failure : e.failures()) {
      failedOutputs++;
      log.error("Rule {} on {}: dropping the output of a closed window: {}", e.ruleName(), partition,
          failure.getMessage());
    }
  }

  /** Writes the snapshots of every instance that changed since the last commit (unless equal to the stored one). */
  public void saveState(Connection connection) throws SQLException {
    for (InstanceKey key : dirty) {
      RuleInstance instance = instances.get(key);
      if (instance != null) {
        state.save(connection, key.rule(), key.partition(), instance.snapshot());
      }
    }
  }

  /** The flush transaction committed: the saved snapshots are current. */
  public void committed() {
    dirty.clear();
    state.committed();
  }

  /** Buffers an output: of {@code source}, or with no record behind it, of {@code partition}'s state. */
  private static void add(Hosted hosted, OutputRecord out, SinkRecord source, TopicPartition partition,
                          FlushBuffer buffer) {
    RuleOutputs.Entry entry = hosted.outputs().entry(out);
    if (entry != null) {
      buffer.add(entry.table(), entry.kind(), entry.layout(),
          source != null ? PendingRow.ofRule(source, entry.values()) : PendingRow.ofState(partition, entry.values()));
    }
  }
}
