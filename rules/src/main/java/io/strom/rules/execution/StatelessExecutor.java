package io.strom.rules.execution;

import io.strom.rules.codegen.EvalContext;
import io.strom.rules.codegen.Evaluator;
import io.strom.rules.contract.Emitter;
import io.strom.rules.contract.RowProjection;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.OutputRecord;
import io.strom.rules.data.Row;
import io.strom.rules.plan.Rekey;
import java.util.List;

/**
 * Runs a filter/projection rule: 0 or 1 output per input, same timestamp. Holds no state; its
 * snapshot is empty. Over a stream it also evaluates in place ({@link RowProjection}), for hosts
 * that build their own records.
 */
final class StatelessExecutor implements RuleInstance, RowProjection {

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
    Object[] values = evaluate(record.value(), time, null);
    if (values == null) {
      if (tableSource) {
        out.emit(new OutputRecord(tombstoneKey(tableKey), null, time, null)); // the row left the filtered table
      }
      return;
    }
    out.emit(new OutputRecord(plan.shape.key(values), values, time, null));
  }

  @Override
  public boolean project(Row value, long timestamp, Object[] into) {
    return evaluate(value, plan.eventTime.of(value, timestamp), into) != null;
  }

  @Override
  public Object key(Object[] values) {
    return plan.shape.key(values);
  }

  /**
   * The WHERE clause on a row with a value, and when it passes, the projection: into {@code into},
   * or a new array when that is null (allocated only for a row that passes).
   *
   * @return the output values, or null when the WHERE clause filters the row out
   */
  private Object[] evaluate(Row value, long time, Object[] into) {
    EvalContext c = context;
    c.row = value;
    c.rowTime = time;
    try {
      if (plan.where != null && !plan.where.test(c)) {
        return null;
      }
      Evaluator[] projection = plan.projection;
      Object[] values = into != null ? into : new Object[projection.length];
      for (int i = 0; i < projection.length; i++) {
        values[i] = projection[i].eval(c);
      }
      return values;
    } catch (RuntimeException e) {
      throw plan.evaluationError(e);
    } finally {
      c.row = null;
    }
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
