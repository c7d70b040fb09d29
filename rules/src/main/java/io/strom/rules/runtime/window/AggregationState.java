package io.strom.rules.runtime.window;

import io.strom.rules.runtime.aggregate.Accumulator;
import io.strom.rules.runtime.aggregate.AggregateFunction;
import io.strom.rules.runtime.aggregate.PrimitiveAggregate;
import io.strom.rules.runtime.state.SnapshotFormatException;
import io.strom.rules.runtime.state.StateReader;
import io.strom.rules.runtime.state.StateWriter;
import java.util.ArrayList;
import java.util.Arrays;
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

  /**
   * Version 2 dropped the idle clock (version 1 stored it, so after a restore the downtime counted
   * as idle time); version 1 snapshots are still read.
   */
  static final int FORMAT_VERSION = 2;
  private static final int FORMAT_VERSION_1 = 1;
  private static final long NO_TIME = Long.MIN_VALUE;

  private final WindowPolicy spec;
  private final WindowPolicy.Type type;
  private final AggregateFunction[] functions;
  private final int functionCount;
  // Function j keeps its state either in long slots at window offset slotOffset[j] (primitive
  // aggregates) or in accumulator object objectIndex[j] of the window; the other entry is -1.
  private final PrimitiveAggregate[] primitives;
  private final int[] slotOffset;
  private final int[] objectIndex;
  private final int stride;
  private final int objectCount;
  private final long size;
  private final long advance;
  private final long grace;
  private final boolean emitChanges;
  private final String fingerprint;

  private final KeyTable keys = new KeyTable();
  private final CloseSchedule schedule = new CloseSchedule();
  private long streamTime = NO_TIME;
  private long sequence;
  private long lateCount;
  private int openWindows;
  /** The tumbling window of the latest record, a cache (not state); the initial value matches no timestamp. */
  private long lastTumblingStart = Long.MIN_VALUE / 2;
  // Idle detection for advanceTime: the wall clock of the first tick after the latest record. Not
  // part of the snapshot: the host's clock means nothing to the next owner of the state.
  private boolean recordSinceTick;
  private long activityWallClock = NO_TIME;
  private long activityStreamTime = NO_TIME;
  /** Outputs of closing windows that failed during the current call; thrown at its end. */
  private List<RuntimeException> closeFailures;

  public AggregationState(WindowPolicy spec, List<AggregateFunction> functions) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.type = spec.type();
    this.functions = functions.toArray(new AggregateFunction[0]);
    this.functionCount = this.functions.length;
    this.primitives = new PrimitiveAggregate[functionCount];
    this.slotOffset = new int[functionCount];
    this.objectIndex = new int[functionCount];
    int slots = 2; // start, mark
    int objects = 0;
    for (int j = 0; j < functionCount; j++) {
      if (this.functions[j] instanceof PrimitiveAggregate primitive) {
        primitives[j] = primitive;
        slotOffset[j] = slots;
        objectIndex[j] = -1;
        slots += primitive.slots();
      } else {
        slotOffset[j] = -1;
        objectIndex[j] = objects++;
      }
    }
    this.stride = slots;
    this.objectCount = objects;
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

  public WindowPolicy spec() {
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
    try {
      aggregate(key, timestamp, arguments, out);
    } finally {
      throwCloseFailures();
    }
  }

  private void aggregate(Object key, long timestamp, Object[] arguments, AggregationListener out) {
    long seq = sequence++;
    recordSinceTick = true;
    if (type != WindowPolicy.Type.NONE && timestamp < 0) {
      lateCount++;
      out.onLate(new LateEvent(key, timestamp, WindowPolicy.Type.NONE, 0, 0, 0, streamTime));
      return;
    }
    if (timestamp > streamTime) {
      streamTime = timestamp;
      closeDue(streamTime, out);
    }
    switch (type) {
      case TUMBLING: {
        // Most records fall into the window of the one before: skip the 64-bit division then.
        long start = lastTumblingStart;
        if (timestamp < start || timestamp - start >= size) {
          start = timestamp - timestamp % size;
          lastTumblingStart = start;
        }
        processTimeWindow(key, null, start, timestamp, arguments, seq, out);
        break;
      }
      case HOPPING: {
        KeyWindows windows = null; // looked up once for all of the record's windows
        for (long start = Math.max(0, timestamp - size + advance) / advance * advance; start <= timestamp;
            start += advance) {
          windows = processTimeWindow(key, windows, start, timestamp, arguments, seq, out);
        }
        break;
      }
      case SESSION:
        processSession(key, timestamp, arguments, seq, out);
        break;
      default:
        processUnwindowed(key, timestamp, arguments, seq, out);
    }
  }

  /**
   * Tells the state the host's wall clock, e.g. on every poll. Under EMIT FINAL with an idle timeout
   * (see {@link WindowPolicy#withIdleTimeout}): once no record has arrived for the idle timeout, stream
   * time advances with the wall clock from where the input stopped, and windows that close on the
   * way are emitted. Idleness is measured from the first call after the latest record. Records that
   * arrive later for windows closed this way are late. Under EMIT CHANGES this does nothing.
   *
   * <p>The host decides what counts as idle: it should call this only while it is caught up with
   * the input (see the sink's use). The idle clock is not part of the snapshot, so after a
   * {@link #restore} idleness is measured from the first call again.
   *
   * @throws CloseFailedException after closing every due window, if the listener failed on some
   */
  public void advanceTime(long wallClockMillis, AggregationListener out) {
    try {
      advance(wallClockMillis, out);
    } finally {
      throwCloseFailures();
    }
  }

  private void advance(long wallClockMillis, AggregationListener out) {
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

  /** Adds the record to one time window; returns the key's windows (null if late) for the next call. */
  private KeyWindows processTimeWindow(Object key, KeyWindows known, long start, long timestamp, Object[] arguments,
      long seq, AggregationListener out) {
    long end = start + size;
    long closeTime = end + grace;
    if (streamTime >= closeTime) {
      late(key, timestamp, start, end, closeTime, out);
      return known;
    }
    KeyWindows windows = known != null ? known : windowsOf(key);
    int index = windows.indexOf(start);
    long[] oldSlots = null;
    Object[] oldObjects = null;
    if (index < 0) {
      index = openTimeWindow(windows, start, timestamp, closeTime);
    } else if (emitChanges) {
      oldSlots = oldSlots(windows, index);
      oldObjects = objectCount == 0 ? null : oldObjectResults(windows, index);
    }
    add(windows, index, arguments, timestamp, seq);
    int markAt = index * stride + 1;
    if (timestamp > windows.data[markAt]) {
      windows.data[markAt] = timestamp;
    }
    if (emitChanges) {
      emit(out, key, start, end, windows.data[markAt], oldSlots, oldObjects, windows, index);
    }
    return windows;
  }

  // Kept out of processTimeWindow, the hottest method, so that it stays small enough to inline the
  // listener's callback.
  private int openTimeWindow(KeyWindows windows, long start, long timestamp, long closeTime) {
    int index = openWindow(windows, start, timestamp);
    scheduleClose(windows, closeTime);
    return index;
  }

  private void late(Object key, long timestamp, long start, long end, long closeTime, AggregationListener out) {
    lateCount++;
    out.onLate(new LateEvent(key, timestamp, type, start, end, closeTime, streamTime));
  }

  // ---------------------------------------------------------------- sessions

  private void processSession(Object key, long timestamp, Object[] arguments, long seq,
      AggregationListener out) {
    int hash = KeyTable.hash(key);
    KeyWindows windows = keys.get(key, hash);
    int first = 0;
    int last = -1; // the sessions [first, last] overlap [timestamp - gap, timestamp + gap]
    long mergedStart = timestamp;
    long mergedEnd = timestamp;
    if (windows != null) {
      while (first < windows.size && windows.mark(first) < timestamp - size) {
        first++;
      }
      last = first - 1;
      while (last + 1 < windows.size && windows.start(last + 1) <= timestamp + size) {
        last++;
      }
      if (last >= first) {
        mergedStart = Math.min(mergedStart, windows.start(first));
        mergedEnd = Math.max(mergedEnd, windows.mark(last));
      }
    }
    long closeTime = mergedEnd + size + grace + 1;
    if (streamTime >= closeTime) {
      lateCount++;
      out.onLate(new LateEvent(key, timestamp, type, mergedStart, mergedEnd, closeTime, streamTime));
      return;
    }
    if (windows == null) {
      windows = newWindows(key, hash);
    }
    int index;
    long[] oldSlots = null;
    Object[] oldObjects = null;
    if (last < first) {
      index = openWindow(windows, timestamp, timestamp);
    } else if (first == last && windows.start(first) == timestamp && windows.mark(first) == timestamp) {
      // The record repeats a one-record session's time: the session stays, it is just updated.
      index = first;
      if (emitChanges) {
        oldSlots = oldSlots(windows, index);
        oldObjects = oldObjectResults(windows, index);
      }
    } else {
      // As Kafka Streams does: every overlapping session is removed (tombstone, ascending) and the
      // merged session put, even when only one session is involved and its bounds do not change.
      if (emitChanges) {
        for (int i = first; i <= last; i++) {
          emit(out, key, windows.start(i), windows.mark(i), windows.mark(i), oldSlots(windows, i),
              oldObjectResults(windows, i), null, 0);
        }
      }
      for (int i = first + 1; i <= last; i++) { // ascending: order-sensitive functions see time order
        merge(windows, first, i);
      }
      for (int i = last; i > first; i--) {
        windows.remove(i, objectCount);
        openWindows--;
      }
      index = first;
      windows.setBounds(index, mergedStart, mergedEnd);
    }
    add(windows, index, arguments, timestamp, seq);
    scheduleClose(windows, mergedEnd + size + grace + 1);
    if (emitChanges) {
      emit(out, key, mergedStart, mergedEnd, mergedEnd, oldSlots, oldObjects, windows, index);
    }
  }

  // ---------------------------------------------------------------- unwindowed

  private void processUnwindowed(Object key, long timestamp, Object[] arguments, long seq,
      AggregationListener out) {
    KeyWindows row = windowsOf(key);
    long[] oldSlots = null;
    Object[] oldObjects = null;
    if (row.size == 0) {
      openWindow(row, 0, timestamp);
    } else {
      oldSlots = oldSlots(row, 0);
      oldObjects = oldObjectResults(row, 0);
    }
    add(row, 0, arguments, timestamp, seq);
    if (timestamp > row.data[1]) {
      row.data[1] = timestamp;
    }
    emit(out, key, 0, 0, row.data[1], oldSlots, oldObjects, row, 0);
  }

  // ---------------------------------------------------------------- closing

  /**
   * Closes (EMIT FINAL: emits) and evicts every window whose close time is at most {@code now}. A
   * listener that fails on one window's output does not stop the others: that window is closed
   * all the same, and the failure is collected for the end of the current call.
   */
  private void closeDue(long now, AggregationListener out) {
    long closeTime;
    while ((closeTime = schedule.firstTime()) <= now) {
      CloseSchedule.Bucket bucket = schedule.pollFirst();
      for (int i = 0; i < bucket.size; i++) {
        KeyWindows windows = bucket.keys[i];
        if (windows.scheduledAt != closeTime) {
          continue; // stale: the key was scheduled earlier since, and handled then
        }
        windows.scheduledAt = Long.MAX_VALUE;
        // Only windows due at this bucket's time: later ones wait for their own bucket, which keeps
        // EMIT FINAL output in close-time order across keys.
        closeWindows(windows, closeTime, out);
        if (windows.size > 0) {
          scheduleClose(windows, closeTime(windows, 0));
        }
      }
    }
  }

  private void closeWindows(KeyWindows windows, long closeTime, AggregationListener out) {
    // Windows are sorted by start, and so are their close times (sessions never overlap).
    while (windows.size > 0 && closeTime(windows, 0) <= closeTime) {
      if (!emitChanges) {
        long end = type == WindowPolicy.Type.SESSION ? windows.mark(0) : windows.start(0) + size;
        try {
          emit(out, windows.key, windows.start(0), end, windows.mark(0), null, null, windows, 0);
        } catch (RuntimeException e) {
          if (closeFailures == null) {
            closeFailures = new ArrayList<>();
          }
          closeFailures.add(e);
        }
      }
      windows.remove(0, objectCount);
      openWindows--;
    }
    if (windows.size == 0) {
      keys.remove(windows); // no-op for an entry already removed (listed twice in the schedule)
    }
  }

  private void throwCloseFailures() {
    List<RuntimeException> failures = closeFailures;
    if (failures != null) {
      closeFailures = null;
      throw new CloseFailedException(failures);
    }
  }

  /** Makes sure the key is visited by {@code closeTime}; a key is listed once, at its earliest close. */
  private void scheduleClose(KeyWindows windows, long closeTime) {
    if (closeTime < windows.scheduledAt) {
      windows.scheduledAt = closeTime;
      schedule.add(closeTime, windows);
    }
  }

  private long closeTime(KeyWindows windows, int index) {
    if (type == WindowPolicy.Type.SESSION) {
      return windows.mark(index) + size + grace + 1;
    }
    return windows.start(index) + size + grace;
  }

  // ---------------------------------------------------------------- helpers

  private KeyWindows windowsOf(Object key) {
    int hash = KeyTable.hash(key);
    KeyWindows windows = keys.get(key, hash);
    return windows != null ? windows : newWindows(key, hash);
  }

  private KeyWindows newWindows(Object key, int hash) {
    KeyWindows windows = new KeyWindows(key, hash, stride, objectCount);
    keys.add(windows);
    return windows;
  }

  private int openWindow(KeyWindows windows, long start, long mark) {
    int index = windows.insert(start, mark, objectCount);
    int base = index * objectCount;
    for (int j = 0; j < functionCount; j++) {
      if (objectIndex[j] >= 0) {
        windows.objects[base + objectIndex[j]] = functions[j].newAccumulator();
      }
    }
    openWindows++;
    return index;
  }

  private void add(KeyWindows windows, int index, Object[] arguments, long timestamp, long seq) {
    for (int j = 0; j < functionCount; j++) {
      PrimitiveAggregate primitive = primitives[j];
      if (primitive != null) {
        primitive.add(windows.data, index * stride + slotOffset[j], arguments[j]);
      } else {
        windows.objects[index * objectCount + objectIndex[j]].add(arguments[j], timestamp, seq);
      }
    }
  }

  /** Folds window {@code from} (a later session) into window {@code into}. */
  private void merge(KeyWindows windows, int into, int from) {
    for (int j = 0; j < functionCount; j++) {
      PrimitiveAggregate primitive = primitives[j];
      if (primitive != null) {
        primitive.merge(windows.data, into * stride + slotOffset[j], windows.data, from * stride + slotOffset[j]);
      } else {
        windows.objects[into * objectCount + objectIndex[j]].merge(windows.objects[from * objectCount + objectIndex[j]]);
      }
    }
  }

  /** Window {@code index}'s state before a change: a copy of its long slots (the old results of primitive aggregates). */
  private long[] oldSlots(KeyWindows windows, int index) {
    return Arrays.copyOfRange(windows.data, index * stride, index * stride + stride);
  }

  /** The old results of the object accumulators, taken with {@link #oldSlots} before a change; null if none. */
  private Object[] oldObjectResults(KeyWindows windows, int index) {
    if (objectCount == 0) {
      return null;
    }
    Object[] results = new Object[objectCount];
    for (int o = 0; o < objectCount; o++) {
      results[o] = windows.objects[index * objectCount + o].result();
    }
    return results;
  }

  /**
   * Hands out an update: old results from {@code oldSlots} (null: a new row) and the object results
   * taken with them, new results read from {@code current} (null: a removal).
   */
  private void emit(AggregationListener out, Object key, long start, long end, long timestamp, long[] oldSlots,
      Object[] oldObjects, KeyWindows current, int index) {
    out.onUpdate(new AggregateUpdate(this, key, start, end, timestamp, oldSlots, oldObjects, current, index));
  }

  int functionCount() {
    return functionCount;
  }

  /** Result of function {@code j} of a live window: slots at {@code data[base ..]}, objects of window {@code index}. */
  Object result(long[] data, int base, Accumulator[] objects, int index, int j) {
    PrimitiveAggregate primitive = primitives[j];
    return primitive != null
        ? primitive.result(data, base + slotOffset[j])
        : objects[index * objectCount + objectIndex[j]].result();
  }

  /** Result of function {@code j} from captured old state. */
  Object result(long[] slots, int base, Object[] objectResults, int j) {
    PrimitiveAggregate primitive = primitives[j];
    return primitive != null ? primitive.result(slots, base + slotOffset[j]) : objectResults[objectIndex[j]];
  }

  // ---------------------------------------------------------------- snapshots

  /**
   * The whole state as bytes: a format version byte, a fingerprint of the window and functions, then
   * stream time and counters, windows with their accumulators, and the close schedule. Nothing of
   * the host's wall clock: a snapshot restored elsewhere continues the same for the same input. {@link #restore} of these bytes
   * into a state of the same rule continues exactly as this one would.
   */
  public byte[] snapshot() {
    StateWriter out = new StateWriter(64 + openWindows * 32);
    out.writeByte(FORMAT_VERSION);
    out.writeString(fingerprint);
    out.writeLong(streamTime);
    out.writeLong(sequence);
    out.writeLong(lateCount);
    IdentityHashMap<KeyWindows, Integer> indexes = new IdentityHashMap<>();
    out.writeInt(keys.size());
    keys.forEach(windows -> {
      indexes.put(windows, indexes.size());
      out.writeValue(windows.key);
      out.writeLong(windows.scheduledAt);
      out.writeInt(windows.size);
      for (int i = 0; i < windows.size; i++) {
        for (int slot = 0; slot < stride; slot++) { // start, mark, primitive aggregates
          out.writeLong(windows.data[i * stride + slot]);
        }
        for (int o = 0; o < objectCount; o++) {
          windows.objects[i * objectCount + o].write(out);
        }
      }
    });
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
      if (version != FORMAT_VERSION && version != FORMAT_VERSION_1) {
        throw new SnapshotFormatException("unsupported aggregation state format version " + version
            + " (this build reads versions " + FORMAT_VERSION_1 + " and " + FORMAT_VERSION + ")");
      }
      String found = in.readString();
      if (!found.equals(fingerprint)) {
        throw new SnapshotFormatException("snapshot is of another aggregation: " + found + ", expected " + fingerprint);
      }
      streamTime = in.readLong();
      sequence = in.readLong();
      lateCount = in.readLong();
      if (version == FORMAT_VERSION_1) {
        // the idle clock of version 1: ignored, idleness is measured afresh after a restore
        in.readBoolean();
        in.readLong();
        in.readLong();
      }
      int keyCount = in.readCount();
      KeyWindows[] byIndex = new KeyWindows[keyCount];
      for (int k = 0; k < keyCount; k++) {
        Object key = in.readValue();
        if (key == null) {
          throw new SnapshotFormatException("null group key in aggregation state");
        }
        KeyWindows windows = newWindows(key, KeyTable.hash(key));
        windows.scheduledAt = in.readLong();
        int count = in.readCount();
        for (int i = 0; i < count; i++) {
          long start = in.readLong();
          int index = openWindow(windows, start, in.readLong());
          for (int slot = 2; slot < stride; slot++) {
            windows.data[index * stride + slot] = in.readLong();
          }
          for (int o = 0; o < objectCount; o++) {
            windows.objects[index * objectCount + o].read(in);
          }
        }
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
