package io.strom.rules.runtime.pattern;

import java.util.List;

/**
 * A row pattern with its variables numbered: what {@link PatternNfa} compiles. Preference order
 * (SQL:2016): alternatives left to right; greedy repetitions prefer more rows, reluctant fewer.
 */
public sealed interface Pattern {

  /** True when the pattern can match zero rows. */
  boolean nullable();

  record Var(int variable) implements Pattern {
    @Override
    public boolean nullable() {
      return false;
    }
  }

  record Seq(List<Pattern> terms) implements Pattern {
    public Seq {
      terms = List.copyOf(terms);
    }

    @Override
    public boolean nullable() {
      return terms.stream().allMatch(Pattern::nullable);
    }
  }

  record Alt(List<Pattern> alternatives) implements Pattern {
    public Alt {
      alternatives = List.copyOf(alternatives);
    }

    @Override
    public boolean nullable() {
      return alternatives.stream().anyMatch(Pattern::nullable);
    }
  }

  /** {@code term{min,max}}; {@code max} -1 for unbounded. */
  record Repeat(Pattern term, int min, int max, boolean reluctant) implements Pattern {
    @Override
    public boolean nullable() {
      return min == 0 || term.nullable();
    }
  }
}
