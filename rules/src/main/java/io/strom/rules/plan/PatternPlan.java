package io.strom.rules.plan;

import static java.util.Objects.requireNonNull;

import io.strom.rules.data.Column;
import io.strom.rules.runtime.pattern.AfterMatch;
import io.strom.rules.runtime.pattern.Pattern;
import java.util.List;

/**
 * An analyzed {@code MATCH_RECOGNIZE}: the pattern over numbered variables, the partition key and
 * DEFINE conditions (on input rows, {@link Expr.Navigation} and {@link Expr.MatchAggregate}
 * reading the match so far), the MEASURES (on the complete match), and the columns of the match
 * row that the rule's SELECT list reads: the PARTITION BY columns, then the measures.
 *
 * @param defines one per variable; null where the variable has no DEFINE (always true)
 * @param withinMillis -1 without WITHIN
 * @param text the pattern as written, normalized: part of the state's fingerprint
 */
public record PatternPlan(List<String> variables, Pattern pattern, List<Expr> partitionBy, List<Expr> defines,
    List<Expr> measures, List<Column> matchColumns, AfterMatch afterMatch, long withinMillis, long graceMillis,
    String text) {

  public PatternPlan {
    variables = List.copyOf(variables);
    requireNonNull(pattern, "pattern");
    partitionBy = List.copyOf(partitionBy);
    defines = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(defines));
    measures = List.copyOf(measures);
    matchColumns = List.copyOf(matchColumns);
    requireNonNull(afterMatch, "afterMatch");
  }
}
