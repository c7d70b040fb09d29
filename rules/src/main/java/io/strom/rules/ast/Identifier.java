package io.strom.rules.ast;

import static java.util.Objects.requireNonNull;

/**
 * A name as written in the rule. Unquoted names are upper-cased (ksqlDB's rule), back-quoted or
 * double-quoted ones keep their case.
 */
public record Identifier(String name, boolean quoted, Location location) {

  public Identifier {
    requireNonNull(name, "name");
    requireNonNull(location, "location");
  }

  @Override
  public String toString() {
    return name;
  }
}
