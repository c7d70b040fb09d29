package io.strom.rules.contract;

import static java.util.Objects.requireNonNull;

/** One problem found in a rule script, at a 1-based line and column. */
public record RuleError(int line, int column, String message) {

  public RuleError {
    requireNonNull(message, "message");
  }

  /** {@code LINE:COL: message}, the form the CLI prefixes with the file name. */
  @Override
  public String toString() {
    return line + ":" + column + ": " + message;
  }
}
