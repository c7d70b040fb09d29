package io.strom.rules.ast;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * {@code MATCH_RECOGNIZE (...)} after a FROM source: SQL:2016 row pattern recognition, in Flink
 * SQL's clause order. {@code orderBy}, {@code within} and {@code grace} are null when not given.
 */
public record MatchRecognize(List<Expression> partitionBy, Expression orderBy, List<Measure> measures,
    SkipTo skipTo, PatternTerm pattern, Duration within, Duration grace, List<Define> defines, Identifier alias,
    Location location) {

  public MatchRecognize {
    partitionBy = List.copyOf(partitionBy);
    measures = List.copyOf(measures);
    requireNonNull(skipTo, "skipTo");
    requireNonNull(pattern, "pattern");
    defines = List.copyOf(defines);
    requireNonNull(location, "location");
  }

  /** {@code expression AS name} in MEASURES. */
  public record Measure(Expression expression, Identifier name, Location location) {
    public Measure {
      requireNonNull(expression, "expression");
      requireNonNull(name, "name");
    }
  }

  /** {@code variable AS condition} in DEFINE. */
  public record Define(Identifier variable, Expression condition, Location location) {
    public Define {
      requireNonNull(variable, "variable");
      requireNonNull(condition, "condition");
    }
  }

  public enum SkipKind { PAST_LAST_ROW, TO_NEXT_ROW, TO_FIRST, TO_LAST }

  /** {@code AFTER MATCH SKIP ...}; {@code variable} only for TO FIRST / TO LAST. */
  public record SkipTo(SkipKind kind, Identifier variable, Location location) {
    public SkipTo {
      requireNonNull(kind, "kind");
    }
  }

  /** A row pattern as written: variables, concatenation, alternation and quantifiers. */
  public sealed interface PatternTerm {
    Location location();
  }

  public record Variable(Identifier name, Location location) implements PatternTerm {
    public Variable {
      requireNonNull(name, "name");
    }
  }

  public record Concatenation(List<PatternTerm> terms, Location location) implements PatternTerm {
    public Concatenation {
      terms = List.copyOf(terms);
    }
  }

  /** {@code a | b | ...}: the first alternative that leads to a match is preferred. */
  public record Alternation(List<PatternTerm> alternatives, Location location) implements PatternTerm {
    public Alternation {
      alternatives = List.copyOf(alternatives);
    }
  }

  /**
   * {@code term{min,max}}; {@code max} is -1 when unbounded. Greedy prefers more repetitions,
   * reluctant ({@code ?} suffix) fewer.
   */
  public record Quantified(PatternTerm term, int min, int max, boolean reluctant, Location location)
      implements PatternTerm {
    public Quantified {
      requireNonNull(term, "term");
    }
  }
}
