package io.strom.rules.runtime.pattern;

import io.strom.rules.runtime.state.SnapshotFormatException;
import io.strom.rules.runtime.state.StateReader;
import io.strom.rules.runtime.state.StateWriter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The state of one pattern rule instance: rows waiting for event-time order, and the partial
 * matches of every partition key. Stream time is the highest event time seen (as for windows);
 * a row is released to its key's matcher once stream time minus grace has reached it, so rows
 * out of order by less than the grace are matched in event-time order (ties in arrival order),
 * and a row older than stream time minus grace is late. With WITHIN, a partial match ends as
 * soon as no row it could still take can arrive, so state is bounded by WITHIN plus grace.
 */
public final class PatternState {

  /** The snapshot's first two bytes: not a window state's version byte, so the two never mix. */
  private static final int MAGIC_0 = 'P';
  private static final int MAGIC_1 = 'M';
  static final int FORMAT_VERSION = 1;

  private record Buffered(Object key, Object[] row, long time, long arrival) {}

  final PatternNfa nfa;
  final Conditions conditions;
  final AfterMatch afterMatch;
  /** -1 without WITHIN. */
  final long withinMillis;
  /** The NFA states an attempt starts in, in preference order (read-only, shared by every attempt). */
  final int[] initialStates;
  /** Where a step writes the runs that go on, before its attempt takes them. */
  final KeyMatcher.Runs scratch;
  private final long graceMillis;
  private final String fingerprint;

  /** The row of the {@link #process} call under way (the caller's array) and its copy, once one was kept. */
  private Object[] callerRow;
  private Object[] keptRow;
  private long streamTime = Long.MIN_VALUE;
  private long arrivals;
  private long lateCount;
  private final PriorityQueue<Buffered> buffer = new PriorityQueue<>(
      (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.arrival, b.arrival));
  private final KeyTable keys = new KeyTable();
  /** The running attempts in deadline order (the attempts read it to leave it when they resolve). */
  final ExpiryQueue expiries = new ExpiryQueue();

  /**
   * @param fingerprint what identifies the rule's pattern in snapshots (a snapshot of another is refused)
   */
  public PatternState(PatternNfa nfa, Conditions conditions, AfterMatch afterMatch, long withinMillis,
      long graceMillis, String fingerprint) {
    this.nfa = nfa;
    this.conditions = conditions;
    this.afterMatch = afterMatch;
    this.withinMillis = withinMillis;
    this.graceMillis = graceMillis;
    this.fingerprint = fingerprint;
    KeyMatcher.Runs initial = new KeyMatcher.Runs(4);
    KeyMatcher.closure(nfa, nfa.start, null, initial);
    this.initialStates = java.util.Arrays.copyOf(initial.states, initial.size);
    this.scratch = new KeyMatcher.Runs(Math.max(4, initial.size));
  }

  /**
   * One input row of partition {@code key}; matches are handed to the listener as they resolve.
   * The caller may reuse {@code row} once this returns: the state copies it if it keeps it (most
   * rows start nothing and extend nothing, and then no copy is made).
   */
  public void process(Object key, Object[] row, long time, MatchListener listener) {
    if (streamTime != Long.MIN_VALUE && time < streamTime - graceMillis) {
      lateCount++;
      listener.onLate(streamTime - graceMillis - time);
      return;
    }
    callerRow = row;
    try {
      order(key, row, time, listener);
    } finally {
      callerRow = null;
      keptRow = null;
    }
  }

  /**
   * The row to keep in a partial match: the caller's row is copied once, on first need; rows of
   * the order buffer or of a snapshot are the state's own already.
   */
  Object[] keep(Object[] row) {
    if (row != callerRow) {
      return row;
    }
    if (keptRow == null) {
      keptRow = row.clone();
    }
    return keptRow;
  }

  private void order(Object key, Object[] row, long time, MatchListener listener) {
    long arrival = arrivals++;
    streamTime = Math.max(streamTime, time);
    long watermark = streamTime - graceMillis;
    if (buffer.isEmpty() && time <= watermark) {
      release(key, row, time, arrival, listener); // in order already (always so without grace)
    } else {
      buffer.add(new Buffered(key, row.clone(), time, arrival));
      while (!buffer.isEmpty() && buffer.peek().time <= watermark) {
        Buffered b = buffer.poll();
        release(b.key, b.row, b.time, b.arrival, listener);
      }
    }
    if (withinMillis >= 0) {
      KeyMatcher.Attempt due;
      while ((due = expiries.peek()) != null && due.startTime + withinMillis <= watermark) {
        expiries.poll(); // queued attempts are running ones: resolving leaves the queue
        KeyMatcher matcher = due.matcher;
        matcher.expire(watermark, this, listener);
        forgetIfEmpty(matcher);
      }
    }
  }

  private void release(Object key, Object[] row, long time, long arrival, MatchListener listener) {
    int hash = KeyTable.hash(key);
    KeyMatcher matcher = keys.get(key, hash);
    KeyMatcher.Attempt started;
    if (matcher != null) {
      started = matcher.process(row, time, arrival, this, listener);
    } else {
      // a key without partial matches has no entry: a row that starts nothing costs one lookup
      started = KeyMatcher.start(0, row, time, arrival, this);
      if (started == null) {
        return;
      }
      matcher = new KeyMatcher(key, hash);
      keys.put(matcher);
      matcher.begin(started, this, listener);
    }
    if (withinMillis >= 0 && started != null && !started.resolved()) {
      expiries.add(started);
    }
    forgetIfEmpty(matcher);
  }

  private void forgetIfEmpty(KeyMatcher matcher) {
    if (matcher.isEmpty()) {
      keys.remove(matcher);
    }
  }

  public long lateCount() {
    return lateCount;
  }

  /** Rows waiting for event-time order plus partial-match threads: a measure of the state's size. */
  public int partialMatches() {
    int n = 0;
    for (KeyMatcher m : keys.matchers()) {
      for (int i = 0; i < m.attemptCount; i++) {
        n += m.attempts[i].threads;
      }
    }
    return n;
  }

  // ---------------------------------------------------------------- snapshots

  /**
   * The whole state: 'P' 'M', a format version, the pattern's fingerprint, stream time and
   * counters, the rows waiting for order, then every match row once (runs share them) and every
   * key's attempts with their threads. The expiry queue is rebuilt from the attempts on restore.
   */
  public byte[] snapshot() {
    StateWriter out = new StateWriter(256);
    out.writeByte(MAGIC_0);
    out.writeByte(MAGIC_1);
    out.writeByte(FORMAT_VERSION);
    out.writeString(fingerprint);
    out.writeLong(streamTime);
    out.writeLong(arrivals);
    out.writeLong(lateCount);
    List<Buffered> waiting = new ArrayList<>(buffer);
    waiting.sort(buffer.comparator());
    out.writeInt(waiting.size());
    for (Buffered b : waiting) {
      out.writeValue(b.key);
      out.writeLong(b.time);
      out.writeLong(b.arrival);
      writeRow(out, b.row);
    }
    IdentityHashMap<MatchNode, Integer> ids = new IdentityHashMap<>();
    List<MatchNode> nodes = new ArrayList<>();
    List<KeyMatcher> matchers = keys.matchers();
    for (KeyMatcher m : matchers) {
      for (int i = 0; i < m.attemptCount; i++) {
        KeyMatcher.Attempt a = m.attempts[i];
        number(a.accepted, ids, nodes);
        for (int t = 0; t < a.threads; t++) {
          number(a.match(t), ids, nodes);
        }
      }
    }
    out.writeInt(nodes.size());
    for (MatchNode n : nodes) {
      out.writeInt(n.previous == null ? -1 : ids.get(n.previous));
      out.writeInt(n.variable);
      out.writeLong(n.time);
      writeRow(out, n.row);
    }
    out.writeInt(keys.size());
    for (KeyMatcher m : matchers) {
      out.writeValue(m.key);
      out.writeLong(m.nextRow);
      out.writeInt(m.attemptCount);
      for (int i = 0; i < m.attemptCount; i++) {
        KeyMatcher.Attempt a = m.attempts[i];
        out.writeLong(a.start);
        out.writeLong(a.startTime);
        out.writeLong(a.startArrival);
        out.writeInt(a.accepted == null ? -1 : ids.get(a.accepted));
        out.writeInt(a.threads);
        for (int t = 0; t < a.threads; t++) {
          out.writeInt(a.state(t));
          out.writeInt(a.match(t) == null ? -1 : ids.get(a.match(t)));
        }
      }
    }
    return out.toByteArray();
  }

  /** Numbers a node after the rows before it, so that a reader always knows a node's predecessor. */
  private static void number(MatchNode node, IdentityHashMap<MatchNode, Integer> ids, List<MatchNode> nodes) {
    List<MatchNode> chain = new ArrayList<>();
    for (MatchNode n = node; n != null && !ids.containsKey(n); n = n.previous) {
      chain.add(n);
    }
    for (int i = chain.size() - 1; i >= 0; i--) {
      ids.put(chain.get(i), nodes.size());
      nodes.add(chain.get(i));
    }
  }

  private static void writeRow(StateWriter out, Object[] row) {
    out.writeInt(row.length);
    for (Object v : row) {
      out.writeValue(v);
    }
  }

  private static Object[] readRow(StateReader in) {
    Object[] row = new Object[in.readCount()];
    for (int i = 0; i < row.length; i++) {
      row[i] = in.readValue();
    }
    return row;
  }

  /**
   * Replaces all state with a snapshot of the same rule.
   *
   * @throws SnapshotFormatException if the bytes are corrupt, of another format, or of another pattern;
   *     the state is then left empty
   */
  public void restore(byte[] bytes) {
    clear();
    try {
      StateReader in = new StateReader(bytes);
      if (in.readByte() != MAGIC_0 || in.readByte() != MAGIC_1) {
        throw new SnapshotFormatException("not a snapshot of a pattern rule");
      }
      int version = in.readByte();
      if (version != FORMAT_VERSION) {
        throw new SnapshotFormatException("unsupported pattern state format version " + version
            + " (this build reads version " + FORMAT_VERSION + ")");
      }
      String found = in.readString();
      if (!found.equals(fingerprint)) {
        throw new SnapshotFormatException("snapshot is of another pattern: " + found + ", expected " + fingerprint);
      }
      streamTime = in.readLong();
      arrivals = in.readLong();
      lateCount = in.readLong();
      int waiting = in.readCount();
      for (int i = 0; i < waiting; i++) {
        Object key = in.readValue();
        long time = in.readLong();
        long arrival = in.readLong();
        buffer.add(new Buffered(key, readRow(in), time, arrival));
      }
      MatchNode[] nodes = new MatchNode[in.readCount()];
      for (int i = 0; i < nodes.length; i++) {
        int previous = in.readInt();
        int variable = in.readInt();
        long time = in.readLong();
        nodes[i] = new MatchNode(readRow(in), time, variable, node(nodes, previous, i));
      }
      int keyCount = in.readCount();
      for (int k = 0; k < keyCount; k++) {
        Object key = in.readValue();
        KeyMatcher m = new KeyMatcher(key, KeyTable.hash(key));
        m.nextRow = in.readLong();
        int attemptCount = in.readCount();
        for (int a = 0; a < attemptCount; a++) {
          long start = in.readLong();
          long startTime = in.readLong();
          long startArrival = in.readLong();
          MatchNode accepted = node(nodes, in.readInt(), nodes.length);
          int threadCount = in.readCount();
          KeyMatcher.Runs threads = new KeyMatcher.Runs(threadCount);
          for (int t = 0; t < threadCount; t++) {
            int state = in.readInt();
            if (state < 0 || state >= nfa.size() || nfa.kind[state] != PatternNfa.CONSUME) {
              throw new SnapshotFormatException("pattern state " + state + " is not a state of this pattern");
            }
            threads.add(state, node(nodes, in.readInt(), nodes.length));
          }
          KeyMatcher.Attempt attempt = new KeyMatcher.Attempt(start, startTime, startArrival, accepted);
          attempt.take(threads, expiries);
          attempt.matcher = m;
          m.add(attempt);
        }
        if (keys.get(m.key, m.hash) != null) {
          throw new SnapshotFormatException("pattern state holds key " + m.key + " twice");
        }
        keys.put(m);
      }
      // the expiry queue in start order, of the attempts still running
      List<KeyMatcher.Attempt> running = new ArrayList<>();
      for (KeyMatcher m : keys.matchers()) {
        for (int i = 0; i < m.attemptCount; i++) {
          if (!m.attempts[i].resolved()) {
            running.add(m.attempts[i]);
          }
        }
      }
      running.sort((a, b) -> a.startTime != b.startTime ? Long.compare(a.startTime, b.startTime)
          : Long.compare(a.startArrival, b.startArrival));
      if (withinMillis >= 0) {
        running.forEach(expiries::add);
      }
      if (!in.atEnd()) {
        throw new SnapshotFormatException("trailing bytes after the pattern state");
      }
    } catch (SnapshotFormatException e) {
      clear();
      throw e;
    } catch (RuntimeException e) {
      clear();
      throw new SnapshotFormatException("corrupt pattern state snapshot: " + e);
    }
  }

  private static MatchNode node(MatchNode[] nodes, int id, int below) {
    if (id == -1) {
      return null;
    }
    if (id < 0 || id >= below) {
      throw new SnapshotFormatException("pattern state refers to match row " + id + " before it is defined");
    }
    return nodes[id];
  }

  private void clear() {
    streamTime = Long.MIN_VALUE;
    arrivals = 0;
    lateCount = 0;
    buffer.clear();
    keys.clear();
    expiries.clear();
  }
}
