package io.strom.rules.plan;

import java.util.List;

/**
 * {@code PARTITION BY e1, e2, ...}: the output key is these expressions' values (read from the
 * projected key columns). For a record without a value, ksqlDB still computes the key of an
 * expression that reads nothing but the old key columns ({@code keyOnly}: constants too); any other is null.
 */
public record Rekey(List<Expr> expressions, List<Boolean> keyOnly) {

  public Rekey {
    expressions = List.copyOf(expressions);
    keyOnly = List.copyOf(keyOnly);
  }
}
