package io.strom.rules.execution;

import io.strom.rules.codegen.EvalContext;
import io.strom.rules.codegen.Evaluator;
import io.strom.rules.codegen.ExprCompiler;
import io.strom.rules.contract.Emitter;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.OutputRecord;
import io.strom.rules.data.Row;
import io.strom.rules.plan.JoinPlan;
import io.strom.rules.runtime.join.JoinTable;
import io.strom.rules.runtime.join.JoinWindows;
import io.strom.rules.runtime.state.SnapshotFormatException;
import io.strom.rules.runtime.state.StateReader;
import io.strom.rules.runtime.state.StateWriter;
import java.util.List;

/**
 * Runs a join rule ({@link JoinPlan}), left-deep: the result of the steps so far joins the next
 * source. Joined rows are arrays of the plan's slots; the WHERE and the projection read them. A
 * stream joined with tables only reads its joined row in place instead ({@link LookupRow}).
 *
 * <ul>
 *   <li>Stream-table: a stream record looks up the table's current row for its key (INNER drops
 *       it without one, LEFT pads it with nulls); table records only change the table.
 *   <li>Stream-stream: {@link JoinWindows}.
 *   <li>Table-table (every source a table, joined on the primary key): each change of a source row
 *       emits the current result for its key, or a tombstone when a result existed and none is left.
 * </ul>
 *
 * The state is the tables' rows and the windows' records, in one versioned snapshot.
 */
final class JoinExecutor implements RuleInstance {

  private static final int FORMAT = 1;

  private final CompiledPlan plan;
  private final JoinPlan join;
  private final List<JoinPlan.Source> sources;
  private final List<JoinPlan.Step> steps;
  private final EventTime[] eventTimes;
  private final KeyRows[] keys;
  private final Evaluator[] leftKeys;
  private final Evaluator[] rightKeys;
  private final JoinTable[] tables;
  private final JoinWindows[] windows;
  private final boolean tableJoin;
  /** Per step, whether it is an INNER join (a stream record without a table row drops). */
  private final boolean[] inner;
  /** For a stream joined with tables only (the common enrichment): its joined row, read in place; else null. */
  private final LookupRow lookups;
  private final EvalContext context = new EvalContext();
  /** The joined row the evaluators read, reused (a {@code Row.of} per evaluation was garbage per record). */
  private final SlotRow slots = new SlotRow();
  private Emitter out;

  JoinExecutor(CompiledPlan plan) {
    this.plan = plan;
    this.join = plan.plan.join();
    this.sources = join.sources();
    this.steps = join.steps();
    int n = sources.size();
    eventTimes = new EventTime[n];
    keys = new KeyRows[n];
    tables = new JoinTable[n];
    for (int i = 0; i < n; i++) {
      eventTimes[i] = new EventTime(sources.get(i).schema(), plan.plan.name());
      keys[i] = new KeyRows(sources.get(i).schema());
      if (sources.get(i).isTable()) {
        tables[i] = new JoinTable(sources.get(i).schema().columns().size());
      }
    }
    leftKeys = new Evaluator[steps.size()];
    rightKeys = new Evaluator[steps.size()];
    windows = new JoinWindows[steps.size()];
    inner = new boolean[steps.size()];
    for (int s = 0; s < steps.size(); s++) {
      JoinPlan.Step step = steps.get(s);
      leftKeys[s] = ExprCompiler.compile(step.leftKey());
      rightKeys[s] = ExprCompiler.compile(step.rightKey());
      inner[s] = step.kind() == JoinPlan.Kind.INNER;
      if (!step.leftIsTable() && !step.rightIsTable()) {
        boolean leftOuter = step.kind() == JoinPlan.Kind.LEFT || step.kind() == JoinPlan.Kind.FULL;
        boolean rightOuter = step.kind() == JoinPlan.Kind.RIGHT || step.kind() == JoinPlan.Kind.FULL;
        windows[s] = new JoinWindows(step.beforeMillis(), step.afterMillis(), step.graceMillis(), leftOuter, rightOuter,
            step.holdOuter());
      }
    }
    tableJoin = join.isTable();
    boolean lookupsOnly = !sources.get(0).isTable() && steps.stream().allMatch(JoinPlan.Step::rightIsTable);
    lookups = lookupsOnly ? new LookupRow(join, tables) : null;
  }

  @Override
  public void process(InputRecord record, Emitter emitter) {
    process(0, record, emitter);
  }

  @Override
  public void process(int source, InputRecord record, Emitter emitter) {
    if (source < 0 || source >= sources.size()) {
      throw new IllegalArgumentException("the rule reads " + sources.size() + " sources, not source " + source);
    }
    long time = eventTimes[source].of(record);
    out = emitter;
    try {
      if (tables[source] != null) {
        tableChange(source, record, time);
      } else if (lookups != null) {
        if (record.value() != null) {
          lookUp(record.value(), time);
        }
      } else if (record.value() != null) {
        Object[] row = new Object[join.rowWidth()];
        place(source, row, record.value(), time);
        if (source == 0) {
          left(0, row, time);
        } else {
          right(source - 1, row, time);
        }
      }
    } catch (RuntimeException e) {
      throw plan.evaluationError(e);
    } finally {
      out = null;
    }
  }

  private void tableChange(int source, InputRecord record, long time) {
    Object key = keys[source].key(record);
    if (key == null) {
      return; // a table drops records without a key
    }
    Object[] columns = null;
    if (record.value() != null) {
      columns = new Object[sources.get(source).schema().columns().size()];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = record.value().get(i);
      }
    }
    if (!tableJoin) {
      tables[source].apply(key, columns, time);
      return;
    }
    Result before = passing(tableResult(key));
    tables[source].apply(key, columns, time);
    Result after = passing(tableResult(key));
    if (after != null) {
      project(after.row(), after.time());
    } else if (before != null) {
      // the result for this key is gone: ksqlDB emits a tombstone, stamped with the change's time
      out.emit(new OutputRecord(resultKey(key), null, Math.max(time, before.time()), null));
    }
  }

  /** A joined row of an all-table join and its time (the latest of its rows'). */
  private record Result(Object[] row, long time) {}

  /** The current result of an all-table join for one primary key, or null. */
  private Result tableResult(Object key) {
    Object[] row = null;
    long time = Long.MIN_VALUE;
    int first = tables[0].find(key);
    if (first >= 0) {
      row = new Object[join.rowWidth()];
      place(0, row, first);
      time = tables[0].timestamp(first);
    }
    for (int s = 0; s < steps.size(); s++) {
      int entry = tables[s + 1].find(key);
      boolean keep = switch (steps.get(s).kind()) {
        case INNER -> row != null && entry >= 0;
        case LEFT -> row != null;
        case RIGHT -> entry >= 0;
        case FULL -> row != null || entry >= 0;
      };
      if (!keep) {
        row = null;
        time = Long.MIN_VALUE;
        continue;
      }
      if (row == null) {
        row = new Object[join.rowWidth()];
      }
      if (entry >= 0) {
        place(s + 1, row, entry);
        time = Math.max(time, tables[s + 1].timestamp(entry));
      } else {
        clear(s + 1, row);
      }
    }
    if (row == null) {
      return null;
    }
    row[join.keySlot()] = key;
    return new Result(row, time);
  }

  private void clear(int source, Object[] row) {
    JoinPlan.Source s = sources.get(source);
    java.util.Arrays.fill(row, s.offset(), s.offset() + s.schema().columns().size(), null);
    row[s.rowTimeSlot()] = null;
  }

  /** The result when it passes WHERE, else null (a row the WHERE removes is no row of the result table). */
  private Result passing(Result result) {
    if (result == null || plan.where == null) {
      return result;
    }
    EvalContext c = context;
    c.row = slots.over(result.row());
    c.rowTime = result.time();
    try {
      return plan.where.test(c) ? result : null;
    } finally {
      c.row = null;
    }
  }

  private Object resultKey(Object key) {
    if (join.keyOutput() < 0) {
      throw new IllegalStateException("a table join is keyed by its primary key");
    }
    return key;
  }

  /** Puts a source row (its columns and time) into its slots of a joined row. */
  private void place(int source, Object[] row, Row value, long time) {
    JoinPlan.Source s = sources.get(source);
    int width = s.schema().columns().size();
    for (int i = 0; i < width; i++) {
      row[s.offset() + i] = value.get(i);
    }
    row[s.rowTimeSlot()] = time;
  }

  /** Puts the row of {@code source}'s table at {@code position} into its slots. */
  private void place(int source, Object[] row, int position) {
    JoinPlan.Source s = sources.get(source);
    tables[source].copyRow(position, row, s.offset());
    row[s.rowTimeSlot()] = tables[source].timestamp(position);
  }

  private Object eval(Evaluator e, Object[] row, long time) {
    return eval(e, slots.over(row), time);
  }

  private Object eval(Evaluator e, Row row, long time) {
    EvalContext c = context;
    c.row = row;
    c.rowTime = time;
    try {
      return e.eval(c);
    } finally {
      c.row = null;
    }
  }

  /** A row of the result of the steps before {@code step} enters it as its left side (or is the output). */
  private void left(int step, Object[] row, long time) {
    if (step == steps.size()) {
      project(row, time);
      return;
    }
    JoinPlan.Step s = steps.get(step);
    Object key = eval(leftKeys[step], row, time);
    if (key == null) {
      return; // ksqlDB: a record with a null join key does not join
    }
    if (s.rightIsTable()) {
      int entry = tables[step + 1].find(key);
      if (entry < 0 && inner[step]) {
        return;
      }
      // the row is this record's own (fresh from process or a clone in joinedRows, never stored
      // in a window before this step): fill in the table's slots in place
      Object[] joined = row;
      if (entry >= 0) {
        place(step + 1, joined, entry);
      }
      joined[join.keySlot()] = key;
      left(step + 1, joined, time);
      return;
    }
    windows[step].process(true, key, row, time, (k, l, r, at) -> joinedRows(step, k, l, r, at));
  }

  /** A record of the right source of a stream-stream step. */
  private void right(int step, Object[] row, long time) {
    JoinPlan.Step s = steps.get(step);
    if (s.rightIsTable()) {
      return; // unreachable: table sources change state only
    }
    Object key = eval(rightKeys[step], row, time);
    if (key == null) {
      return;
    }
    windows[step].process(false, key, row, time, (k, l, r, at) -> joinedRows(step, k, l, r, at));
  }

  private void joinedRows(int step, Object key, Object[] leftRow, Object[] rightRow, long time) {
    Object[] joined = leftRow != null ? leftRow.clone() : new Object[join.rowWidth()];
    if (rightRow != null) {
      JoinPlan.Source s = sources.get(step + 1);
      System.arraycopy(rightRow, s.offset(), joined, s.offset(), s.schema().columns().size());
      joined[s.rowTimeSlot()] = rightRow[s.rowTimeSlot()];
    }
    joined[join.keySlot()] = key;
    left(step + 1, joined, time);
  }

  /**
   * A stream record joined with tables only: each step looks its key up, the row read in place
   * ({@link LookupRow}), as {@link #left} does over a materialised row.
   */
  private void lookUp(Row value, long time) {
    LookupRow row = lookups;
    row.start(value, time);
    for (int step = 0; step < steps.size(); step++) {
      Object key = eval(leftKeys[step], row, time);
      if (key == null) {
        return; // ksqlDB: a record with a null join key does not join
      }
      int position = tables[step + 1].find(key);
      if (position < 0 && inner[step]) {
        return;
      }
      row.join(step + 1, position, key);
    }
    project(row, row.key(), time);
  }

  /** The WHERE and the projection over a finished joined row. */
  private void project(Object[] row, long time) {
    project(slots.over(row), row[join.keySlot()], time);
  }

  /** The WHERE and the projection over a finished joined row, keyed by the join key {@code joinKey}. */
  private void project(Row row, Object joinKey, long time) {
    EvalContext c = context;
    c.row = row;
    c.rowTime = time;
    Object[] values;
    try {
      if (!tableJoin && plan.where != null && !plan.where.test(c)) {
        return;
      }
      Evaluator[] projection = plan.projection;
      values = new Object[projection.length];
      for (int i = 0; i < projection.length; i++) {
        values[i] = projection[i].eval(c);
      }
    } finally {
      c.row = null;
    }
    Object key;
    if (join.keyOutput() >= 0) {
      key = joinKey;
      values[join.keyOutput()] = key;
    } else {
      key = plan.shape.key(values);
    }
    out.emit(new OutputRecord(key, values, time, null));
  }

  /** A row over the joined row's slots; the array changes per evaluation, the object is reused. */
  private static final class SlotRow implements Row {
    private Object[] values;

    Row over(Object[] row) {
      values = row;
      return this;
    }

    @Override
    public Object get(int columnIndex) {
      return values[columnIndex];
    }
  }

  @Override
  public void advanceTime(long wallClockMillis, Emitter emitter) {
    // join windows move with stream time only, as in Kafka Streams
  }

  @Override
  public byte[] snapshot() {
    StateWriter w = new StateWriter();
    w.writeByte('J');
    w.writeByte('N');
    w.writeByte(FORMAT);
    w.writeInt(sources.size());
    for (JoinTable t : tables) {
      w.writeBoolean(t != null);
      if (t != null) {
        JoinWindows.writeTable(w, t);
      }
    }
    w.writeInt(steps.size());
    for (JoinWindows window : windows) {
      w.writeBoolean(window != null);
      if (window != null) {
        window.write(w);
      }
    }
    return w.toByteArray();
  }

  @Override
  public void restore(byte[] snapshot) {
    StateReader r = new StateReader(snapshot);
    if (r.readByte() != 'J' || r.readByte() != 'N') {
      throw new SnapshotFormatException("not a snapshot of a join");
    }
    int format = r.readByte();
    if (format != FORMAT) {
      throw new SnapshotFormatException("unknown join snapshot format " + format);
    }
    if (r.readInt() != sources.size()) {
      throw new SnapshotFormatException("snapshot is of a join of another number of sources");
    }
    for (JoinTable t : tables) {
      if (r.readBoolean() != (t != null)) {
        throw new SnapshotFormatException("snapshot is of a join of other source kinds");
      }
      if (t != null) {
        JoinWindows.readTable(r, t);
      }
    }
    if (r.readInt() != steps.size()) {
      throw new SnapshotFormatException("snapshot is of a join of another number of steps");
    }
    for (JoinWindows window : windows) {
      if (r.readBoolean() != (window != null)) {
        throw new SnapshotFormatException("snapshot is of a join of other kinds");
      }
      if (window != null) {
        window.read(r);
      }
    }
    if (!r.atEnd()) {
      throw new SnapshotFormatException("trailing bytes in a join snapshot");
    }
  }

  @Override
  public long lateRecords() {
    long late = 0;
    for (JoinWindows window : windows) {
      if (window != null) {
        late += window.lateRecords();
      }
    }
    return late;
  }
}
