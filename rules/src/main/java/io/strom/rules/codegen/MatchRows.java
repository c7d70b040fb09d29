package io.strom.rules.codegen;

/**
 * The rows of a pattern match as DEFINE and MEASURES read them: in DEFINE the rows mapped so far
 * plus the current row (tentatively mapped to the variable being defined), in MEASURES the
 * complete match. Positions are 0-based from the match's first row.
 */
public interface MatchRows {

  int size();

  /** The variable the row at {@code position} is mapped to. */
  int variable(int position);

  /** The source columns of the row at {@code position}. */
  Object[] row(int position);

  /** The event time of the row at {@code position}. */
  long time(int position);
}
