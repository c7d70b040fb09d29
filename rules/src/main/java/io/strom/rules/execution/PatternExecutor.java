package io.strom.rules.execution;

import io.strom.rules.codegen.EvalContext;
import io.strom.rules.codegen.Evaluator;
import io.strom.rules.codegen.MatchRows;
import io.strom.rules.contract.Emitter;
import io.strom.rules.contract.RuleEvaluationException;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.LateRecord;
import io.strom.rules.data.OutputRecord;
import io.strom.rules.data.Row;
import io.strom.rules.plan.PatternPlan;
import io.strom.rules.runtime.pattern.Conditions;
import io.strom.rules.runtime.pattern.MatchListener;
import io.strom.rules.runtime.pattern.MatchNode;
import io.strom.rules.runtime.pattern.PatternState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a MATCH_RECOGNIZE rule: evaluates the partition key of each record and hands its columns
 * (read into one reused array, which the state copies only when it keeps the row) to the
 * {@link PatternState} (event-time order, NFA per key, WITHIN, skip), which calls back with DEFINE
 * tests and complete matches. A match becomes one output: the match row
 * (PARTITION BY columns, then MEASURES) through the SELECT list, at the event time of its last row.
 *
 * <p>A DEFINE condition or measure that fails to evaluate (e.g. a division by zero) counts as
 * false or drops that match; the failures are thrown after the record was fully processed, so
 * the state stays consistent and the host can report them.
 */
final class PatternExecutor implements RuleInstance, MatchListener, Conditions {

  private final CompiledPlan plan;
  private final PatternState state;
  private final Evaluator[] defines;
  private final Evaluator[] measures;
  private final Evaluator[] partitionBy;
  private final int columns;
  private final EvalContext defineContext = new EvalContext();
  private final EvalContext measureContext = new EvalContext();
  private final EvalContext outputContext = new EvalContext();
  private final Rows defineRows = new Rows();
  private final Rows measureRows = new Rows();
  /** The columns of the record being processed (the state copies them when a partial match keeps them). */
  private final Object[] columnsRead;
  /** The record being read and the row being tested, reused rather than wrapped anew per call. */
  private final ArrayRow incoming = new ArrayRow();
  private final ArrayRow tested = new ArrayRow();

  // the record and emitter in progress (the state calls back synchronously inside process)
  private InputRecord current;
  private Emitter emitter;
  private final List<RuntimeException> failures = new ArrayList<>();

  PatternExecutor(CompiledPlan plan) {
    this.plan = plan;
    PatternPlan pattern = plan.plan.pattern();
    this.defines = plan.patternDefines;
    this.measures = plan.patternMeasures;
    this.partitionBy = plan.patternPartitionBy;
    this.columns = plan.plan.source().columns().size();
    this.columnsRead = new Object[columns];
    this.state = new PatternState(plan.patternNfa, this, pattern.afterMatch(), pattern.withinMillis(),
        pattern.graceMillis(), plan.plan.name() + ": " + pattern.text());
  }

  @Override
  public void process(InputRecord record, Emitter out) {
    if (record.value() == null) {
      return; // nothing to match
    }
    long time;
    Object[] row = columnsRead;
    Object key;
    EvalContext c = defineContext;
    try {
      Row value = record.value();
      for (int i = 0; i < columns; i++) {
        row[i] = value.get(i);
      }
      time = plan.eventTime.of(record, row);
      incoming.values = row;
      c.row = incoming;
      c.rowTime = time;
      if (partitionBy.length == 1) {
        key = partitionBy[0].eval(c); // a bare value hashes fastest
      } else {
        Object[] parts = new Object[partitionBy.length];
        for (int i = 0; i < parts.length; i++) {
          parts[i] = partitionBy[i].eval(c);
        }
        key = Arrays.asList(parts);
      }
    } catch (RuntimeException e) {
      throw plan.evaluationError(e);
    } finally {
      c.row = null;
    }
    current = record;
    emitter = out;
    try {
      state.process(key, row, time, this);
    } finally {
      current = null;
      emitter = null;
    }
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      int count = failures.size();
      failures.clear();
      throw new RuleEvaluationException(plan.plan.name(), count + " pattern condition(s) or match(es) could not be"
          + " evaluated; the first: " + CompiledPlan.describe(first), first);
    }
  }

  @Override
  public boolean test(int variable, MatchNode matchSoFar, Object[] row, long time) {
    Evaluator condition = defines[variable];
    if (condition == null) {
      return true; // a variable without DEFINE matches every row
    }
    EvalContext c = defineContext;
    defineRows.reset(matchSoFar, row, time, variable);
    c.match = defineRows;
    tested.values = row;
    c.row = tested;
    c.rowTime = time;
    try {
      return condition.test(c);
    } catch (RuntimeException e) {
      failures.add(e);
      return false;
    } finally {
      c.row = null;
      c.match = null;
    }
  }

  @Override
  public void onMatch(Object key, MatchNode last) {
    List<?> partition = partitionBy.length == 1 ? java.util.Collections.singletonList(key) : (List<?>) key;
    EvalContext c = measureContext;
    measureRows.reset(last, null, 0, -1);
    c.match = measureRows;
    c.row = Row.of(last.row());
    c.rowTime = last.time();
    Object[] values;
    try {
      Object[] matchRow = new Object[partition.size() + measures.length];
      for (int i = 0; i < partition.size(); i++) {
        matchRow[i] = partition.get(i);
      }
      for (int i = 0; i < measures.length; i++) {
        matchRow[partition.size() + i] = measures[i].eval(c);
      }
      EvalContext o = outputContext;
      o.row = Row.of(matchRow);
      o.rowTime = last.time();
      Evaluator[] projection = plan.projection;
      values = new Object[projection.length];
      for (int i = 0; i < projection.length; i++) {
        values[i] = projection[i].eval(o);
      }
    } catch (RuntimeException e) {
      failures.add(e);
      return;
    } finally {
      c.match = null;
      c.row = null;
    }
    emitter.emit(new OutputRecord(plan.shape.key(values), values, last.time(), null));
  }

  @Override
  public void onLate(long lateByMillis) {
    if (emitter != null && current != null) {
      emitter.late(new LateRecord(current, null, Math.max(0, lateByMillis)));
    }
  }

  @Override
  public void advanceTime(long wallClockMillis, Emitter out) {
    // matches resolve as event time passes; the wall clock plays no part (a documented limit)
  }

  @Override
  public byte[] snapshot() {
    return state.snapshot();
  }

  @Override
  public void restore(byte[] snapshot) {
    state.restore(snapshot);
  }

  @Override
  public long lateRecords() {
    return state.lateCount();
  }

  /** A row over an array that can be pointed at another array. */
  private static final class ArrayRow implements Row {
    Object[] values;

    @Override
    public Object get(int columnIndex) {
      return values[columnIndex];
    }
  }

  /**
   * A match's rows by position, read from its linked nodes (copied into an array only when a row
   * before the last is read, so that a condition on the current row or on the last one costs
   * nothing however long the match), optionally followed by the row being tested in DEFINE.
   */
  private static final class Rows implements MatchRows {
    private MatchNode[] nodes = new MatchNode[16];
    private MatchNode last;
    /** Rows of {@code last}'s chain. */
    private int count;
    private boolean copied;
    private Object[] extraRow;
    private long extraTime;
    private int extraVariable;

    void reset(MatchNode last, Object[] row, long time, int variable) {
      this.last = last;
      this.count = last == null ? 0 : last.length();
      this.copied = false;
      extraRow = row;
      extraTime = time;
      extraVariable = variable;
    }

    private MatchNode node(int position) {
      if (position == count - 1) {
        return last;
      }
      if (!copied) {
        if (nodes.length < count) {
          nodes = new MatchNode[Math.max(count, nodes.length * 2)];
        }
        MatchNode n = last;
        for (int i = count - 1; i >= 0; i--) {
          nodes[i] = n;
          n = n.previous();
        }
        copied = true;
      }
      return nodes[position];
    }

    @Override
    public int size() {
      return extraRow == null ? count : count + 1;
    }

    @Override
    public int variable(int position) {
      return position == count ? extraVariable : node(position).variable();
    }

    @Override
    public Object[] row(int position) {
      return position == count ? extraRow : node(position).row();
    }

    @Override
    public long time(int position) {
      return position == count ? extraTime : node(position).time();
    }
  }
}
