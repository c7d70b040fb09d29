package io.strom.rules.execution;

import io.strom.rules.data.Row;
import io.strom.rules.plan.JoinPlan;
import io.strom.rules.runtime.join.JoinTable;
import java.util.Arrays;
import java.util.List;

/**
 * The joined row of a stream record whose every join step looks up a table ({@code stream JOIN t1
 * [LEFT JOIN t2 ...]}), read where it lies instead of copied into an array of the plan's slots:
 * the stream's columns (copied once from the host's row, so each is read exactly once, as when the
 * row was materialised), each table's row by its position in the table, the record times, and the
 * join key. Slot {@code i} reads what the materialised row would hold there: a table side without
 * a row (a LEFT join's miss, or a step not reached yet) reads null, columns and ROWTIME alike.
 * One per rule instance, reused for every record.
 */
final class LookupRow implements Row {

  /** Per slot: its source, or -1 for the join key. */
  private final int[] slotSource;
  /** Per slot: its column in the source, or -1 for the source's ROWTIME. */
  private final int[] slotColumn;
  private final JoinTable[] tables;
  private final Object[] stream;
  private long streamTime;
  /** Per source (from 1 on): its row's position in its table, or -1 for none. */
  private final int[] positions;
  private Object key;

  LookupRow(JoinPlan join, JoinTable[] tables) {
    this.tables = tables;
    List<JoinPlan.Source> sources = join.sources();
    slotSource = new int[join.rowWidth()];
    slotColumn = new int[join.rowWidth()];
    Arrays.fill(slotSource, -1);
    for (int s = 0; s < sources.size(); s++) {
      JoinPlan.Source source = sources.get(s);
      int width = source.schema().columns().size();
      for (int c = 0; c < width; c++) {
        slotSource[source.offset() + c] = s;
        slotColumn[source.offset() + c] = c;
      }
      slotSource[source.rowTimeSlot()] = s;
      slotColumn[source.rowTimeSlot()] = -1;
    }
    stream = new Object[sources.get(0).schema().columns().size()];
    positions = new int[sources.size()];
  }

  /** Starts the row of a stream record: its columns, its time, no table rows and no key yet. */
  void start(Row value, long time) {
    for (int c = 0; c < stream.length; c++) {
      stream[c] = value.get(c);
    }
    streamTime = time;
    Arrays.fill(positions, -1);
    key = null;
  }

  /** The row of {@code source}'s table at {@code position} (-1: none) joins, on {@code key}. */
  void join(int source, int position, Object key) {
    positions[source] = position;
    this.key = key;
  }

  Object key() {
    return key;
  }

  @Override
  public Object get(int slot) {
    int source = slotSource[slot];
    if (source < 0) {
      return key;
    }
    int column = slotColumn[slot];
    if (source == 0) {
      return column >= 0 ? stream[column] : (Object) streamTime;
    }
    int position = positions[source];
    if (position < 0) {
      return null;
    }
    return column >= 0 ? tables[source].column(position, column) : (Object) tables[source].timestamp(position);
  }
}
