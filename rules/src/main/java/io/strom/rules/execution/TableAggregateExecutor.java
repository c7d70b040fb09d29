package io.strom.rules.execution;

import io.strom.rules.codegen.EvalContext;
import io.strom.rules.codegen.Evaluator;
import io.strom.rules.contract.Emitter;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.OutputRecord;
import io.strom.rules.runtime.aggregate.Accumulator;
import io.strom.rules.runtime.aggregate.AggregateFunction;
import io.strom.rules.runtime.state.SnapshotFormatException;
import io.strom.rules.runtime.state.StateReader;
import io.strom.rules.runtime.state.StateWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a GROUP BY over a <em>table</em> source, as ksqlDB does: every source row contributes to
 * one group, and a changed or deleted row first retracts its old contribution. A row that moves
 * to another group updates the old group, then the new one; a group whose last row left stays with
 * the empty aggregate (COUNT 0), and HAVING decides when a group is a tombstone.
 *
 * <p>The state is each source row's group and aggregate arguments (the table, as far as the rule
 * reads it) and, per group, whether it last passed HAVING. A group's aggregates are recomputed from
 * its rows on each change, so every aggregate function retracts exactly.
 */
final class TableAggregateExecutor implements RuleInstance {

  private static final int FORMAT = 1;

  /** One source row: its group, its aggregate arguments, time and offset. */
  private record Member(Object group, Object[] arguments, long timestamp, long offset) {}

  /** A group's rows in arrival order, its newest timestamp, and whether its last output passed HAVING. */
  private static final class Group {
    final LinkedHashMap<Object, Member> members = new LinkedHashMap<>();
    long timestamp;
    boolean passed;
  }

  private final CompiledPlan plan;
  private final KeyRows keys;
  private final Map<Object, Member> rows = new LinkedHashMap<>();
  private final Map<Object, Group> groups = new LinkedHashMap<>();
  private final EvalContext input = new EvalContext();
  private final EvalContext output = new EvalContext();

  TableAggregateExecutor(CompiledPlan plan) {
    this.plan = plan;
    this.keys = new KeyRows(plan.plan.source());
  }

  @Override
  public void process(InputRecord record, Emitter out) {
    Object rowKey = keys.key(record);
    if (rowKey == null) {
      return; // a table drops records without a key
    }
    Member next = null;
    long time = plan.eventTime.of(record);
    if (record.value() != null) {
      EvalContext c = input;
      c.row = record.value();
      c.rowTime = time;
      try {
        if (plan.where == null || plan.where.test(c)) {
          Object group = groupKey(c);
          if (group != null) {
            Evaluator[] args = plan.aggregateArguments;
            Object[] arguments = new Object[args.length];
            for (int i = 0; i < args.length; i++) {
              arguments[i] = args[i] == null ? null : args[i].eval(c);
            }
            next = new Member(group, arguments, time, record.offset());
          }
        }
      } catch (RuntimeException e) {
        throw plan.evaluationError(e);
      } finally {
        c.row = null;
      }
    }
    Member previous = rows.remove(rowKey);
    if (previous == null && next == null) {
      return;
    }
    if (previous != null) {
      groups.get(previous.group()).members.remove(rowKey);
    }
    if (next != null) {
      rows.put(rowKey, next);
      groups.computeIfAbsent(next.group(), g -> new Group()).members.put(rowKey, next);
    }
    try {
      if (previous != null && (next == null || !previous.group().equals(next.group()))) {
        emit(previous.group(), time, out);
      }
      if (next != null) {
        emit(next.group(), time, out);
      }
    } catch (RuntimeException e) {
      throw plan.evaluationError(e);
    }
  }

  private Object groupKey(EvalContext c) {
    Evaluator[] groupBy = plan.groupBy;
    if (groupBy.length == 1) {
      return groupBy[0].eval(c);
    }
    Object[] parts = new Object[groupBy.length];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = groupBy[i].eval(c);
      if (parts[i] == null) {
        return null;
      }
    }
    return List.of(parts);
  }

  private void emit(Object groupKey, long time, Emitter out) {
    Group group = groups.get(groupKey);
    group.timestamp = Math.max(group.timestamp, time);
    List<AggregateFunction> functions = plan.functions;
    Object[] results = new Object[functions.size()];
    for (int i = 0; i < results.length; i++) {
      Accumulator acc = functions.get(i).newAccumulator();
      for (Member m : group.members.values()) {
        acc.add(m.arguments()[i], m.timestamp(), m.offset());
      }
      results[i] = acc.result();
    }
    EvalContext c = output;
    c.groupKey = plan.groupBy.length == 1 ? new Object[] {groupKey} : ((List<?>) groupKey).toArray();
    c.aggregates = i -> results[i];
    try {
      boolean passes = plan.having == null || plan.having.test(c);
      Object key = plan.shape.keyFromGroup(c.groupKey);
      if (passes) {
        Object[] values = new Object[plan.projection.length];
        for (int i = 0; i < values.length; i++) {
          values[i] = plan.projection[i].eval(c);
        }
        out.emit(new OutputRecord(key, values, group.timestamp, null));
      } else if (group.passed) {
        out.emit(new OutputRecord(key, null, group.timestamp, null));
      }
      group.passed = passes;
    } finally {
      c.aggregates = null;
    }
  }

  @Override
  public void advanceTime(long wallClockMillis, Emitter out) {
    // nothing waits for time: a table aggregate changes only with its rows
  }

  @Override
  public byte[] snapshot() {
    StateWriter w = new StateWriter();
    w.writeByte('T');
    w.writeByte('A');
    w.writeByte(FORMAT);
    w.writeInt(groups.size());
    for (Map.Entry<Object, Group> g : groups.entrySet()) {
      w.writeValue(g.getKey());
      w.writeLong(g.getValue().timestamp);
      w.writeBoolean(g.getValue().passed);
      w.writeInt(g.getValue().members.size());
      for (Map.Entry<Object, Member> m : g.getValue().members.entrySet()) {
        w.writeValue(m.getKey());
        w.writeLong(m.getValue().timestamp());
        w.writeLong(m.getValue().offset());
        w.writeInt(m.getValue().arguments().length);
        for (Object a : m.getValue().arguments()) {
          w.writeValue(a);
        }
      }
    }
    // the source rows in arrival order (a row's position decides nothing but is kept exact)
    w.writeInt(rows.size());
    for (Object k : rows.keySet()) {
      w.writeValue(k);
    }
    return w.toByteArray();
  }

  @Override
  public void restore(byte[] snapshot) {
    StateReader r = new StateReader(snapshot);
    if (r.readByte() != 'T' || r.readByte() != 'A') {
      throw new SnapshotFormatException("not a snapshot of a table aggregation");
    }
    int format = r.readByte();
    if (format != FORMAT) {
      throw new SnapshotFormatException("unknown table aggregation snapshot format " + format);
    }
    Map<Object, Group> restoredGroups = new LinkedHashMap<>();
    Map<Object, Member> byKey = new LinkedHashMap<>();
    int groupCount = r.readInt();
    for (int g = 0; g < groupCount; g++) {
      Object groupKey = r.readValue();
      Group group = new Group();
      group.timestamp = r.readLong();
      group.passed = r.readBoolean();
      int members = r.readInt();
      for (int m = 0; m < members; m++) {
        Object rowKey = r.readValue();
        long timestamp = r.readLong();
        long offset = r.readLong();
        Object[] arguments = new Object[r.readInt()];
        for (int a = 0; a < arguments.length; a++) {
          arguments[a] = r.readValue();
        }
        Member member = new Member(groupKey, arguments, timestamp, offset);
        group.members.put(rowKey, member);
        byKey.put(rowKey, member);
      }
      restoredGroups.put(groupKey, group);
    }
    int rowCount = r.readInt();
    Map<Object, Member> restoredRows = new LinkedHashMap<>();
    for (int i = 0; i < rowCount; i++) {
      Object k = r.readValue();
      restoredRows.put(k, byKey.get(k));
    }
    if (!r.atEnd()) {
      throw new SnapshotFormatException("trailing bytes in a table aggregation snapshot");
    }
    groups.clear();
    groups.putAll(restoredGroups);
    rows.clear();
    rows.putAll(restoredRows);
  }

  @Override
  public long lateRecords() {
    return 0;
  }
}
