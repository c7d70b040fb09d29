package io.strom.rules;

import io.strom.rules.contract.RecordPredicate;
import io.strom.rules.contract.RowProjection;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.Column;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.execution.CompiledPlan;
import io.strom.rules.plan.PassThroughColumns;
import io.strom.rules.plan.RulePlan;
import java.util.List;

/**
 * One compiled rule ({@code CREATE STREAM|TABLE name AS SELECT ...}): immutable and thread-safe;
 * create one {@link RuleInstance} per partition with {@link #newInstance()}.
 */
public final class CompiledRule {

  private final CompiledPlan compiled;
  private final List<Integer> passThroughColumns;

  CompiledRule(RulePlan plan) {
    this.compiled = new CompiledPlan(plan);
    this.passThroughColumns = PassThroughColumns.of(plan);
  }

  /** The target name: the output stream/table (and by default its topic). */
  public String name() {
    return compiled.plan().name();
  }

  /** The output topic: the {@code KAFKA_TOPIC} property, else the name. */
  public String topic() {
    return compiled.plan().topic();
  }

  /** True for {@code CREATE TABLE ... AS} (outputs are updates/tombstones per key), false for streams. */
  public boolean isTable() {
    return compiled.plan().table();
  }

  /** The source this rule reads; for a join, the first (leftmost) of {@link #sources()}. */
  public StreamSchema source() {
    return compiled.plan().source();
  }

  /**
   * Every source the rule reads, in FROM order: one, or the joined ones. Feed a record of the i-th
   * with {@link RuleInstance#process(int, io.strom.rules.data.InputRecord, io.strom.rules.contract.Emitter)}.
   */
  public List<StreamSchema> sources() {
    return compiled.plan().sources();
  }

  /** True for a rule with a JOIN: it reads several sources. */
  public boolean isJoin() {
    return compiled.plan().join() != null;
  }

  /**
   * True when every ON of the join compares the key columns of its two sides (a source's only key
   * column, or the key of the join so far): the records that join then share their record key, so
   * sources partitioned alike by key (co-partitioned) bring them to the same partition. False for a
   * rule without a join, and for one that joins on a value column (ksqlDB would re-partition).
   */
  public boolean joinsOnKeys() {
    io.strom.rules.plan.JoinPlan join = compiled.plan().join();
    if (join == null) {
      return false;
    }
    for (io.strom.rules.plan.JoinPlan.Step step : join.steps()) {
      if (!readsAKey(join, step.leftKey()) || !readsAKey(join, step.rightKey())) {
        return false;
      }
    }
    return true;
  }

  private static boolean readsAKey(io.strom.rules.plan.JoinPlan join, io.strom.rules.plan.Expr operand) {
    if (!(operand instanceof io.strom.rules.plan.Expr.ColumnValue column)) {
      return false;
    }
    if (column.index() == join.keySlot()) {
      return true;
    }
    for (io.strom.rules.plan.JoinPlan.Source source : join.sources()) {
      List<Column> columns = source.schema().columns();
      int at = column.index() - source.offset();
      if (at >= 0 && at < columns.size()) {
        return columns.get(at).isKey() && source.schema().keyColumns().size() == 1;
      }
    }
    return false;
  }

  /** Output columns in SELECT order; key columns are flagged. */
  public List<Column> output() {
    return compiled.plan().output();
  }

  public boolean isAggregate() {
    return compiled.plan().aggregation() != null;
  }

  /** True for a {@code MATCH_RECOGNIZE} rule: a stream of one row per match, with state per partition. */
  public boolean isPattern() {
    return compiled.plan().pattern() != null;
  }

  /**
   * True when an instance holds state between records (aggregations and patterns): a host keeps
   * one instance per partition and stores its {@link RuleInstance#snapshot()}.
   */
  public boolean isStateful() {
    return isAggregate() || isPattern() || isJoin();
  }

  public boolean isWindowed() {
    return isAggregate() && compiled.plan().aggregation().window() != null;
  }

  /** A fresh instance with empty state (one per partition); EMIT FINAL windows close only as stream time passes. */
  public RuleInstance newInstance() {
    return compiled.newInstance(0);
  }

  /**
   * A fresh instance whose EMIT FINAL windows also close when the input has been idle for
   * {@code idleTimeout}: the host calls {@link RuleInstance#advanceTime(long, Emitter)} with its wall
   * clock (e.g. on every poll), and stream time then follows the wall clock from where the input stopped.
   */
  public RuleInstance newInstance(java.time.Duration idleTimeout) {
    return compiled.newInstance(idleTimeout.toMillis());
  }

  /**
   * A fresh in-place evaluator of this rule, for a host that builds its own output records (one
   * per task thread), or null unless the rule is a filter/projection over a stream: aggregations,
   * patterns, joins and table sources run only through {@link #newInstance()}.
   */
  public RowProjection newProjection() {
    return compiled.newProjection();
  }

  /** The rule's WHERE clause alone (always true for a record with a value when there is none). */
  public RecordPredicate where() {
    return compiled.where();
  }

  /**
   * The indexes (ascending) of the source's value columns that this rule reads only to copy them,
   * unchanged, into value output columns: not in WHERE, not inside any other expression, not as the
   * event time. A host may hand such a value through in its own representation, since the rule
   * never looks at it (the SMT keeps Connect's Timestamp objects). Empty for aggregations.
   */
  public List<Integer> passThroughColumns() {
    return passThroughColumns;
  }

  @Override
  public String toString() {
    return "rule " + name() + " " + output();
  }
}
