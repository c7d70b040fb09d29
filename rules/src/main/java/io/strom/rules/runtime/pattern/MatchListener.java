package io.strom.rules.runtime.pattern;

/** Receives the matches of a {@link PatternState}, in the order SQL's semantics finds them per key. */
public interface MatchListener {

  /** A complete match of the rows of {@code key}; {@code last} is its last row, linked to the earlier ones. */
  void onMatch(Object key, MatchNode last);

  /** A record later than the grace period: it was not matched. */
  void onLate(long lateByMillis);
}
