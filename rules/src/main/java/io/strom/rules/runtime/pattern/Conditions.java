package io.strom.rules.runtime.pattern;

/** The DEFINE conditions of a pattern, evaluated by the execution layer. */
public interface Conditions {

  /**
   * Whether {@code row} (at event time {@code time}) may be mapped to {@code variable} after the
   * rows of {@code matchSoFar} (null before the first row of a match).
   */
  boolean test(int variable, MatchNode matchSoFar, Object[] row, long time);
}
