package io.strom.rules.runtime.join;

import io.strom.rules.runtime.state.SnapshotFormatException;
import io.strom.rules.runtime.state.StateReader;
import io.strom.rules.runtime.state.StateWriter;
import java.util.Arrays;

/**
 * A table side of a join: the latest row per primary key (a record without a value deletes the
 * key), with the time of the record that wrote it. This is the table's whole state in the rule.
 *
 * <p>Every stream record of a stream-table join looks a key up here, usually one not read for a
 * while, so the layout is for few cache misses per lookup: the rows are dense, in parallel arrays
 * (keys, hashes, times, and every row's columns side by side in one array), and an open-addressing
 * index maps a key's hash to its row's position. A lookup reads the index, then the row's hash and
 * key, then its columns: no entry objects to chase (a {@code LinkedHashMap} of entries holding an
 * array took three dependent misses before the first column). Positions are valid until the next
 * change of the table. A removed row's place is taken by the last row, so the order (that of the
 * snapshot) is insertion order only up to removals; it is a function of the changes applied, so a
 * restored table snapshots to the same bytes as the one it was taken from.
 */
public final class JoinTable {

  private static final int MIN_ROWS = 8;

  private final int width;
  // the rows, dense: positions 0..size-1
  private Object[] keys;
  private int[] hashes;
  private long[] times;
  /** Row p's column c at {@code p * width + c}. */
  private Object[] cells;
  private int size;
  /** Open addressing, linear probing: position + 1 of the row whose hash starts its probe here, 0 for none. */
  private int[] index;

  /** A table whose rows have {@code width} columns. */
  public JoinTable(int width) {
    this.width = width;
    clear();
  }

  /** The position of {@code key}'s row, or -1 when the table has none. */
  public int find(Object key) {
    int hash = hash(key);
    int mask = index.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      int p = index[slot] - 1;
      if (p < 0) {
        return -1;
      }
      if (hashes[p] == hash) {
        Object k = keys[p];
        if (k == key || k.equals(key)) {
          return p;
        }
      }
    }
  }

  /** Column {@code column} of the row at {@code position}. */
  public Object column(int position, int column) {
    return cells[position * width + column];
  }

  /** The time of the record that wrote the row at {@code position}. */
  public long timestamp(int position) {
    return times[position];
  }

  /** Copies the row at {@code position} into {@code target} from {@code offset} on. */
  public void copyRow(int position, Object[] target, int offset) {
    System.arraycopy(cells, position * width, target, offset, width);
  }

  public int width() {
    return width;
  }

  /** Applies a change: {@code columns} null deletes the key; else they are the key's row (copied). */
  public void apply(Object key, Object[] columns, long timestamp) {
    if (columns == null) {
      remove(key);
      return;
    }
    int p = find(key);
    if (p < 0) {
      p = append(key);
    }
    times[p] = timestamp;
    System.arraycopy(columns, 0, cells, p * width, width);
  }

  public int size() {
    return size;
  }

  private int append(Object key) {
    if (size == keys.length) {
      int rows = keys.length * 2;
      keys = Arrays.copyOf(keys, rows);
      hashes = Arrays.copyOf(hashes, rows);
      times = Arrays.copyOf(times, rows);
      cells = Arrays.copyOf(cells, rows * width);
    }
    if ((size + 1) * 4L > index.length * 3L) { // load factor 3/4
      rebuildIndex(index.length * 2);
    }
    int p = size++;
    keys[p] = key;
    hashes[p] = hash(key);
    insertIndex(p);
    return p;
  }

  private void remove(Object key) {
    int p = find(key);
    if (p < 0) {
      return;
    }
    deleteIndex(slotOf(p));
    int last = --size;
    if (p != last) { // the last row moves into the hole
      int lastSlot = slotOf(last);
      keys[p] = keys[last];
      hashes[p] = hashes[last];
      times[p] = times[last];
      System.arraycopy(cells, last * width, cells, p * width, width);
      index[lastSlot] = p + 1;
    }
    keys[last] = null; // nothing of a removed row stays reachable
    Arrays.fill(cells, last * width, (last + 1) * width, null);
  }

  /** The index slot that holds position {@code p}. */
  private int slotOf(int p) {
    int mask = index.length - 1;
    int slot = hashes[p] & mask;
    while (index[slot] != p + 1) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void insertIndex(int p) {
    int mask = index.length - 1;
    int slot = hashes[p] & mask;
    while (index[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    index[slot] = p + 1;
  }

  /** Empties {@code slot}, moving back later entries of its probe run (linear probing has no tombstones). */
  private void deleteIndex(int slot) {
    int mask = index.length - 1;
    int hole = slot;
    index[hole] = 0;
    for (int next = (hole + 1) & mask; index[next] != 0; next = (next + 1) & mask) {
      int home = hashes[index[next] - 1] & mask;
      // the entry at next may fill the hole when its home is not cyclically within (hole, next]
      boolean homeInRun = hole <= next ? home > hole && home <= next : home > hole || home <= next;
      if (!homeInRun) {
        index[hole] = index[next];
        index[next] = 0;
        hole = next;
      }
    }
  }

  private void rebuildIndex(int slots) {
    index = new int[slots];
    for (int p = 0; p < size; p++) {
      insertIndex(p);
    }
  }

  private void clear() {
    keys = new Object[MIN_ROWS];
    hashes = new int[MIN_ROWS];
    times = new long[MIN_ROWS];
    cells = new Object[MIN_ROWS * width];
    index = new int[MIN_ROWS * 2];
    size = 0;
  }

  /** The key's hash, its high bits folded into the low ones the index uses (as {@code HashMap} does). */
  private static int hash(Object key) {
    int h = key.hashCode();
    return h ^ (h >>> 16);
  }

  void write(StateWriter out) {
    out.writeInt(size);
    Object[] row = new Object[width];
    for (int p = 0; p < size; p++) {
      out.writeValue(keys[p]);
      out.writeLong(times[p]);
      copyRow(p, row, 0);
      JoinWindows.writeRow(out, row);
    }
  }

  void read(StateReader in) {
    clear();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      Object key = in.readValue();
      long timestamp = in.readLong();
      Object[] row = JoinWindows.readRow(in);
      if (row.length != width) {
        throw new SnapshotFormatException("snapshot is of a table of " + row.length + " columns, not " + width);
      }
      apply(key, row, timestamp);
    }
  }
}
