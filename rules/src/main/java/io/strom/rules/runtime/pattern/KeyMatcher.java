package io.strom.rules.runtime.pattern;

import java.util.Arrays;

/**
 * The partial matches of one partition key. Every row starts an attempt (a match starting at it);
 * each attempt runs the NFA as ordered threads, so that the first accepting thread is the
 * preferred match (as a backtracking matcher would find it) and lower-priority threads are cut
 * when it accepts. Attempts resolve in start order, as SQL tries starting rows one after the
 * other: a later attempt's match waits until every earlier attempt has resolved, and the skip
 * strategy of an emitted match discards the attempts it skips.
 */
final class KeyMatcher {

  /**
   * Runs of the NFA in preference order, as parallel arrays: the state each waits in and the rows
   * it has mapped (no object per run). PatternState keeps one as the scratch list a step writes.
   */
  static final class Runs {
    int[] states;
    MatchNode[] matches;
    int size;

    Runs(int capacity) {
      states = new int[capacity];
      matches = new MatchNode[capacity];
    }

    void add(int state, MatchNode match) {
      if (size == states.length) {
        states = java.util.Arrays.copyOf(states, size * 2 + 1);
        matches = java.util.Arrays.copyOf(matches, size * 2 + 1);
      }
      states[size] = state;
      matches[size++] = match;
    }
  }

  private static final int[] NO_STATES = {};
  private static final MatchNode[] NO_MATCHES = {};

  static final class Attempt {
    final long start;
    final long startTime;
    /** The arrival number (in the whole state) of the first row: orders expiries of equal deadlines. */
    final long startArrival;
    /**
     * The runs still going, {@code threads} of them, in preference order: the first in two fields
     * (most attempts have one run: no arrays for them), the others in arrays owned by this attempt.
     */
    int state0;
    MatchNode match0;
    int[] states = NO_STATES;
    MatchNode[] matches = NO_MATCHES;
    int threads;
    MatchNode accepted;
    /** The key's matcher, once the attempt is one of its attempts (the expiry queue holds attempts). */
    KeyMatcher matcher;
    /** Its place in the expiry queue while it is queued, else -1 (see {@link ExpiryQueue}). */
    long queued = -1;

    Attempt(long start, long startTime, long startArrival, MatchNode accepted) {
      this.start = start;
      this.startTime = startTime;
      this.startArrival = startArrival;
      this.accepted = accepted;
    }

    boolean resolved() {
      return threads == 0;
    }

    /** The NFA state run {@code t} waits in. */
    int state(int t) {
      return t == 0 ? state0 : states[t - 1];
    }

    /** The rows run {@code t} has mapped (its last one). */
    MatchNode match(int t) {
      return t == 0 ? match0 : matches[t - 1];
    }

    /** No run goes on (its expiry entry, if any, is removed: the queue keeps neither runs nor key). */
    void end(ExpiryQueue queue) {
      if (queued >= 0) {
        queue.remove(this);
      }
      threads = 0;
      matcher = null;
      match0 = null;
      states = NO_STATES;
      matches = NO_MATCHES;
    }

    /** Takes the runs of {@code next} (a scratch list), reusing its own arrays when they are large enough. */
    void take(Runs next, ExpiryQueue queue) {
      int n = next.size;
      if (n == 0) {
        end(queue);
        return;
      }
      state0 = next.states[0];
      match0 = next.matches[0];
      int more = n - 1;
      if (more > 0) {
        if (states.length < more) {
          states = new int[more];
          matches = new MatchNode[more];
        }
        System.arraycopy(next.states, 1, states, 0, more);
        System.arraycopy(next.matches, 1, matches, 0, more);
      }
      if (threads - 1 > more) {
        java.util.Arrays.fill(matches, more, threads - 1, null); // rows of runs that died are not retained
      }
      threads = n;
    }
  }

  private static final Attempt[] NO_ATTEMPTS = {};

  final Object key;
  /** The key's spread hash (see {@link KeyTable#hash}), kept so that removal need not read the key. */
  final int hash;
  /** The partition-local number of the next row. */
  long nextRow;
  /** The attempts not yet emitted or dropped, in start order: the first {@code attemptCount}. */
  Attempt[] attempts = NO_ATTEMPTS;
  int attemptCount;

  KeyMatcher(Object key, int hash) {
    this.key = key;
    this.hash = hash;
  }

  void add(Attempt attempt) {
    if (attemptCount == attempts.length) {
      attempts = Arrays.copyOf(attempts, Math.max(2, attemptCount * 2));
    }
    attempts[attemptCount++] = attempt;
  }

  /**
   * Feeds the next row of this key (rows come in event-time order); returns the attempt starting
   * at it, or null when it starts nothing.
   */
  Attempt process(Object[] row, long time, long arrival, PatternState state, MatchListener listener) {
    long number = nextRow++;
    Attempt[] running = attempts;
    for (int i = 0, n = attemptCount; i < n; i++) {
      Attempt a = running[i];
      if (!a.resolved()) {
        MatchNode accepted = advance(a, row, time, state);
        if (accepted != null) {
          a.accepted = accepted;
        }
        a.take(state.scratch, state.expiries);
      }
    }
    // attempts are independent, so the one starting here may step last
    Attempt fresh = start(number, row, time, arrival, state);
    if (fresh != null) {
      fresh.matcher = this;
      add(fresh);
    }
    resolve(state, listener);
    return fresh;
  }

  /** The attempt starting at a row, stepped over it; null when it ends there without a match (most rows). */
  static Attempt start(long number, Object[] row, long time, long arrival, PatternState state) {
    Runs next = state.scratch;
    next.size = 0;
    if (state.withinMillis == 0) {
      return null; // WITHIN 0 leaves no time for even one row
    }
    MatchNode accepted = null;
    int[] initial = state.initialStates;
    for (int i = 0; i < initial.length && accepted == null; i++) {
      accepted = step(initial[i], null, row, time, state, next);
    }
    if (accepted == null && next.size == 0) {
      return null; // no attempt object for a row that starts nothing
    }
    Attempt fresh = new Attempt(number, time, arrival, accepted);
    fresh.take(next, state.expiries);
    return fresh;
  }

  /** Takes the attempt started by this key's first row (of {@link #start} with row number 0). */
  void begin(Attempt first, PatternState state, MatchListener listener) {
    nextRow = 1;
    first.matcher = this;
    add(first);
    resolve(state, listener);
  }

  /**
   * Steps the runs of an attempt over a row: the runs that go on are written to {@code
   * state.scratch}; returns the match when a run accepts (the runs after it, of lower preference,
   * are cut), else null.
   */
  private static MatchNode advance(Attempt a, Object[] row, long time, PatternState state) {
    Runs next = state.scratch;
    next.size = 0;
    if (state.withinMillis >= 0 && time - a.startTime >= state.withinMillis) {
      return null;
    }
    for (int i = 0, n = a.threads; i < n; i++) {
      MatchNode accepted = step(a.state(i), a.match(i), row, time, state, next);
      if (accepted != null) {
        return accepted; // preferred over every run after this one: those are cut
      }
    }
    return null;
  }

  /** Steps one run waiting in NFA state {@code at}: adds where it goes on; returns its match if it accepts. */
  private static MatchNode step(int at, MatchNode match, Object[] row, long time, PatternState state, Runs next) {
    PatternNfa nfa = state.nfa;
    int variable = nfa.first[at];
    if (!state.conditions.test(variable, match, row, time)) {
      return null;
    }
    MatchNode extended = new MatchNode(state.keep(row), time, variable, match);
    return closure(nfa, nfa.second[at], extended, next) ? extended : null;
  }

  /** Adds the consuming states reachable from {@code state} in preference order; true if it reaches ACCEPT first. */
  static boolean closure(PatternNfa nfa, int state, MatchNode match, Runs out) {
    int[][] closures = nfa.closures;
    if (closures != null) {
      for (int consuming : closures[state]) {
        out.add(consuming, match);
      }
      return nfa.closureAccepts[state];
    }
    return walk(nfa, state, match, out);
  }

  private static boolean walk(PatternNfa nfa, int state, MatchNode match, Runs out) {
    switch (nfa.kind[state]) {
      case PatternNfa.CONSUME -> {
        out.add(state, match);
        return false;
      }
      case PatternNfa.ACCEPT -> {
        return true;
      }
      default -> {
        return walk(nfa, nfa.first[state], match, out) || walk(nfa, nfa.second[state], match, out);
      }
    }
  }

  /** Ends the attempts whose WITHIN has passed by {@code watermark}: no row they could still take can come. */
  void expire(long watermark, PatternState state, MatchListener listener) {
    for (int i = 0; i < attemptCount; i++) {
      Attempt a = attempts[i];
      if (!a.resolved() && watermark >= a.startTime + state.withinMillis) {
        a.end(state.expiries);
      }
    }
    resolve(state, listener);
  }

  /** Emits resolved matches in start order and drops what they skip and what found nothing. */
  private void resolve(PatternState state, MatchListener listener) {
    Attempt[] list = attempts;
    int kept = 0;
    for (int i = 0, n = attemptCount; i < n; i++) {
      Attempt a = list[i];
      if (!a.resolved() || a.accepted != null) {
        list[kept++] = a;
      }
    }
    Arrays.fill(list, kept, attemptCount, null);
    attemptCount = kept;
    int first = 0;
    while (first < attemptCount && list[first].resolved()) {
      Attempt done = list[first++];
      listener.onMatch(key, done.accepted);
      long next = state.afterMatch.nextStart(done.start, done.accepted);
      done.accepted = null; // emitted: it keeps no rows
      while (first < attemptCount && list[first].start < next) {
        Attempt skipped = list[first++];
        skipped.end(state.expiries); // resolved: out of the expiry queue
        skipped.accepted = null;
      }
    }
    if (first > 0) {
      System.arraycopy(list, first, list, 0, attemptCount - first);
      Arrays.fill(list, attemptCount - first, attemptCount, null);
      attemptCount -= first;
    }
  }

  boolean isEmpty() {
    return attemptCount == 0;
  }


}
