package io.strom.rules.runtime.join;

import io.strom.rules.runtime.state.StateReader;
import io.strom.rules.runtime.state.StateWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one stream-stream join, with Kafka Streams' semantics as ksqlDB uses them
 * ({@code KStreamKStreamJoin}): each side's records within the window, one stream time for both
 * sides (the newest timestamp seen), and for outer joins with a GRACE PERIOD the unmatched outer
 * records held until their window closes.
 *
 * <ul>
 *   <li>A left record at t matches right records of its key in {@code [t - before, t + after]};
 *       a right record at t matches left records in {@code [t - after, t + before]}; matches in
 *       timestamp order, each joined row stamped with the later time.
 *   <li>A record whose window (plus grace) closed before it arrived joins nothing and is not
 *       kept; on an outer side it is emitted at once with nulls.
 *   <li>Without GRACE PERIOD (ksqlDB's old {@code JoinWindows.of}) an unmatched outer record is
 *       emitted with nulls at once, and a later match emits the joined row as well. With it
 *       (KAFKA-10847) the record is held and emitted with nulls only once a record at the newest
 *       stream time finds its window closed; a match in time drops it.
 * </ul>
 *
 * State is bounded by the window: records older than {@code before + after + grace} behind stream
 * time can match nothing any more and are dropped ({@link #expire()}).
 */
public final class JoinWindows {

  /** Receives the join's results; {@code left} or {@code right} is null for a null-padded outer result. */
  public interface Results {
    void joined(Object key, Object[] left, Object[] right, long timestamp);
  }

  private record Buffered(Object key, Object[] row, long timestamp, long sequence) {}

  private final long before;
  private final long after;
  private final long grace;
  private final boolean leftOuter;
  private final boolean rightOuter;
  private final boolean holdOuter;

  private long streamTime = Long.MIN_VALUE;
  private long sequence;
  /** The horizon of the last sweep of every key (see {@link #expire()}). */
  private long sweptTo = Long.MIN_VALUE;
  /** Each side's records by join key, in arrival order. */
  private final Map<Object, List<Buffered>> left = new LinkedHashMap<>();
  private final Map<Object, List<Buffered>> right = new LinkedHashMap<>();
  private final List<Buffered> heldLeft = new ArrayList<>();
  private final List<Buffered> heldRight = new ArrayList<>();
  private long late;

  public JoinWindows(long before, long after, long grace, boolean leftOuter, boolean rightOuter, boolean holdOuter) {
    this.before = before;
    this.after = after;
    this.grace = grace;
    this.leftOuter = leftOuter;
    this.rightOuter = rightOuter;
    this.holdOuter = holdOuter;
  }

  /** A record of the left ({@code isLeft}) or right side, with its (non-null) join key. */
  public void process(boolean isLeft, Object key, Object[] row, long timestamp, Results out) {
    streamTime = Math.max(streamTime, timestamp);
    if (holdOuter && timestamp == streamTime) {
      emitClosed(out);
    }
    boolean outer = isLeft ? leftOuter : rightOuter;
    long lookAhead = isLeft ? after : before;
    if (timestamp + lookAhead + grace < streamTime) {
      late++;
      if (outer) {
        emitPadded(isLeft, key, row, timestamp, out);
      }
      return;
    }
    long from = isLeft ? timestamp - before : timestamp - after;
    long to = isLeft ? timestamp + after : timestamp + before;
    List<Buffered> others = new ArrayList<>();
    for (Buffered b : (isLeft ? right : left).getOrDefault(key, List.of())) {
      if (b.timestamp() >= from && b.timestamp() <= to) {
        others.add(b);
      }
    }
    others.sort(Comparator.comparingLong(Buffered::timestamp)); // stable: arrival order within a timestamp
    for (Buffered other : others) {
      if (holdOuter) {
        (isLeft ? heldRight : heldLeft).removeIf(h -> h.timestamp() == other.timestamp() && h.key().equals(key));
      }
      long at = Math.max(timestamp, other.timestamp());
      if (isLeft) {
        out.joined(key, row, other.row(), at);
      } else {
        out.joined(key, other.row(), row, at);
      }
    }
    Buffered self = new Buffered(key, row, timestamp, sequence++);
    if (others.isEmpty() && outer) {
      if (holdOuter) {
        (isLeft ? heldLeft : heldRight).add(self);
      } else {
        emitPadded(isLeft, key, row, timestamp, out);
      }
    }
    (isLeft ? left : right).computeIfAbsent(key, k -> new ArrayList<>()).add(self);
    expire();
  }

  private static void emitPadded(boolean isLeft, Object key, Object[] row, long timestamp, Results out) {
    if (isLeft) {
      out.joined(key, row, null, timestamp);
    } else {
      out.joined(key, null, row, timestamp);
    }
  }

  /** Emits, in timestamp order, the held outer records whose window plus grace has closed. */
  private void emitClosed(Results out) {
    List<Object[]> due = new ArrayList<>(); // {Buffered, isLeft}
    for (Buffered h : heldRight) {
      due.add(new Object[] {h, false});
    }
    for (Buffered h : heldLeft) {
      due.add(new Object[] {h, true});
    }
    // Kafka Streams' outer store is ordered by time, then the right side before the left
    due.sort(Comparator.<Object[]>comparingLong(d -> ((Buffered) d[0]).timestamp())
        .thenComparing(d -> (Boolean) d[1])
        .thenComparingLong(d -> ((Buffered) d[0]).sequence()));
    boolean leftOpen = false;
    boolean rightOpen = false;
    for (Object[] d : due) {
      Buffered h = (Buffered) d[0];
      boolean isLeft = (Boolean) d[1];
      long lookAhead = isLeft ? after : before;
      if (h.timestamp() + lookAhead + grace >= streamTime) {
        if (isLeft) {
          leftOpen = true;
        } else {
          rightOpen = true;
        }
        if (leftOpen && rightOpen) {
          break;
        }
        continue;
      }
      (isLeft ? heldLeft : heldRight).remove(h);
      emitPadded(isLeft, h.key(), h.row(), h.timestamp(), out);
    }
  }

  /**
   * Drops the records that can match nothing any more (older than {@code before + after + grace}
   * behind stream time: a record that is not late is at most that far from any partner). Sweeps
   * every key once stream time has moved half a window span since the last sweep, so the state
   * stays within about 1.5 spans of records at a constant cost per record.
   */
  private void expire() {
    long span = before + after + grace;
    long horizon = streamTime - span;
    if (sweptTo != Long.MIN_VALUE && horizon - sweptTo < span / 2 + 1) {
      return;
    }
    sweptTo = horizon;
    removeOlder(left, horizon);
    removeOlder(right, horizon);
  }

  private static void removeOlder(Map<Object, List<Buffered>> byKey, long horizon) {
    for (Iterator<List<Buffered>> lists = byKey.values().iterator(); lists.hasNext(); ) {
      List<Buffered> records = lists.next();
      records.removeIf(b -> b.timestamp() < horizon);
      if (records.isEmpty()) {
        lists.remove();
      }
    }
  }

  /** Records dropped because their window had closed when they arrived. */
  public long lateRecords() {
    return late;
  }

  /** Records kept (both sides and held), for tests of the bound. */
  public int size() {
    int n = heldLeft.size() + heldRight.size();
    for (List<Buffered> records : left.values()) {
      n += records.size();
    }
    for (List<Buffered> records : right.values()) {
      n += records.size();
    }
    return n;
  }

  public void write(StateWriter out) {
    out.writeLong(streamTime);
    out.writeLong(sequence);
    out.writeLong(sweptTo);
    out.writeLong(late);
    for (Map<Object, List<Buffered>> side : List.of(left, right)) {
      List<Buffered> all = new ArrayList<>();
      side.values().forEach(all::addAll);
      write(out, all);
    }
    write(out, heldLeft);
    write(out, heldRight);
  }

  private static void write(StateWriter out, List<Buffered> records) {
    out.writeInt(records.size());
    for (Buffered b : records) {
      out.writeValue(b.key());
      out.writeLong(b.timestamp());
      out.writeLong(b.sequence());
      writeRow(out, b.row());
    }
  }

  public void read(StateReader in) {
    streamTime = in.readLong();
    sequence = in.readLong();
    sweptTo = in.readLong();
    late = in.readLong();
    for (Map<Object, List<Buffered>> side : List.of(left, right)) {
      side.clear();
      for (Buffered b : readRecords(in)) {
        side.computeIfAbsent(b.key(), k -> new ArrayList<>()).add(b);
      }
    }
    heldLeft.clear();
    heldLeft.addAll(readRecords(in));
    heldRight.clear();
    heldRight.addAll(readRecords(in));
  }

  private static List<Buffered> readRecords(StateReader in) {
    int n = in.readInt();
    List<Buffered> records = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Object key = in.readValue();
      long timestamp = in.readLong();
      long seq = in.readLong();
      records.add(new Buffered(key, readRow(in), timestamp, seq));
    }
    return records;
  }

  static void writeRow(StateWriter out, Object[] row) {
    out.writeInt(row.length);
    for (Object v : row) {
      out.writeValue(v);
    }
  }

  static Object[] readRow(StateReader in) {
    Object[] row = new Object[in.readInt()];
    for (int i = 0; i < row.length; i++) {
      row[i] = in.readValue();
    }
    return row;
  }

  /** Writes a table for a snapshot (the tables and windows of a join share one format). */
  public static void writeTable(StateWriter out, JoinTable table) {
    table.write(out);
  }

  public static void readTable(StateReader in, JoinTable table) {
    table.read(in);
  }
}
