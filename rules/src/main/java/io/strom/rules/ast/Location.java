package io.strom.rules.ast;

/** A position in the rule text: 1-based line, 1-based column (as editors show them). */
public record Location(int line, int column) {

  public static final Location UNKNOWN = new Location(1, 1);

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
