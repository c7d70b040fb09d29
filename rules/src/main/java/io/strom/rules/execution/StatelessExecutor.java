package io.strom.rules.execution;

import io.strom.rules.codegen.EvalContext;
import io.strom.rules.codegen.Evaluator;
import io.strom.rules.contract.Emitter;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.OutputRecord;
import io.strom.rules.plan.RulePlan;

/**
 * Runs a filter/projection rule: 0 or 1 output per input, same timestamp. Holds no state; its
 * snapshot is empty.
 */
final class StatelessExecutor implements RuleInstance {

  private static final byte[] EMPTY = new byte[] {'S', 'R', 1};

  private final CompiledPlan plan;
  private final EvalContext context = new EvalContext();

  StatelessExecutor(CompiledPlan plan) {
    this.plan = plan;
  }

  @Override
  public void process(InputRecord record, Emitter out) {
    long time = plan.eventTime.of(record);
    if (record.value() == null) {
      // a record without a value passes a plain projection as one without a value (ksqlDB)
      if (plan.where == null) {
        out.emit(new OutputRecord(plan.plan.keyOutputIndexes().isEmpty() ? null : record.key(), null, time, null));
      }
      return;
    }
    EvalContext c = context;
    c.row = record.value();
    c.rowTime = time;
    Object[] values;
    try {
      if (plan.where != null && !plan.where.test(c)) {
        return;
      }
      Evaluator[] projection = plan.projection;
      values = new Object[projection.length];
      for (int i = 0; i < projection.length; i++) {
        values[i] = projection[i].eval(c);
      }
    } catch (RuntimeException e) {
      throw plan.evaluationError(e);
    } finally {
      c.row = null;
    }
    out.emit(new OutputRecord(plan.shape.key(values), values, time, null));
  }

  @Override
  public void advanceTime(long wallClockMillis, Emitter out) {
    // nothing waits for time in a stateless rule
  }

  @Override
  public byte[] snapshot() {
    return EMPTY.clone();
  }

  @Override
  public void restore(byte[] snapshot) {
    if (snapshot == null || snapshot.length != EMPTY.length || snapshot[0] != 'S' || snapshot[1] != 'R') {
      throw new IllegalArgumentException("not a snapshot of a stateless rule");
    }
  }

  @Override
  public long lateRecords() {
    return 0;
  }
}
