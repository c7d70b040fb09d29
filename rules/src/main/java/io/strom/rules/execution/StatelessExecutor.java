package io.strom.rules.execution;

import io.strom.rules.codegen.EvalContext;
import io.strom.rules.codegen.Evaluator;
import io.strom.rules.contract.Emitter;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.OutputRecord;
import io.strom.rules.data.Row;
import io.strom.rules.plan.Rekey;
import java.util.List;

/**
 * Runs a filter/projection rule: 0 or 1 output per input, same timestamp. Holds no state; its
 * snapshot is empty.
 */
final class StatelessExecutor implements RuleInstance {

  private static final byte[] EMPTY = new byte[] {'S', 'R', 1};

  private final CompiledPlan plan;
  private final EvalContext context = new EvalContext();
  /** A table source: a changelog whose records without a key are dropped and whose deletes pass as tombstones. */
  private final boolean tableSource;
  private final KeyRows keys;

  StatelessExecutor(CompiledPlan plan) {
    this.plan = plan;
    this.tableSource = plan.plan.source().table();
    this.keys = new KeyRows(plan.plan.source());
  }

  @Override
  public void process(InputRecord record, Emitter out) {
    long time = plan.eventTime.of(record);
    Object tableKey = null;
    if (tableSource) {
      tableKey = keys.key(record);
      if (tableKey == null) {
        return;
      }
    }
    if (record.value() == null) {
      if (tableSource) {
        out.emit(new OutputRecord(tombstoneKey(tableKey), null, time, null));
      } else if (plan.where == null) {
        // a record without a value passes a plain projection as one without a value (ksqlDB)
        out.emit(new OutputRecord(nullValueKey(record), null, time, null));
      }
      return;
    }
    EvalContext c = context;
    c.row = record.value();
    c.rowTime = time;
    Object[] values;
    try {
      if (plan.where != null && !plan.where.test(c)) {
        if (tableSource) {
          out.emit(new OutputRecord(tombstoneKey(tableKey), null, time, null)); // the row left the filtered table
        }
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

  private Object tombstoneKey(Object tableKey) {
    return tableKey instanceof List<?> parts ? plan.shape.keyFromGroup(parts.toArray()) : tableKey;
  }

  /**
   * The key of a record without a value: the record's own key, or after PARTITION BY the
   * expressions that read only the old key, computed from it (ksqlDB; any other is null).
   */
  private Object nullValueKey(InputRecord record) {
    if (plan.plan.keyOutputIndexes().isEmpty()) {
      return null;
    }
    Rekey rekey = plan.plan.rekey();
    if (rekey == null) {
      return record.key();
    }
    Row keyRow = keys.keyRow(record.key());
    if (keyRow == null) {
      keyRow = Row.of(new Object[plan.plan.source().columns().size()]);
    }
    Object[] parts = new Object[rekey.expressions().size()];
    EvalContext c = context;
    try {
      for (int i = 0; i < parts.length; i++) {
        if (rekey.keyOnly().get(i)) {
          c.row = keyRow;
          parts[i] = plan.rekey[i].eval(c);
        }
      }
    } catch (RuntimeException e) {
      throw plan.evaluationError(e);
    } finally {
      c.row = null;
    }
    return plan.shape.keyFromGroup(parts);
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
