package io.strom.rules.runtime.pattern;

/**
 * {@code AFTER MATCH SKIP ...}: where the next match may start. TO FIRST / TO LAST name a variable;
 * when the match has no row of it, or the row is the match's first (which would find the same
 * match again), the next match starts at the row after the first, as with TO NEXT ROW.
 */
public record AfterMatch(Kind kind, int variable) {

  public enum Kind { PAST_LAST_ROW, TO_NEXT_ROW, TO_FIRST, TO_LAST }

  /** The partition-local row number where the next match may start, for a match starting at {@code start}. */
  long nextStart(long start, MatchNode last) {
    long target = switch (kind) {
      case PAST_LAST_ROW -> start + last.length();
      case TO_NEXT_ROW -> start + 1;
      case TO_FIRST -> position(start, last.firstPosition(variable));
      case TO_LAST -> position(start, last.lastPosition(variable));
    };
    return Math.max(target, start + 1);
  }

  private static long position(long start, int position) {
    return position < 0 ? start + 1 : start + position;
  }
}
