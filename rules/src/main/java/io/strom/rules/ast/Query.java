package io.strom.rules.ast;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * {@code SELECT ... FROM source [MATCH_RECOGNIZE (...)] [WINDOW ...] [WHERE] [GROUP BY] [PARTITION BY] [HAVING] [EMIT]}.
 * Absent clauses are null; {@code groupBy} is null without GROUP BY.
 */
public record Query(List<SelectItem> select, Relation from, List<Join> joins, MatchRecognize matchRecognize, WindowClause window, Expression where,
    List<Expression> groupBy, Location groupByLocation, List<Expression> partitionBy, Expression having,
    Emit emit, Location emitLocation, Integer limit, Location location) {

  public enum Emit { CHANGES, FINAL }

  /** The source of a query: a name and an optional alias. */
  public record Relation(Identifier name, Identifier alias, Location location) {
    public Relation {
      requireNonNull(name, "name");
    }
  }

  /** {@code INNER}, {@code LEFT [OUTER]}, {@code RIGHT [OUTER]}, {@code FULL [OUTER]}. */
  public enum JoinType { INNER, LEFT, RIGHT, FULL }

  /**
   * {@code WITHIN before/after [GRACE PERIOD grace]} of a stream-stream join; {@code grace} is null
   * without GRACE PERIOD (ksqlDB then keeps Kafka Streams' old default of 24 h minus the window).
   */
  public record JoinWindow(java.time.Duration before, java.time.Duration after, java.time.Duration grace, Location location) {}

  /** {@code <type> JOIN right [WITHIN ...] ON condition}, in FROM order (left-deep). */
  public record Join(JoinType type, Relation right, JoinWindow within, Expression on, Location location) {}

  /** A query over one source (no joins). */
  public Query(List<SelectItem> select, Relation from, MatchRecognize matchRecognize, WindowClause window, Expression where,
      List<Expression> groupBy, Location groupByLocation, List<Expression> partitionBy, Expression having,
      Emit emit, Location emitLocation, Integer limit, Location location) {
    this(select, from, List.of(), matchRecognize, window, where, groupBy, groupByLocation, partitionBy, having, emit,
        emitLocation, limit, location);
  }

  public Query {
    joins = joins == null ? List.of() : List.copyOf(joins);
    select = List.copyOf(select);
    requireNonNull(from, "from");
    groupBy = groupBy == null ? null : List.copyOf(groupBy);
    partitionBy = partitionBy == null ? null : List.copyOf(partitionBy);
  }
}
