package io.strom.rules.runtime.aggregate;

import io.strom.rules.runtime.state.StateReader;
import io.strom.rules.runtime.state.StateWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * EARLIEST_BY_OFFSET and LATEST_BY_OFFSET, scalar or N-valued (an array in offset order). Order is
 * the arrival (offset) order, also when sessions merge: the merged result keeps the values with the
 * earliest / latest offsets, not timestamps. Nulls are skipped unless {@code ignoreNulls} is false.
 */
final class ByOffset implements Accumulator {

  private final boolean latest;
  private final int limit;
  private final boolean asList;
  private final boolean ignoreNulls;
  // Parallel lists in ascending sequence order, at most `limit` long.
  private final List<Object> values = new ArrayList<>(1);
  private long[] sequences = new long[1];

  ByOffset(boolean latest, int limit, boolean asList, boolean ignoreNulls) {
    this.latest = latest;
    this.limit = limit;
    this.asList = asList;
    this.ignoreNulls = ignoreNulls;
  }

  @Override
  public void add(Object value, long timestamp, long sequence) {
    if (value == null && ignoreNulls) {
      return;
    }
    insert(value, sequence);
  }

  private void insert(Object value, long sequence) {
    int size = values.size();
    int at = size;
    while (at > 0 && sequences[at - 1] > sequence) {
      at--;
    }
    if (size == limit) {
      if (latest ? at == 0 : at == size) {
        return; // older than every kept value (latest) / newer than every kept value (earliest)
      }
    }
    if (sequences.length == size) {
      sequences = java.util.Arrays.copyOf(sequences, size + Math.max(1, size));
    }
    System.arraycopy(sequences, at, sequences, at + 1, size - at);
    sequences[at] = sequence;
    values.add(at, value);
    if (values.size() > limit) {
      int drop = latest ? 0 : limit;
      values.remove(drop);
      System.arraycopy(sequences, drop + 1, sequences, drop, limit - drop);
    }
  }

  @Override
  public void merge(Accumulator other) {
    ByOffset that = (ByOffset) other;
    for (int i = 0; i < that.values.size(); i++) {
      insert(that.values.get(i), that.sequences[i]);
    }
  }

  @Override
  public Object result() {
    if (asList) {
      return Collections.unmodifiableList(new ArrayList<>(values));
    }
    return values.isEmpty() ? null : values.get(0);
  }

  @Override
  public void write(StateWriter out) {
    out.writeInt(values.size());
    for (int i = 0; i < values.size(); i++) {
      out.writeLong(sequences[i]);
      out.writeValue(values.get(i));
    }
  }

  @Override
  public void read(StateReader in) {
    int size = in.readCount();
    sequences = new long[Math.max(1, size)];
    for (int i = 0; i < size; i++) {
      sequences[i] = in.readLong();
      values.add(in.readValue());
    }
  }
}
