package io.strom.rules.plan;

import static java.util.Objects.requireNonNull;

import io.strom.rules.runtime.aggregate.AggregateFunction;
import io.strom.rules.types.SqlType;
import java.util.List;

/**
 * One aggregate function call of a rule, e.g. {@code SUM(amount)}.
 *
 * @param function upper-case name (COUNT, SUM, AVG, MIN, MAX, COUNT_DISTINCT, TOPK, ...)
 * @param arguments column arguments, evaluated per input record (empty for {@code COUNT(*)})
 * @param parameters literal parameters after the column argument, e.g. the 3 of {@code TOPK(x, 3)}
 *     or the {@code 2, false} of {@code LATEST_BY_OFFSET(x, 2, false)}
 * @param argumentType type of the first argument (null for {@code COUNT(*)})
 * @param returnType the aggregate's result type
 * @param implementation the resolved runtime function (accumulator factory, stateless)
 * @param sql the call as written, for messages
 */
public record AggregateCall(String function, List<Expr> arguments, List<Object> parameters, SqlType argumentType,
    SqlType returnType, AggregateFunction implementation, String sql) {

  public AggregateCall {
    requireNonNull(function, "function");
    arguments = List.copyOf(arguments);
    parameters = List.copyOf(parameters);
    requireNonNull(returnType, "returnType");
    requireNonNull(implementation, "implementation");
  }
}
