package io.strom.rules.runtime.join;

import io.strom.rules.runtime.state.StateReader;
import io.strom.rules.runtime.state.StateWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

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
 * time can match nothing any more and are dropped.
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
  private final List<Buffered> left = new ArrayList<>();
  private final List<Buffered> right = new ArrayList<>();
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
    for (Buffered b : isLeft ? right : left) {
      if (b.timestamp() >= from && b.timestamp() <= to && b.key().equals(key)) {
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
    (isLeft ? left : right).add(self);
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

  private void expire() {
    long horizon = streamTime - before - after - grace;
    removeOlder(left, horizon);
    removeOlder(right, horizon);
  }

  private static void removeOlder(List<Buffered> records, long horizon) {
    for (Iterator<Buffered> it = records.iterator(); it.hasNext(); ) {
      if (it.next().timestamp() < horizon) {
        it.remove();
      }
    }
  }

  /** Records dropped because their window had closed when they arrived. */
  public long lateRecords() {
    return late;
  }

  /** Records kept (both sides and held), for tests of the bound. */
  public int size() {
    return left.size() + right.size() + heldLeft.size() + heldRight.size();
  }

  public void write(StateWriter out) {
    out.writeLong(streamTime);
    out.writeLong(sequence);
    out.writeLong(late);
    for (List<Buffered> list : List.of(left, right, heldLeft, heldRight)) {
      out.writeInt(list.size());
      for (Buffered b : list) {
        out.writeValue(b.key());
        out.writeLong(b.timestamp());
        out.writeLong(b.sequence());
        writeRow(out, b.row());
      }
    }
  }

  public void read(StateReader in) {
    streamTime = in.readLong();
    sequence = in.readLong();
    late = in.readLong();
    for (List<Buffered> list : List.of(left, right, heldLeft, heldRight)) {
      list.clear();
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        Object key = in.readValue();
        long timestamp = in.readLong();
        long seq = in.readLong();
        list.add(new Buffered(key, readRow(in), timestamp, seq));
      }
    }
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
