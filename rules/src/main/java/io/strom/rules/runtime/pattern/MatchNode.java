package io.strom.rules.runtime.pattern;

/**
 * One row of a (partial) match mapped to a variable, linked to the rows before it. Immutable and
 * shared: runs that branch from one another share their common prefix.
 */
public final class MatchNode {

  final Object[] row;
  final long time;
  final int variable;
  final MatchNode previous;
  /** The number of rows of the match up to and including this one. */
  final int length;

  MatchNode(Object[] row, long time, int variable, MatchNode previous) {
    this.row = row;
    this.time = time;
    this.variable = variable;
    this.previous = previous;
    this.length = previous == null ? 1 : previous.length + 1;
  }

  public Object[] row() {
    return row;
  }

  public long time() {
    return time;
  }

  public int variable() {
    return variable;
  }

  public MatchNode previous() {
    return previous;
  }

  public int length() {
    return length;
  }

  /** The node at a 0-based position of the match (0 is its first row). */
  public MatchNode at(int position) {
    MatchNode n = this;
    for (int i = length - 1; i > position; i--) {
      n = n.previous;
    }
    return n;
  }

  /** Position of the first (0-based) row mapped to {@code variable}, or -1. */
  public int firstPosition(int variable) {
    int found = -1;
    for (MatchNode n = this; n != null; n = n.previous) {
      if (n.variable == variable) {
        found = n.length - 1;
      }
    }
    return found;
  }

  /** Position of the last row mapped to {@code variable}, or -1. */
  public int lastPosition(int variable) {
    for (MatchNode n = this; n != null; n = n.previous) {
      if (n.variable == variable) {
        return n.length - 1;
      }
    }
    return -1;
  }
}
