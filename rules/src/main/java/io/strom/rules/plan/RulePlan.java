package io.strom.rules.plan;

import static java.util.Objects.requireNonNull;

import io.strom.rules.data.Column;
import io.strom.rules.data.StreamSchema;
import java.util.List;

/**
 * A fully analyzed rule: what the executors run. {@code projection.get(i)} computes
 * {@code output.get(i)}; without aggregation it reads the input row, with aggregation the
 * aggregated row, with a pattern the match row ({@link PatternPlan#matchColumns()}).
 * {@code keyOutputIndexes} lists the output positions of the key columns. With a {@code join},
 * {@code source} is the first source and the expressions read the joined row ({@link JoinPlan});
 * {@code rekey} is the PARTITION BY, or null.
 */
public record RulePlan(String name, boolean table, String topic, StreamSchema source, List<Column> output,
    Expr where, List<Expr> projection, List<Integer> keyOutputIndexes, Aggregation aggregation, PatternPlan pattern,
    Rekey rekey, JoinPlan join) {

  public RulePlan {
    requireNonNull(name, "name");
    requireNonNull(source, "source");
    output = List.copyOf(output);
    projection = List.copyOf(projection);
    keyOutputIndexes = List.copyOf(keyOutputIndexes);
  }

  /** A rule without PARTITION BY or joins. */
  public RulePlan(String name, boolean table, String topic, StreamSchema source, List<Column> output, Expr where,
      List<Expr> projection, List<Integer> keyOutputIndexes, Aggregation aggregation, PatternPlan pattern) {
    this(name, table, topic, source, output, where, projection, keyOutputIndexes, aggregation, pattern, null, null);
  }

  /** The sources a rule reads: the joined ones in FROM order, else its one source. */
  public List<StreamSchema> sources() {
    return join == null ? List.of(source) : join.sources().stream().map(JoinPlan.Source::schema).toList();
  }

  /** A rule without MATCH_RECOGNIZE. */
  public RulePlan(String name, boolean table, String topic, StreamSchema source, List<Column> output, Expr where,
      List<Expr> projection, List<Integer> keyOutputIndexes, Aggregation aggregation) {
    this(name, table, topic, source, output, where, projection, keyOutputIndexes, aggregation, null, null, null);
  }
}
