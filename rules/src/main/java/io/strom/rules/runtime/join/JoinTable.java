package io.strom.rules.runtime.join;

import io.strom.rules.runtime.state.StateReader;
import io.strom.rules.runtime.state.StateWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A table side of a join: the latest row per primary key (a record without a value deletes the
 * key), with the time of the record that wrote it. This is the table's whole state in the rule.
 */
public final class JoinTable {

  /** A table row: its columns in declaration order and its record time. */
  public record Entry(Object[] columns, long timestamp) {}

  private final Map<Object, Entry> rows = new LinkedHashMap<>();

  public Entry get(Object key) {
    return rows.get(key);
  }

  /** Applies a change: {@code columns} null deletes the key. */
  public void apply(Object key, Object[] columns, long timestamp) {
    if (columns == null) {
      rows.remove(key);
    } else {
      rows.put(key, new Entry(columns, timestamp));
    }
  }

  public int size() {
    return rows.size();
  }

  void write(StateWriter out) {
    out.writeInt(rows.size());
    for (Map.Entry<Object, Entry> e : rows.entrySet()) {
      out.writeValue(e.getKey());
      out.writeLong(e.getValue().timestamp());
      JoinWindows.writeRow(out, e.getValue().columns());
    }
  }

  void read(StateReader in) {
    rows.clear();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      Object key = in.readValue();
      long timestamp = in.readLong();
      rows.put(key, new Entry(JoinWindows.readRow(in), timestamp));
    }
  }
}
