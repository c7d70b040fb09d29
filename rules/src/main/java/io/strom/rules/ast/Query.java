package io.strom.rules.ast;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * {@code SELECT ... FROM source [MATCH_RECOGNIZE (...)] [WINDOW ...] [WHERE] [GROUP BY] [PARTITION BY] [HAVING] [EMIT]}.
 * Absent clauses are null; {@code groupBy} is null without GROUP BY.
 */
public record Query(List<SelectItem> select, Relation from, MatchRecognize matchRecognize, WindowClause window, Expression where,
    List<Expression> groupBy, Location groupByLocation, List<Expression> partitionBy, Expression having,
    Emit emit, Location emitLocation, Integer limit, Location location) {

  public enum Emit { CHANGES, FINAL }

  /** The source of a query: a name and an optional alias. */
  public record Relation(Identifier name, Identifier alias, Location location) {
    public Relation {
      requireNonNull(name, "name");
    }
  }

  public Query {
    select = List.copyOf(select);
    requireNonNull(from, "from");
    groupBy = groupBy == null ? null : List.copyOf(groupBy);
    partitionBy = partitionBy == null ? null : List.copyOf(partitionBy);
  }
}
