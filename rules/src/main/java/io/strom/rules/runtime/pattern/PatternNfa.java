package io.strom.rules.runtime.pattern;

import java.util.ArrayList;
import java.util.List;

/**
 * A Thompson NFA of a row pattern. A state either consumes one row as a variable, or splits into
 * two ordered choices (the first preferred), or accepts. Counted repetitions are unrolled, so no
 * counters live in the runs; the analyzer rejects repetitions of terms that can match no rows, so
 * there are no cycles of splits.
 */
public final class PatternNfa {

  static final int CONSUME = 0;
  static final int SPLIT = 1;
  static final int ACCEPT = 2;

  /** Unrolling larger patterns than this is refused (the analyzer names the limit). */
  public static final int MAX_STATES = 10_000;

  final int[] kind;
  /** CONSUME: the variable; SPLIT: the preferred next state. */
  final int[] first;
  /** CONSUME: the next state; SPLIT: the other next state. */
  final int[] second;
  final int start;
  /**
   * Per state, the consuming states its closure reaches in preference order, up to ACCEPT if it
   * reaches it ({@link #closureAccepts}): what a step adds, without walking the splits each time.
   * Null when the tables would be larger than {@link #MAX_CLOSURE_ENTRIES} (then the splits are walked).
   */
  final int[][] closures;
  final boolean[] closureAccepts;

  /** Bounds the closure tables (a pattern whose splits fan out widely walks them instead). */
  static final int MAX_CLOSURE_ENTRIES = 100_000;

  private PatternNfa(List<int[]> states, int start) {
    kind = new int[states.size()];
    first = new int[states.size()];
    second = new int[states.size()];
    for (int i = 0; i < states.size(); i++) {
      kind[i] = states.get(i)[0];
      first[i] = states.get(i)[1];
      second[i] = states.get(i)[2];
    }
    this.start = start;
    int[][] tables = new int[kind.length][];
    boolean[] accepts = new boolean[kind.length];
    long[] entries = {0};
    for (int i = 0; i < kind.length && entries[0] <= MAX_CLOSURE_ENTRIES; i++) {
      closureOf(i, tables, accepts, entries);
    }
    this.closures = entries[0] <= MAX_CLOSURE_ENTRIES ? tables : null;
    this.closureAccepts = accepts;
  }

  /** Fills the closure table of a state (splits have no cycles, so the recursion ends). */
  private int[] closureOf(int state, int[][] tables, boolean[] accepts, long[] entries) {
    if (tables[state] != null) {
      return tables[state];
    }
    if (entries[0] > MAX_CLOSURE_ENTRIES) {
      return new int[0]; // too large: the tables are dropped, this value is never used
    }
    int[] table;
    switch (kind[state]) {
      case CONSUME -> table = new int[] {state};
      case ACCEPT -> {
        table = new int[0];
        accepts[state] = true;
      }
      default -> {
        int[] preferred = closureOf(first[state], tables, accepts, entries);
        if (accepts[first[state]]) {
          table = preferred; // ACCEPT cuts the other choice
          accepts[state] = true;
        } else {
          int[] other = closureOf(second[state], tables, accepts, entries);
          table = java.util.Arrays.copyOf(preferred, preferred.length + other.length);
          System.arraycopy(other, 0, table, preferred.length, other.length);
          accepts[state] = accepts[second[state]];
        }
      }
    }
    entries[0] += table.length;
    tables[state] = table;
    return table;
  }

  /**
   * @throws IllegalArgumentException when the unrolled pattern has more than {@link #MAX_STATES} states
   */
  public static PatternNfa compile(Pattern pattern) {
    Builder b = new Builder();
    int accept = b.add(ACCEPT, -1, -1);
    int start = b.compile(pattern, accept);
    return new PatternNfa(b.states, start);
  }

  public int size() {
    return kind.length;
  }

  private static final class Builder {
    final List<int[]> states = new ArrayList<>();

    int add(int kind, int first, int second) {
      if (states.size() >= MAX_STATES) {
        throw new IllegalArgumentException("the pattern unrolls to more than " + MAX_STATES + " states");
      }
      states.add(new int[] {kind, first, second});
      return states.size() - 1;
    }

    /** Compiles {@code p} so that it continues at {@code next}; returns its entry state. */
    int compile(Pattern p, int next) {
      if (p instanceof Pattern.Var v) {
        return add(CONSUME, v.variable(), next);
      }
      if (p instanceof Pattern.Seq s) {
        int entry = next;
        for (int i = s.terms().size() - 1; i >= 0; i--) {
          entry = compile(s.terms().get(i), entry);
        }
        return entry;
      }
      if (p instanceof Pattern.Alt a) {
        int entry = compile(a.alternatives().get(a.alternatives().size() - 1), next);
        for (int i = a.alternatives().size() - 2; i >= 0; i--) {
          entry = add(SPLIT, compile(a.alternatives().get(i), next), entry);
        }
        return entry;
      }
      Pattern.Repeat r = (Pattern.Repeat) p;
      int entry;
      if (r.max() < 0) {
        // a loop: split between another repetition (which comes back here) and leaving
        int loop = add(SPLIT, -1, -1);
        int body = compile(r.term(), loop);
        states.get(loop)[1] = r.reluctant() ? next : body;
        states.get(loop)[2] = r.reluctant() ? body : next;
        entry = loop;
      } else {
        entry = next;
        for (int i = r.min(); i < r.max(); i++) {
          int body = compile(r.term(), entry);
          entry = r.reluctant() ? add(SPLIT, next, body) : add(SPLIT, body, next);
        }
      }
      for (int i = 0; i < r.min(); i++) {
        entry = compile(r.term(), entry);
      }
      return entry;
    }
  }
}
