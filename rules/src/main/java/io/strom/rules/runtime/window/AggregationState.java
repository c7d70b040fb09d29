package io.strom.rules.runtime.window;

import io.strom.rules.runtime.aggregate.Accumulator;
import io.strom.rules.runtime.aggregate.AggregateFunction;
import io.strom.rules.runtime.state.SnapshotFormatException;
import io.strom.rules.runtime.state.StateReader;
import io.strom.rules.runtime.state.StateWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * All aggregation state of one rule in one partition: open windows per group key, stream time, the
 * close schedule, the late-record count. The executor feeds it evaluated records and gets
 * {@link AggregateUpdate}s and {@link LateEvent}s back through an {@link AggregationListener}.
 * Semantics follow ksqlDB (see the package documentation). Not thread-safe: one instance per
 * partition, driven by one thread.
 */
public final class AggregationState {

  static final int FORMAT_VERSION = 1;
  private static final long NO_TIME = Long.MIN_VALUE;

  private final WindowSpec spec;
  private final WindowSpec.Type type;
  private final AggregateFunction[] functions;
  private final int functionCount;
  private final long size;
  private final long advance;
  private final long grace;
  private final boolean emitChanges;
  private final String fingerprint;

  private final HashMap<Object, KeyWindows> keys = new HashMap<>();
  private final CloseSchedule schedule = new CloseSchedule();
  private long streamTime = NO_TIME;
  private long sequence;
  private long lateCount;
  private int openWindows;
  // Idle detection for advanceTime: the wall clock of the first tick after the latest record.
  private boolean recordSinceTick;
  private long activityWallClock = NO_TIME;
  private long activityStreamTime = NO_TIME;

  public AggregationState(WindowSpec spec, List<AggregateFunction> functions) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.type = spec.type();
    this.functions = functions.toArray(new AggregateFunction[0]);
    this.functionCount = this.functions.length;
    this.size = spec.sizeMillis();
    this.advance = spec.advanceMillis();
    this.grace = spec.graceMillis();
    this.emitChanges = spec.emit() == EmitMode.CHANGES;
    StringBuilder text = new StringBuilder(spec.describe());
    for (AggregateFunction function : this.functions) {
      text.append(';').append(function.describe());
    }
    this.fingerprint = text.toString();
  }

  public WindowSpec spec() {
    return spec;
  }

  /**
   * Aggregates one record.
   *
   * @param key the group key (a single value, or e.g. a List for several GROUP BY expressions);
   *     records with a null group key must not reach the aggregation (ksqlDB drops them)
   * @param timestamp the record's event time in epoch millis
   * @param arguments one evaluated argument per aggregate function, in function order (ignored for
   *     COUNT(*)); read during the call only, so the caller may reuse the array
   */
  public void process(Object key, long timestamp, Object[] arguments, AggregationListener out) {
    Objects.requireNonNull(key, "null group keys are dropped before aggregation");
    long seq = sequence++;
    recordSinceTick = true;
    if (type != WindowSpec.Type.NONE && timestamp < 0) {
      lateCount++;
      out.onLate(new LateEvent(key, timestamp, WindowSpec.Type.NONE, 0, 0, 0, streamTime));
      return;
    }
    if (timestamp > streamTime) {
      streamTime = timestamp;
      closeDue(streamTime, out);
    }
    switch (type) {
      case TUMBLING:
        processTimeWindow(key, timestamp - timestamp % size, timestamp, arguments, seq, out);
        break;
      case HOPPING:
        for (long start = Math.max(0, timestamp - size + advance) / advance * advance; start <= timestamp;
            start += advance) {
          processTimeWindow(key, start, timestamp, arguments, seq, out);
        }
        break;
      case SESSION:
        processSession(key, timestamp, arguments, seq, out);
        break;
      default:
        processUnwindowed(key, timestamp, arguments, seq, out);
    }
  }

  /**
   * Tells the state the host's wall clock, e.g. on every poll. Under EMIT FINAL with an idle timeout
   * (see {@link WindowSpec#withIdleTimeout}): once no record has arrived for the idle timeout, stream
   * time advances with the wall clock from where the input stopped, and windows that close on the
   * way are emitted. Idleness is measured from the first call after the latest record. Records that
   * arrive later for windows closed this way are late. Under EMIT CHANGES this does nothing.
   */
  public void advanceTime(long wallClockMillis, AggregationListener out) {
    if (emitChanges || spec.idleTimeoutMillis() <= 0 || streamTime == NO_TIME) {
      return;
    }
    if (recordSinceTick || activityWallClock == NO_TIME) {
      recordSinceTick = false;
      activityWallClock = wallClockMillis;
      activityStreamTime = streamTime;
      return;
    }
    long idle = wallClockMillis - activityWallClock;
    if (idle >= spec.idleTimeoutMillis() && activityStreamTime + idle > streamTime) {
      streamTime = activityStreamTime + idle;
      closeDue(streamTime, out);
    }
  }

  /** The largest timestamp seen (or reached through idle advance); {@code Long.MIN_VALUE} before any record. */
  public long streamTime() {
    return streamTime;
  }

  /** How many late events were handed out so far (one per missed window). */
  public long lateCount() {
    return lateCount;
  }

  /** Windows (or unwindowed rows) held now. */
  public int openWindows() {
    return openWindows;
  }

  /** Group keys that hold at least one open window (or row). */
  public int keyCount() {
    return keys.size();
  }

  // ---------------------------------------------------------------- time windows

  private void processTimeWindow(Object key, long start, long timestamp, Object[] arguments, long seq,
      AggregationListener out) {
    long end = start + size;
    long closeTime = end + grace;
    if (streamTime >= closeTime) {
      lateCount++;
      out.onLate(new LateEvent(key, timestamp, type, start, end, closeTime, streamTime));
      return;
    }
    KeyWindows windows = windowsOf(key);
    int index = windows.indexOf(start);
    Object[] old = null;
    if (index < 0) {
      index = openWindow(windows, start, timestamp);
      schedule.add(closeTime, windows);
    } else if (emitChanges) {
      old = results(windows, index);
    }
    add(windows, index, arguments, timestamp, seq);
    if (timestamp > windows.marks[index]) {
      windows.marks[index] = timestamp;
    }
    if (emitChanges) {
      out.onUpdate(new AggregateUpdate(key, type, start, end, old, results(windows, index),
          windows.marks[index]));
    }
  }

  // ---------------------------------------------------------------- sessions

  private void processSession(Object key, long timestamp, Object[] arguments, long seq,
      AggregationListener out) {
    KeyWindows windows = keys.get(key);
    int first = 0;
    int last = -1; // the sessions [first, last] overlap [timestamp - gap, timestamp + gap]
    long mergedStart = timestamp;
    long mergedEnd = timestamp;
    if (windows != null) {
      while (first < windows.size && windows.marks[first] < timestamp - size) {
        first++;
      }
      last = first - 1;
      while (last + 1 < windows.size && windows.starts[last + 1] <= timestamp + size) {
        last++;
      }
      if (last >= first) {
        mergedStart = Math.min(mergedStart, windows.starts[first]);
        mergedEnd = Math.max(mergedEnd, windows.marks[last]);
      }
    }
    long closeTime = mergedEnd + size + grace + 1;
    if (streamTime >= closeTime) {
      lateCount++;
      out.onLate(new LateEvent(key, timestamp, type, mergedStart, mergedEnd, closeTime, streamTime));
      return;
    }
    if (windows == null) {
      windows = windowsOf(key);
    }
    int index;
    Object[] old = null;
    if (last < first) {
      index = openWindow(windows, timestamp, timestamp);
    } else if (first == last && windows.starts[first] == timestamp && windows.marks[first] == timestamp) {
      // The record repeats a one-record session's time: the session stays, it is just updated.
      index = first;
      if (emitChanges) {
        old = results(windows, index);
      }
    } else {
      // As Kafka Streams does: every overlapping session is removed (tombstone, ascending) and the
      // merged session put, even when only one session is involved and its bounds do not change.
      if (emitChanges) {
        for (int i = first; i <= last; i++) {
          out.onUpdate(new AggregateUpdate(key, type, windows.starts[i], windows.marks[i], results(windows, i),
              null, windows.marks[i]));
        }
      }
      for (int i = first + 1; i <= last; i++) { // ascending: order-sensitive functions see time order
        for (int j = 0; j < functionCount; j++) {
          windows.accumulators[first * functionCount + j].merge(windows.accumulators[i * functionCount + j]);
        }
      }
      for (int i = last; i > first; i--) {
        windows.remove(i, functionCount);
        openWindows--;
      }
      index = first;
      windows.starts[index] = mergedStart;
      windows.marks[index] = mergedEnd;
    }
    add(windows, index, arguments, timestamp, seq);
    schedule.add(mergedEnd + size + grace + 1, windows);
    if (emitChanges) {
      out.onUpdate(new AggregateUpdate(key, type, mergedStart, mergedEnd, old, results(windows, index), mergedEnd));
    }
  }

  // ---------------------------------------------------------------- unwindowed

  private void processUnwindowed(Object key, long timestamp, Object[] arguments, long seq,
      AggregationListener out) {
    KeyWindows row = windowsOf(key);
    Object[] old = null;
    if (row.size == 0) {
      openWindow(row, 0, timestamp);
    } else {
      old = results(row, 0);
    }
    add(row, 0, arguments, timestamp, seq);
    if (timestamp > row.marks[0]) {
      row.marks[0] = timestamp;
    }
    out.onUpdate(new AggregateUpdate(key, type, 0, 0, old, results(row, 0), row.marks[0]));
  }

  // ---------------------------------------------------------------- closing

  /** Closes (EMIT FINAL: emits) and evicts every window whose close time is at most {@code now}. */
  private void closeDue(long now, AggregationListener out) {
    long closeTime;
    while ((closeTime = schedule.firstTime()) <= now) {
      CloseSchedule.Bucket bucket = schedule.pollFirst();
      for (int i = 0; i < bucket.size; i++) {
        // Only windows due at this bucket's time: later ones wait for their own bucket, which keeps
        // EMIT FINAL output in close-time order across keys.
        closeWindows(bucket.keys[i], closeTime, out);
      }
    }
  }

  private void closeWindows(KeyWindows windows, long closeTime, AggregationListener out) {
    // Windows are sorted by start, and so are their close times (sessions never overlap).
    while (windows.size > 0 && closeTime(windows, 0) <= closeTime) {
      if (!emitChanges) {
        long end = type == WindowSpec.Type.SESSION ? windows.marks[0] : windows.starts[0] + size;
        out.onUpdate(new AggregateUpdate(windows.key, type, windows.starts[0], end, null, results(windows, 0),
            windows.marks[0]));
      }
      windows.remove(0, functionCount);
      openWindows--;
    }
    if (windows.size == 0 && keys.get(windows.key) == windows) {
      keys.remove(windows.key);
    }
  }

  private long closeTime(KeyWindows windows, int index) {
    if (type == WindowSpec.Type.SESSION) {
      return windows.marks[index] + size + grace + 1;
    }
    return windows.starts[index] + size + grace;
  }

  // ---------------------------------------------------------------- helpers

  private KeyWindows windowsOf(Object key) {
    KeyWindows windows = keys.get(key);
    if (windows == null) {
      windows = new KeyWindows(key, functionCount);
      keys.put(key, windows);
    }
    return windows;
  }

  private int openWindow(KeyWindows windows, long start, long mark) {
    int index = windows.insert(start, mark, functionCount);
    int base = index * functionCount;
    for (int j = 0; j < functionCount; j++) {
      windows.accumulators[base + j] = functions[j].newAccumulator();
    }
    openWindows++;
    return index;
  }

  private void add(KeyWindows windows, int index, Object[] arguments, long timestamp, long seq) {
    int base = index * functionCount;
    for (int j = 0; j < functionCount; j++) {
      windows.accumulators[base + j].add(arguments[j], timestamp, seq);
    }
  }

  private Object[] results(KeyWindows windows, int index) {
    Object[] results = new Object[functionCount];
    int base = index * functionCount;
    for (int j = 0; j < functionCount; j++) {
      results[j] = windows.accumulators[base + j].result();
    }
    return results;
  }

  // ---------------------------------------------------------------- snapshots

  /**
   * The whole state as bytes: a format version byte, a fingerprint of the window and functions, then
   * clocks, windows with their accumulators, and the close schedule. {@link #restore} of these bytes
   * into a state of the same rule continues exactly as this one would.
   */
  public byte[] snapshot() {
    StateWriter out = new StateWriter(64 + openWindows * 32);
    out.writeByte(FORMAT_VERSION);
    out.writeString(fingerprint);
    out.writeLong(streamTime);
    out.writeLong(sequence);
    out.writeLong(lateCount);
    out.writeBoolean(recordSinceTick);
    out.writeLong(activityWallClock);
    out.writeLong(activityStreamTime);
    IdentityHashMap<KeyWindows, Integer> indexes = new IdentityHashMap<>();
    out.writeInt(keys.size());
    for (KeyWindows windows : keys.values()) {
      indexes.put(windows, indexes.size());
      out.writeValue(windows.key);
      out.writeInt(windows.size);
      for (int i = 0; i < windows.size; i++) {
        out.writeLong(windows.starts[i]);
        out.writeLong(windows.marks[i]);
        for (int j = 0; j < functionCount; j++) {
          windows.accumulators[i * functionCount + j].write(out);
        }
      }
    }
    List<Map.Entry<Long, CloseSchedule.Bucket>> buckets = new ArrayList<>();
    schedule.entries().forEach(buckets::add);
    out.writeInt(buckets.size());
    for (Map.Entry<Long, CloseSchedule.Bucket> entry : buckets) {
      CloseSchedule.Bucket bucket = entry.getValue();
      int live = 0;
      for (int i = 0; i < bucket.size; i++) {
        live += indexes.containsKey(bucket.keys[i]) ? 1 : 0;
      }
      out.writeLong(entry.getKey());
      out.writeInt(live);
      for (int i = 0; i < bucket.size; i++) {
        Integer index = indexes.get(bucket.keys[i]);
        if (index != null) { // keys evicted since are skipped: their entries would close nothing
          out.writeInt(index);
        }
      }
    }
    return out.toByteArray();
  }

  /**
   * Replaces all state with a snapshot taken by {@link #snapshot()} of the same rule.
   *
   * @throws SnapshotFormatException if the bytes are corrupt, of another format version, or of a
   *     rule with another window or other aggregates; the state is then left empty
   */
  public void restore(byte[] bytes) {
    clear();
    try {
      StateReader in = new StateReader(bytes);
      int version = in.readByte();
      if (version != FORMAT_VERSION) {
        throw new SnapshotFormatException("unsupported aggregation state format version " + version
            + " (this build reads version " + FORMAT_VERSION + ")");
      }
      String found = in.readString();
      if (!found.equals(fingerprint)) {
        throw new SnapshotFormatException("snapshot is of another aggregation: " + found + ", expected " + fingerprint);
      }
      streamTime = in.readLong();
      sequence = in.readLong();
      lateCount = in.readLong();
      recordSinceTick = in.readBoolean();
      activityWallClock = in.readLong();
      activityStreamTime = in.readLong();
      int keyCount = in.readCount();
      KeyWindows[] byIndex = new KeyWindows[keyCount];
      for (int k = 0; k < keyCount; k++) {
        KeyWindows windows = new KeyWindows(in.readValue(), functionCount);
        int count = in.readCount();
        for (int i = 0; i < count; i++) {
          long start = in.readLong();
          int index = openWindow(windows, start, in.readLong());
          for (int j = 0; j < functionCount; j++) {
            windows.accumulators[index * functionCount + j].read(in);
          }
        }
        keys.put(windows.key, windows);
        byIndex[k] = windows;
      }
      int bucketCount = in.readCount();
      for (int b = 0; b < bucketCount; b++) {
        long closeTime = in.readLong();
        int count = in.readCount();
        for (int i = 0; i < count; i++) {
          int index = in.readInt();
          if (index < 0 || index >= keyCount) {
            throw new SnapshotFormatException("close schedule names key #" + index + " of " + keyCount);
          }
          schedule.add(closeTime, byIndex[index]);
        }
      }
      if (!in.atEnd()) {
        throw new SnapshotFormatException("trailing bytes after the aggregation state");
      }
    } catch (RuntimeException e) {
      clear();
      if (e instanceof SnapshotFormatException) {
        throw e;
      }
      throw new SnapshotFormatException("corrupt aggregation state: " + e);
    }
  }

  private void clear() {
    keys.clear();
    schedule.clear();
    streamTime = NO_TIME;
    sequence = 0;
    lateCount = 0;
    openWindows = 0;
    recordSinceTick = false;
    activityWallClock = NO_TIME;
    activityStreamTime = NO_TIME;
  }
}
