package io.strom.rules.execution;

import io.strom.rules.codegen.EvalContext;
import io.strom.rules.codegen.Evaluator;
import io.strom.rules.contract.Emitter;
import io.strom.rules.contract.RuleEvaluationException;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.contract.WindowCloseException;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.LateRecord;
import io.strom.rules.data.OutputRecord;
import io.strom.rules.data.WindowBounds;
import io.strom.rules.data.WindowType;
import io.strom.rules.runtime.window.AggregateUpdate;
import io.strom.rules.runtime.window.AggregationListener;
import io.strom.rules.runtime.window.AggregationState;
import io.strom.rules.runtime.window.CloseFailedException;
import io.strom.rules.runtime.window.EmitMode;
import io.strom.rules.runtime.window.LateEvent;
import io.strom.rules.runtime.window.WindowPolicy;
import java.util.List;

/**
 * Runs a GROUP BY rule: evaluates WHERE, the group key and the aggregate arguments per record,
 * hands them to the {@link AggregationState} (windows, stream time, grace, EMIT mode), and turns
 * each aggregate update into a table output: the projected row when HAVING holds, a tombstone when
 * a row that passed HAVING stops passing (or a session is merged away), nothing otherwise.
 */
final class AggregateExecutor implements RuleInstance, AggregationListener {

  private final CompiledPlan plan;
  private final AggregationState state;
  private final EvalContext input = new EvalContext();
  private final EvalContext output = new EvalContext();
  private final Object[] arguments;
  private final int groupSize;
  /** EMIT FINAL: every update is a window closing, possibly for another key than the current record's. */
  private final boolean emitFinal;
  private final Object[] singleKey = new Object[1];

  // the record, emitter and update in progress (the listener runs synchronously inside process)
  private InputRecord current;
  private Emitter emitter;
  private AggregateUpdate update;
  // aggregate results read straight from the update being handled: no copies per update
  private final EvalContext.Results newResults = i -> update.newResult(i);
  private final EvalContext.Results oldResults = i -> update.oldResult(i);

  AggregateExecutor(CompiledPlan plan, WindowPolicy spec) {
    this.plan = plan;
    this.state = new AggregationState(spec, plan.functions);
    this.arguments = new Object[plan.functions.size()];
    this.groupSize = plan.groupBy.length;
    this.emitFinal = spec.emit() == EmitMode.FINAL;
  }

  @Override
  public void process(InputRecord record, Emitter out) {
    if (record.value() == null) {
      return; // ksqlDB drops records without a value before grouping
    }
    EvalContext c = input;
    c.row = record.value();
    Object key;
    try {
      c.rowTime = plan.eventTime.of(record);
      if (plan.where != null && !plan.where.test(c)) {
        return;
      }
      key = groupKey(c);
      if (key == null) {
        return; // a null grouping value excludes the row (ksqlDB)
      }
      Evaluator[] args = plan.aggregateArguments;
      for (int i = 0; i < args.length; i++) {
        arguments[i] = args[i] == null ? null : args[i].eval(c);
      }
    } catch (RuntimeException e) {
      throw plan.evaluationError(e);
    } finally {
      c.row = null;
    }
    current = record;
    emitter = out;
    try {
      state.process(key, c.rowTime, arguments, this);
    } catch (CloseFailedException e) {
      throw closeFailures(e);
    } catch (RuntimeException e) {
      throw plan.evaluationError(e);
    } finally {
      current = null;
      emitter = null;
    }
  }

  private Object groupKey(EvalContext c) {
    if (groupSize == 1) {
      return plan.groupBy[0].eval(c);
    }
    Object[] parts = new Object[groupSize];
    for (int i = 0; i < groupSize; i++) {
      parts[i] = plan.groupBy[i].eval(c);
      if (parts[i] == null) {
        return null;
      }
    }
    return List.of(parts);
  }

  @Override
  public void advanceTime(long wallClockMillis, Emitter out) {
    emitter = out;
    try {
      state.advanceTime(wallClockMillis, this);
    } catch (CloseFailedException e) {
      throw closeFailures(e);
    } catch (RuntimeException e) {
      throw plan.evaluationError(e);
    } finally {
      emitter = null;
    }
  }

  private WindowCloseException closeFailures(CloseFailedException e) {
    return new WindowCloseException(plan.plan.name(), e.failures().stream().map(plan::evaluationError).toList());
  }

  @Override
  public void onUpdate(AggregateUpdate update) {
    if (!emitFinal) {
      project(update);
      return;
    }
    try {
      project(update);
    } catch (RuntimeException e) {
      // name the window: the failure belongs to it, not to the record being processed
      throw new RuleEvaluationException(plan.plan.name(), "closing window [" + update.windowStart() + ", "
          + update.windowEnd() + ") of key " + update.key() + ": " + CompiledPlan.describe(e), e);
    }
  }

  private void project(AggregateUpdate update) {
    EvalContext c = output;
    Object key = update.key();
    if (groupSize == 1) {
      singleKey[0] = key;
      c.groupKey = singleKey;
    } else {
      c.groupKey = ((List<?>) key).toArray();
    }
    c.windowStart = update.windowStart();
    c.windowEnd = update.windowEnd();
    this.update = update;
    try {
      if (!update.isRemoval() && passes(c, newResults)) {
        c.aggregates = newResults;
        Evaluator[] projection = plan.projection;
        Object[] values = new Object[projection.length];
        for (int i = 0; i < projection.length; i++) {
          values[i] = projection[i].eval(c);
        }
        emit(c, values);
      } else if (!update.isNew() && passes(c, oldResults)) {
        emit(c, null);
      }
    } finally {
      c.aggregates = null;
      this.update = null;
    }
  }

  private void emit(EvalContext c, Object[] values) {
    WindowBounds window = window(update.windowType(), update.windowStart(), update.windowEnd());
    emitter.emit(new OutputRecord(plan.shape.keyFromGroup(c.groupKey), values, update.timestamp(), window));
  }

  private boolean passes(EvalContext c, EvalContext.Results results) {
    if (plan.having == null) {
      return true;
    }
    c.aggregates = results;
    return plan.having.test(c);
  }

  private static WindowBounds window(WindowPolicy.Type type, long start, long end) {
    return switch (type) {
      case TUMBLING -> new WindowBounds(start, end, WindowType.TUMBLING);
      case HOPPING -> new WindowBounds(start, end, WindowType.HOPPING);
      case SESSION -> new WindowBounds(start, end, WindowType.SESSION);
      case NONE -> null;
    };
  }

  @Override
  public void onLate(LateEvent late) {
    if (emitter != null && current != null) {
      WindowBounds missed = window(late.windowType(), late.windowStart(), late.windowEnd());
      emitter.late(new LateRecord(current, missed, Math.max(0, late.lateByMillis())));
    }
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
}
