package io.strom.rules.codegen;

import io.strom.rules.ast.Expression.ArithmeticOp;
import io.strom.rules.ast.Expression.ComparisonOp;
import io.strom.rules.functions.Functions;
import io.strom.rules.functions.ScalarFunction;
import io.strom.rules.plan.Expr;
import io.strom.rules.types.Coercions;
import io.strom.rules.types.SqlType;
import io.strom.rules.types.SqlType.Kind;
import io.strom.rules.types.StructValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Turns an analyzed expression into a tree of {@link Evaluator}s, choosing per node the code for
 * its types (long, double, BigDecimal or String comparisons, constant operands folded into the
 * node). Runs once per rule; nothing is resolved per record.
 */
public final class ExprCompiler {

  private ExprCompiler() {}

  public static Evaluator compile(Expr e) {
    if (e instanceof Expr.Constant k) {
      return new Constant(k.value());
    }
    if (e instanceof Expr.ColumnValue c) {
      return new ColumnValue(c.index());
    }
    if (e instanceof Expr.RowTime) {
      return new Evaluator() {
        @Override
        public Object eval(EvalContext c) {
          return c.rowTime;
        }
      };
    }
    if (e instanceof Expr.WindowBound w) {
      return w.start() ? new Evaluator() {
        @Override
        public Object eval(EvalContext c) {
          return c.windowStart;
        }
      } : new Evaluator() {
        @Override
        public Object eval(EvalContext c) {
          return c.windowEnd;
        }
      };
    }
    if (e instanceof Expr.GroupKey g) {
      int i = g.index();
      return new Evaluator() {
        @Override
        public Object eval(EvalContext c) {
          return c.groupKey[i];
        }
      };
    }
    if (e instanceof Expr.AggregateResult a) {
      int i = a.index();
      return new Evaluator() {
        @Override
        public Object eval(EvalContext c) {
          return c.aggregates.get(i);
        }
      };
    }
    if (e instanceof Expr.Navigation n) {
      return PatternEvaluators.navigation(n);
    }
    if (e instanceof Expr.MatchAggregate a) {
      return PatternEvaluators.aggregate(a);
    }
    if (e instanceof Expr.Arithmetic a) {
      return arithmetic(a);
    }
    if (e instanceof Expr.Negate n) {
      Evaluator operand = compile(n.operand());
      Kind kind = n.type().kind();
      return new Evaluator() {
        @Override
        public Object eval(EvalContext c) {
          Object v = operand.eval(c);
          if (v == null) {
            return null;
          }
          return switch (kind) {
            case INTEGER -> -(Integer) v;
            case BIGINT -> -(Long) v;
            case DOUBLE -> -(Double) v;
            default -> ((BigDecimal) v).negate();
          };
        }
      };
    }
    if (e instanceof Expr.Comparison c) {
      return comparison(c);
    }
    if (e instanceof Expr.DistinctFrom d) {
      Evaluator left = compile(d.left());
      Evaluator right = compile(d.right());
      boolean not = d.not();
      return new Predicate() {
        @Override
        public boolean test(EvalContext c) {
          Object l = left.eval(c);
          Object r = right.eval(c);
          boolean same = l == null || r == null ? l == r
              : l instanceof BigDecimal bl ? bl.compareTo((BigDecimal) r) == 0 : l.equals(r);
          return not == same;
        }
      };
    }
    if (e instanceof Expr.And a) {
      return new And(compile(a.left()), compile(a.right()));
    }
    if (e instanceof Expr.Or o) {
      return new Or(compile(o.left()), compile(o.right()));
    }
    if (e instanceof Expr.Not n) {
      Evaluator operand = compile(n.operand());
      return new Evaluator() {
        @Override
        public Object eval(EvalContext c) {
          Object v = operand.eval(c);
          return v == null ? null : !(Boolean) v;
        }

        @Override
        public boolean test(EvalContext c) {
          Object v = operand.eval(c);
          return v != null && !(Boolean) v;
        }
      };
    }
    if (e instanceof Expr.IsNull n) {
      Evaluator operand = compile(n.operand());
      boolean not = n.not();
      return new Predicate() {
        @Override
        public boolean test(EvalContext c) {
          return (operand.eval(c) == null) != not;
        }
      };
    }
    if (e instanceof Expr.Between b) {
      Cmp cmp = comparator(b.value().type());
      Evaluator value = compile(b.value());
      Evaluator lower = compile(b.lower());
      Evaluator upper = compile(b.upper());
      boolean not = b.not();
      return new Predicate() {
        @Override
        public boolean test(EvalContext c) {
          Object v = value.eval(c);
          Object lo = lower.eval(c);
          Object hi = upper.eval(c);
          boolean in = v != null && lo != null && hi != null && cmp.compare(v, lo) >= 0 && cmp.compare(v, hi) <= 0;
          return in != not;
        }
      };
    }
    if (e instanceof Expr.In i) {
      Cmp cmp = comparator(i.value().type());
      Evaluator value = compile(i.value());
      Evaluator[] items = i.items().stream().map(ExprCompiler::compile).toArray(Evaluator[]::new);
      boolean not = i.not();
      return new Predicate() {
        @Override
        public boolean test(EvalContext c) {
          Object v = value.eval(c);
          boolean found = false;
          if (v != null) {
            for (Evaluator item : items) {
              Object x = item.eval(c);
              if (x != null && cmp.compare(v, x) == 0) {
                found = true;
                break;
              }
            }
          }
          return found != not;
        }
      };
    }
    if (e instanceof Expr.Like l) {
      return like(l);
    }
    if (e instanceof Expr.Case k) {
      Evaluator[] conditions = k.conditions().stream().map(ExprCompiler::compile).toArray(Evaluator[]::new);
      Evaluator[] results = k.results().stream().map(ExprCompiler::compile).toArray(Evaluator[]::new);
      Evaluator otherwise = k.elseResult() == null ? new Constant(null) : compile(k.elseResult());
      return new Evaluator() {
        @Override
        public Object eval(EvalContext c) {
          for (int i = 0; i < conditions.length; i++) {
            if (conditions[i].test(c)) {
              return results[i].eval(c);
            }
          }
          return otherwise.eval(c);
        }
      };
    }
    if (e instanceof Expr.Convert v) {
      return convert(v);
    }
    if (e instanceof Expr.Call call) {
      return call(call);
    }
    if (e instanceof Expr.ArrayOf a) {
      Evaluator[] items = a.items().stream().map(ExprCompiler::compile).toArray(Evaluator[]::new);
      return new Evaluator() {
        @Override
        public Object eval(EvalContext c) {
          Object[] values = new Object[items.length];
          for (int i = 0; i < items.length; i++) {
            values[i] = items[i].eval(c);
          }
          return Collections.unmodifiableList(Arrays.asList(values));
        }
      };
    }
    if (e instanceof Expr.Subscript s) {
      Evaluator base = compile(s.base());
      Evaluator index = compile(s.index());
      boolean array = s.base().type().kind() == Kind.ARRAY;
      return new Evaluator() {
        @Override
        public Object eval(EvalContext c) {
          Object b = base.eval(c);
          Object i = index.eval(c);
          if (b == null || i == null) {
            return null;
          }
          if (!array) {
            return ((Map<?, ?>) b).get(i);
          }
          List<?> list = (List<?>) b;
          int at = (Integer) i;
          int pos = at > 0 ? at - 1 : list.size() + at;
          return at == 0 || pos < 0 || pos >= list.size() ? null : list.get(pos);
        }
      };
    }
    Expr.Field f = (Expr.Field) e;
    Evaluator base = compile(f.base());
    int field = f.fieldIndex();
    return new Evaluator() {
      @Override
      public Object eval(EvalContext c) {
        Object b = base.eval(c);
        return b == null ? null : ((StructValue) b).get(field);
      }
    };
  }

  /** A BOOLEAN expression that is never null: eval boxes {@link #test}. */
  private abstract static class Predicate extends Evaluator {
    @Override
    public final Object eval(EvalContext c) {
      return test(c);
    }

    @Override
    public abstract boolean test(EvalContext c);
  }

  private static final class Constant extends Evaluator {
    private final Object value;
    private final boolean truth;

    Constant(Object value) {
      this.value = value;
      this.truth = Boolean.TRUE.equals(value);
    }

    @Override
    public Object eval(EvalContext c) {
      return value;
    }

    @Override
    public boolean test(EvalContext c) {
      return truth;
    }
  }

  private static final class ColumnValue extends Evaluator {
    private final int index;

    ColumnValue(int index) {
      this.index = index;
    }

    @Override
    public Object eval(EvalContext c) {
      return c.row.get(index);
    }
  }

  /** Three-valued AND; {@link #test} short-circuits. */
  private static final class And extends Evaluator {
    private final Evaluator left;
    private final Evaluator right;

    And(Evaluator left, Evaluator right) {
      this.left = left;
      this.right = right;
    }

    @Override
    public Object eval(EvalContext c) {
      Object l = left.eval(c);
      if (Boolean.FALSE.equals(l)) {
        return false;
      }
      Object r = right.eval(c);
      if (Boolean.FALSE.equals(r)) {
        return false;
      }
      return l == null || r == null ? null : Boolean.TRUE;
    }

    @Override
    public boolean test(EvalContext c) {
      return left.test(c) && right.test(c);
    }
  }

  /** Three-valued OR; {@link #test} short-circuits. */
  private static final class Or extends Evaluator {
    private final Evaluator left;
    private final Evaluator right;

    Or(Evaluator left, Evaluator right) {
      this.left = left;
      this.right = right;
    }

    @Override
    public Object eval(EvalContext c) {
      Object l = left.eval(c);
      if (Boolean.TRUE.equals(l)) {
        return true;
      }
      Object r = right.eval(c);
      if (Boolean.TRUE.equals(r)) {
        return true;
      }
      return l == null || r == null ? null : Boolean.FALSE;
    }

    @Override
    public boolean test(EvalContext c) {
      return left.test(c) || right.test(c);
    }
  }

  // ------------------------------------------------------------------ comparisons

  /** Compares two non-null values of one SQL type. */
  @FunctionalInterface
  interface Cmp {
    int compare(Object a, Object b);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Cmp comparator(SqlType type) {
    return switch (type.kind()) {
      case INTEGER, BIGINT -> (a, b) -> Long.compare(((Number) a).longValue(), ((Number) b).longValue());
      case DOUBLE -> (a, b) -> {
        double x = (Double) a;
        double y = (Double) b;
        return x < y ? -1 : x > y ? 1 : x == y ? 0 : Double.compare(x, y);
      };
      case ARRAY, MAP, STRUCT -> (a, b) -> a.equals(b) ? 0 : 1;
      default -> (a, b) -> ((Comparable) a).compareTo(b);
    };
  }

  private static Evaluator comparison(Expr.Comparison c) {
    ComparisonOp op = c.op();
    Kind kind = c.left().type().kind();
    Evaluator left = compile(c.left());
    if ((kind == Kind.INTEGER || kind == Kind.BIGINT) && c.right() instanceof Expr.Constant k && k.value() != null) {
      return new LongVsConstant(op, left, ((Number) k.value()).longValue());
    }
    if (kind == Kind.DOUBLE && c.right() instanceof Expr.Constant k && k.value() != null) {
      return new DoubleVsConstant(op, doubleSource(c.left()), (Double) k.value());
    }
    Evaluator right = compile(c.right());
    Cmp cmp = comparator(c.left().type());
    boolean orderless = kind == Kind.ARRAY || kind == Kind.MAP || kind == Kind.STRUCT;
    return new Predicate() {
      @Override
      public boolean test(EvalContext ctx) {
        Object l = left.eval(ctx);
        if (l == null) {
          return false;
        }
        Object r = right.eval(ctx);
        if (r == null) {
          return false;
        }
        if (orderless) {
          return (op == ComparisonOp.EQUAL) == l.equals(r);
        }
        return holds(op, cmp.compare(l, r));
      }
    };
  }

  static boolean holds(ComparisonOp op, int cmp) {
    return switch (op) {
      case EQUAL -> cmp == 0;
      case NOT_EQUAL -> cmp != 0;
      case LESS_THAN -> cmp < 0;
      case LESS_THAN_OR_EQUAL -> cmp <= 0;
      case GREATER_THAN -> cmp > 0;
      case GREATER_THAN_OR_EQUAL -> cmp >= 0;
    };
  }

  private static final class LongVsConstant extends Predicate {
    private final ComparisonOp op;
    private final Evaluator left;
    private final long constant;

    LongVsConstant(ComparisonOp op, Evaluator left, long constant) {
      this.op = op;
      this.left = left;
      this.constant = constant;
    }

    @Override
    public boolean test(EvalContext c) {
      Object v = left.eval(c);
      if (v == null) {
        return false;
      }
      long x = ((Number) v).longValue();
      return switch (op) {
        case EQUAL -> x == constant;
        case NOT_EQUAL -> x != constant;
        case LESS_THAN -> x < constant;
        case LESS_THAN_OR_EQUAL -> x <= constant;
        case GREATER_THAN -> x > constant;
        case GREATER_THAN_OR_EQUAL -> x >= constant;
      };
    }
  }

  private static final class DoubleVsConstant extends Predicate {
    private final ComparisonOp op;
    private final DoubleSource left;
    private final double constant;

    DoubleVsConstant(ComparisonOp op, DoubleSource left, double constant) {
      this.op = op;
      this.left = left;
      this.constant = constant;
    }

    @Override
    public boolean test(EvalContext c) {
      boolean enclosing = c.isNull;
      c.isNull = false;
      double x = left.evalDouble(c);
      boolean isNull = c.isNull;
      c.isNull = enclosing;
      if (isNull) {
        return false;
      }
      return switch (op) {
        case EQUAL -> x == constant;
        case NOT_EQUAL -> x != constant;
        case LESS_THAN -> x < constant;
        case LESS_THAN_OR_EQUAL -> x <= constant;
        case GREATER_THAN -> x > constant;
        case GREATER_THAN_OR_EQUAL -> x >= constant;
      };
    }
  }

  // ------------------------------------------------------------------ arithmetic

  private static Evaluator arithmetic(Expr.Arithmetic a) {
    if (a.type().kind() == Kind.DOUBLE) {
      return new DoubleResult(doubleSource(a));
    }
    Evaluator left = compile(a.left());
    Evaluator right = compile(a.right());
    ArithmeticOp op = a.op();
    SqlType type = a.type();
    return switch (type.kind()) {
      case INTEGER -> new Evaluator() {
        @Override
        public Object eval(EvalContext c) {
          Object l = left.eval(c);
          Object r = right.eval(c);
          if (l == null || r == null) {
            return null;
          }
          int x = (Integer) l;
          int y = (Integer) r;
          return switch (op) {
            case ADD -> x + y;
            case SUBTRACT -> x - y;
            case MULTIPLY -> x * y;
            case DIVIDE -> x / y;
            case MODULUS -> x % y;
          };
        }
      };
      case BIGINT -> new Evaluator() {
        @Override
        public Object eval(EvalContext c) {
          Object l = left.eval(c);
          Object r = right.eval(c);
          if (l == null || r == null) {
            return null;
          }
          long x = (Long) l;
          long y = (Long) r;
          return switch (op) {
            case ADD -> x + y;
            case SUBTRACT -> x - y;
            case MULTIPLY -> x * y;
            case DIVIDE -> x / y;
            case MODULUS -> x % y;
          };
        }
      };
      case DECIMAL -> {
        int scale = type.scale();
        yield new Evaluator() {
          @Override
          public Object eval(EvalContext c) {
            Object l = left.eval(c);
            Object r = right.eval(c);
            if (l == null || r == null) {
              return null;
            }
            BigDecimal x = (BigDecimal) l;
            BigDecimal y = (BigDecimal) r;
            BigDecimal result = switch (op) {
              case ADD -> x.add(y);
              case SUBTRACT -> x.subtract(y);
              case MULTIPLY -> x.multiply(y);
              case DIVIDE -> x.divide(y, scale, RoundingMode.HALF_UP);
              case MODULUS -> x.remainder(y);
            };
            return result.setScale(scale, RoundingMode.HALF_UP);
          }
        };
      }
      default -> new Evaluator() { // STRING + STRING
        @Override
        public Object eval(EvalContext c) {
          Object l = left.eval(c);
          Object r = right.eval(c);
          return l == null || r == null ? null : (String) l + r;
        }
      };
    };
  }

  // ------------------------------------------------------------------ unboxed DOUBLE arithmetic

  /**
   * A DOUBLE expression evaluated without boxing: a null operand sets {@link EvalContext#isNull}
   * (and the value is then meaningless), so nested arithmetic boxes once, at the top.
   */
  abstract static class DoubleSource {
    abstract double evalDouble(EvalContext c);
  }

  /** Boxes the result of an unboxed DOUBLE tree once, or gives null when an operand was null. */
  private static final class DoubleResult extends Evaluator {
    private final DoubleSource source;

    DoubleResult(DoubleSource source) {
      this.source = source;
    }

    @Override
    public Object eval(EvalContext c) {
      boolean enclosing = c.isNull; // this may sit inside another unboxed tree (e.g. in a CASE)
      c.isNull = false;
      double value = source.evalDouble(c);
      boolean isNull = c.isNull;
      c.isNull = enclosing;
      return isNull ? null : value;
    }
  }

  private static DoubleSource doubleSource(Expr e) {
    if (e instanceof Expr.Constant k && k.value() != null) {
      double value = ((Number) k.value()).doubleValue();
      return new DoubleSource() {
        @Override
        double evalDouble(EvalContext c) {
          return value;
        }
      };
    }
    if (e instanceof Expr.ColumnValue col && col.type().kind() == Kind.DOUBLE) {
      int index = col.index();
      return new DoubleSource() {
        @Override
        double evalDouble(EvalContext c) {
          Object v = c.row.get(index);
          if (v == null) {
            c.isNull = true;
            return 0;
          }
          return (Double) v;
        }
      };
    }
    if (e instanceof Expr.Arithmetic a && a.type().kind() == Kind.DOUBLE) {
      DoubleSource l = doubleSource(a.left());
      DoubleSource r = doubleSource(a.right());
      return switch (a.op()) {
        case ADD -> new DoubleSource() {
          @Override
          double evalDouble(EvalContext c) {
            return l.evalDouble(c) + r.evalDouble(c);
          }
        };
        case SUBTRACT -> new DoubleSource() {
          @Override
          double evalDouble(EvalContext c) {
            return l.evalDouble(c) - r.evalDouble(c);
          }
        };
        case MULTIPLY -> new DoubleSource() {
          @Override
          double evalDouble(EvalContext c) {
            return l.evalDouble(c) * r.evalDouble(c);
          }
        };
        case DIVIDE -> new DoubleSource() {
          @Override
          double evalDouble(EvalContext c) {
            return l.evalDouble(c) / r.evalDouble(c);
          }
        };
        case MODULUS -> new DoubleSource() {
          @Override
          double evalDouble(EvalContext c) {
            return l.evalDouble(c) % r.evalDouble(c);
          }
        };
      };
    }
    Expr boxedExpr = e instanceof Expr.Convert cv && cv.operand().type().isNumeric() ? cv.operand() : e;
    Evaluator boxed = compile(boxedExpr); // any other DOUBLE-valued (or widened numeric) expression
    return new DoubleSource() {
      @Override
      double evalDouble(EvalContext c) {
        Object v = boxed.eval(c);
        if (v == null) {
          c.isNull = true;
          return 0;
        }
        return ((Number) v).doubleValue();
      }
    };
  }

  // ------------------------------------------------------------------ LIKE

  private static Evaluator like(Expr.Like l) {
    Evaluator value = compile(l.value());
    Character escape = l.escape();
    boolean not = l.not();
    if (l.pattern() instanceof Expr.Constant k) {
      if (k.value() == null) {
        return new Constant(false);
      }
      Pattern pattern = likePattern((String) k.value(), escape);
      return new Predicate() {
        @Override
        public boolean test(EvalContext c) {
          Object v = value.eval(c);
          return v != null && pattern.matcher((String) v).matches() != not;
        }
      };
    }
    Evaluator patternEval = compile(l.pattern());
    return new Predicate() {
      @Override
      public boolean test(EvalContext c) {
        Object v = value.eval(c);
        Object p = patternEval.eval(c);
        return v != null && p != null && likePattern((String) p, escape).matcher((String) v).matches() != not;
      }
    };
  }

  /** SQL LIKE as a regular expression: {@code %} any run, {@code _} one character, escape makes them literal. */
  static Pattern likePattern(String like, Character escape) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < like.length(); i++) {
      char ch = like.charAt(i);
      if (escape != null && ch == escape && i + 1 < like.length()) {
        literal.append(like.charAt(++i));
        continue;
      }
      if (ch == '%' || ch == '_') {
        if (literal.length() > 0) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append(ch == '%' ? ".*" : ".");
      } else {
        literal.append(ch);
      }
    }
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  // ------------------------------------------------------------------ conversions and calls

  private static Evaluator convert(Expr.Convert v) {
    Evaluator operand = compile(v.operand());
    SqlType from = v.operand().type();
    SqlType to = v.type();
    if (from.kind() == Kind.INTEGER && to.kind() == Kind.BIGINT) {
      return new Evaluator() {
        @Override
        public Object eval(EvalContext c) {
          Object x = operand.eval(c);
          return x == null ? null : (long) (Integer) x;
        }
      };
    }
    if ((from.kind() == Kind.INTEGER || from.kind() == Kind.BIGINT) && to.kind() == Kind.DOUBLE) {
      return new Evaluator() {
        @Override
        public Object eval(EvalContext c) {
          Object x = operand.eval(c);
          return x == null ? null : ((Number) x).doubleValue();
        }
      };
    }
    return new Evaluator() {
      @Override
      public Object eval(EvalContext c) {
        return Coercions.cast(operand.eval(c), from, to);
      }
    };
  }

  private static Evaluator call(Expr.Call call) {
    ScalarFunction.Implementation impl = call.function().implementation();
    Evaluator[] args = call.arguments().stream().map(ExprCompiler::compile).toArray(Evaluator[]::new);
    boolean nullsIn = Functions.handlesNulls(call.function().name());
    SqlType type = call.type();
    boolean decimal = type.kind() == Kind.DECIMAL;
    return new Evaluator() {
      @Override
      public Object eval(EvalContext c) {
        Object[] values = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
          Object v = args[i].eval(c);
          if (v == null && !nullsIn) {
            return null;
          }
          values[i] = v;
        }
        Object result = impl.apply(values);
        return decimal && result != null ? ((BigDecimal) result).setScale(type.scale(), RoundingMode.HALF_UP) : result;
      }
    };
  }

  /** Compiles each expression of a list (e.g. a projection). */
  public static Evaluator[] compileAll(List<Expr> exprs) {
    List<Evaluator> out = new ArrayList<>();
    for (Expr e : exprs) {
      out.add(compile(Objects.requireNonNull(e, "expression")));
    }
    return out.toArray(new Evaluator[0]);
  }
}
