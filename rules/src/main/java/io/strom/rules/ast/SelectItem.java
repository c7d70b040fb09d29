package io.strom.rules.ast;

import static java.util.Objects.requireNonNull;

/** One item of a SELECT list. */
public sealed interface SelectItem {

  Location location();

  /** {@code expression [AS alias]}; {@code alias} is null when none was given. */
  record Single(Expression expression, Identifier alias, Location location) implements SelectItem {
    public Single {
      requireNonNull(expression, "expression");
    }
  }

  /** {@code *} or {@code qualifier.*}; {@code qualifier} is null for a bare star. */
  record All(Identifier qualifier, Location location) implements SelectItem {}
}
