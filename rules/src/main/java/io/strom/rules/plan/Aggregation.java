package io.strom.rules.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The aggregating part of a rule: group keys and aggregate arguments are evaluated on input rows;
 * HAVING and the projection run on the aggregated row ({@link Expr.GroupKey},
 * {@link Expr.AggregateResult}, {@link Expr.WindowBound}).
 *
 * @param window null for a non-windowed aggregation
 * @param emitFinal EMIT FINAL (one result per window when it closes) rather than EMIT CHANGES
 */
public record Aggregation(List<Expr> groupBy, List<AggregateCall> aggregates, Expr having, WindowPlan window,
    boolean emitFinal) {

  public Aggregation {
    groupBy = List.copyOf(groupBy);
    aggregates = List.copyOf(aggregates);
    requireNonNull(aggregates, "aggregates");
  }
}
