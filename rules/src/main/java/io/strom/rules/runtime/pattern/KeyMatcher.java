package io.strom.rules.runtime.pattern;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The partial matches of one partition key. Every row starts an attempt (a match starting at it);
 * each attempt runs the NFA as ordered threads, so that the first accepting thread is the
 * preferred match (as a backtracking matcher would find it) and lower-priority threads are cut
 * when it accepts. Attempts resolve in start order, as SQL tries starting rows one after the
 * other: a later attempt's match waits until every earlier attempt has resolved, and the skip
 * strategy of an emitted match discards the attempts it skips.
 */
final class KeyMatcher {

  /** One run of the NFA: the state it waits in, and the rows it has mapped. */
  record Thread(int state, MatchNode match) {}

  static final class Attempt {
    final long start;
    final long startTime;
    /** The arrival number (in the whole state) of the first row: orders expiries of equal deadlines. */
    final long startArrival;
    List<Thread> threads;
    MatchNode accepted;

    Attempt(long start, long startTime, long startArrival, List<Thread> threads, MatchNode accepted) {
      this.start = start;
      this.startTime = startTime;
      this.startArrival = startArrival;
      this.threads = threads;
      this.accepted = accepted;
    }

    boolean resolved() {
      return threads.isEmpty();
    }
  }

  final Object key;
  /** The partition-local number of the next row. */
  long nextRow;
  final List<Attempt> attempts = new ArrayList<>();

  KeyMatcher(Object key) {
    this.key = key;
  }

  /**
   * Feeds the next row of this key (rows come in event-time order); returns the attempt starting
   * at it, or null when it starts nothing.
   */
  Attempt process(Object[] row, long time, long arrival, PatternState state, MatchListener listener) {
    long number = nextRow++;
    for (Attempt a : attempts) {
      if (!a.resolved()) {
        step(a, row, time, state);
      }
    }
    // attempts are independent, so the one starting here may step last
    Attempt fresh = start(number, row, time, arrival, state);
    if (fresh != null) {
      attempts.add(fresh);
    }
    resolve(state, listener);
    return fresh;
  }

  /** The attempt starting at a row, stepped over it; null when it ends there without a match (most rows). */
  static Attempt start(long number, Object[] row, long time, long arrival, PatternState state) {
    Attempt fresh = new Attempt(number, time, arrival, state.initialThreads, null);
    step(fresh, row, time, state);
    return !fresh.resolved() || fresh.accepted != null ? fresh : null;
  }

  /** Takes the attempt started by this key's first row (of {@link #start} with row number 0). */
  void begin(Attempt first, PatternState state, MatchListener listener) {
    nextRow = 1;
    attempts.add(first);
    resolve(state, listener);
  }

  private static void step(Attempt a, Object[] row, long time, PatternState state) {
    PatternNfa nfa = state.nfa;
    List<Thread> next = List.of(); // most attempts die at a row: no list for them
    if (state.withinMillis < 0 || time - a.startTime < state.withinMillis) {
      for (Thread t : a.threads) {
        int variable = nfa.first[t.state()];
        if (!state.conditions.test(variable, t.match(), row, time)) {
          continue;
        }
        MatchNode extended = new MatchNode(row, time, variable, t.match());
        if (next.isEmpty()) {
          next = new ArrayList<>(4);
        }
        if (closure(nfa, nfa.second[t.state()], extended, next)) {
          a.accepted = extended; // preferred over every thread after this one: those are cut
          break;
        }
      }
    }
    a.threads = next;
  }

  /** Adds the consuming states reachable from {@code state} in preference order; true if it reaches ACCEPT first. */
  static boolean closure(PatternNfa nfa, int state, MatchNode match, List<Thread> out) {
    switch (nfa.kind[state]) {
      case PatternNfa.CONSUME -> {
        out.add(new Thread(state, match));
        return false;
      }
      case PatternNfa.ACCEPT -> {
        return true;
      }
      default -> {
        return closure(nfa, nfa.first[state], match, out) || closure(nfa, nfa.second[state], match, out);
      }
    }
  }

  /** Ends the attempts whose WITHIN has passed by {@code watermark}: no row they could still take can come. */
  void expire(long watermark, PatternState state, MatchListener listener) {
    for (Attempt a : attempts) {
      if (!a.resolved() && watermark >= a.startTime + state.withinMillis) {
        a.threads = List.of();
      }
    }
    resolve(state, listener);
  }

  /** Emits resolved matches in start order and drops what they skip and what found nothing. */
  private void resolve(PatternState state, MatchListener listener) {
    attempts.removeIf(a -> a.resolved() && a.accepted == null);
    while (!attempts.isEmpty() && attempts.get(0).resolved()) {
      Attempt done = attempts.remove(0);
      listener.onMatch(key, done.accepted);
      long next = state.afterMatch.nextStart(done.start, done.accepted);
      Iterator<Attempt> it = attempts.iterator();
      while (it.hasNext()) {
        Attempt skipped = it.next();
        if (skipped.start >= next) {
          break;
        }
        skipped.threads = List.of(); // resolved: its expiry entry is void
        it.remove();
      }
    }
  }

  boolean isEmpty() {
    return attempts.isEmpty();
  }


}
