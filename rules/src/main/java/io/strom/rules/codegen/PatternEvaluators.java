package io.strom.rules.codegen;

import io.strom.rules.data.Row;
import io.strom.rules.plan.Expr;
import io.strom.rules.types.SqlType.Kind;
import java.math.BigDecimal;

/** Evaluators of the pattern navigation and aggregates, over {@link EvalContext#match}. */
final class PatternEvaluators {

  private PatternEvaluators() {}

  static Evaluator navigation(Expr.Navigation n) {
    int variable = n.variable();
    int offset = n.offset();
    int column = n.column();
    Expr.Navigate navigate = n.navigate();
    return new Evaluator() {
      @Override
      public Object eval(EvalContext c) {
        MatchRows m = c.match;
        int position = switch (navigate) {
          case FIRST -> nth(m, variable, offset, true);
          case LAST -> nth(m, variable, offset, false);
          case PREV -> {
            int last = nth(m, variable, 0, false);
            yield last < 0 ? -1 : last - offset;
          }
        };
        if (position < 0) {
          return null;
        }
        return column < 0 ? (Object) m.time(position) : m.row(position)[column];
      }
    };
  }

  /** The position of the {@code n}-th row of {@code variable} counted from the first (or last) one, or -1. */
  static int nth(MatchRows m, int variable, int n, boolean fromFirst) {
    int size = m.size();
    int seen = 0;
    for (int i = 0; i < size; i++) {
      int position = fromFirst ? i : size - 1 - i;
      if (variable < 0 || m.variable(position) == variable) {
        if (seen++ == n) {
          return position;
        }
      }
    }
    return -1;
  }

  static Evaluator aggregate(Expr.MatchAggregate a) {
    int variable = a.variable();
    Evaluator argument = a.argument() == null ? null : ExprCompiler.compile(a.argument());
    Kind kind = a.type().kind();
    String function = a.function();
    return new Evaluator() {
      @Override
      public Object eval(EvalContext c) {
        MatchRows m = c.match;
        EvalContext row = new EvalContext();
        long count = 0;
        long longSum = 0;
        double doubleSum = 0;
        BigDecimal decimalSum = BigDecimal.ZERO;
        Comparable<Object> extreme = null;
        for (int i = 0; i < m.size(); i++) {
          if (variable >= 0 && m.variable(i) != variable) {
            continue;
          }
          Object v = null;
          if (argument != null) {
            row.row = Row.of(m.row(i));
            row.rowTime = m.time(i);
            v = argument.eval(row);
            if (v == null) {
              continue;
            }
          }
          count++;
          switch (function) {
            case "SUM", "AVG" -> {
              if (v instanceof BigDecimal d) {
                decimalSum = decimalSum.add(d);
              } else if (v instanceof Double d) {
                doubleSum += d;
              } else {
                longSum = Math.addExact(longSum, ((Number) v).longValue());
              }
            }
            case "MIN", "MAX" -> {
              @SuppressWarnings("unchecked")
              Comparable<Object> value = (Comparable<Object>) v;
              int order = extreme == null ? 0 : value.compareTo(extreme);
              if (extreme == null || (function.equals("MIN") ? order < 0 : order > 0)) {
                extreme = value;
              }
            }
            default -> { } // COUNT
          }
        }
        return switch (function) {
          case "COUNT" -> count;
          case "MIN", "MAX" -> extreme;
          case "AVG" -> count == 0 ? null : (doubleSum + longSum + decimalSum.doubleValue()) / count;
          default -> count == 0 ? null : switch (kind) {
            case INTEGER -> Math.toIntExact(longSum);
            case BIGINT -> longSum;
            case DOUBLE -> doubleSum;
            default -> decimalSum;
          };
        };
      }
    };
  }
}
