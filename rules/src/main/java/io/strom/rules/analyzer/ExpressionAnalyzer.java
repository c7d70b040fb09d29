package io.strom.rules.analyzer;

import io.strom.rules.ast.Expression;
import io.strom.rules.ast.Expression.*;
import io.strom.rules.ast.Identifier;
import io.strom.rules.ast.Location;
import io.strom.rules.data.Column;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.functions.Functions;
import io.strom.rules.functions.ScalarFunction;
import io.strom.rules.plan.AggregateCall;
import io.strom.rules.plan.Expr;
import io.strom.rules.plan.ValueKinds;
import io.strom.rules.runtime.aggregate.AggregateFunction;
import io.strom.rules.runtime.aggregate.AggregateFunctions;
import io.strom.rules.types.Coercions;
import io.strom.rules.types.NumericWidening;
import io.strom.rules.types.SqlType;
import io.strom.rules.types.SqlType.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Resolves and types one expression against a source. In the SELECT and HAVING of an aggregation
 * ({@link Aggregating} given) it rewrites aggregate calls to {@link Expr.AggregateResult}s and
 * sub-expressions equal to a GROUP BY expression to {@link Expr.GroupKey}s, and rejects any
 * other column reference.
 */
final class ExpressionAnalyzer {

  /** Where the expression stands; decides messages and what is allowed. */
  enum Clause {
    SELECT("SELECT"), WHERE("WHERE"), GROUP_BY("GROUP BY"), PARTITION_BY("PARTITION BY"), HAVING("HAVING"),
    AGGREGATE_ARGUMENT("SELECT"), DEFINE("DEFINE"), MEASURES("MEASURES"), JOIN_ON("JOIN ON");

    final String sql;

    Clause(String sql) {
      this.sql = sql;
    }
  }

  /** State shared while analyzing the post-aggregation clauses of one query. */
  static final class Aggregating {
    final List<Expr> groupBy;
    final boolean windowed;
    final List<AggregateCall> aggregates = new ArrayList<>();

    Aggregating(List<Expr> groupBy, boolean windowed) {
      this.groupBy = groupBy;
      this.windowed = windowed;
    }
  }

  private static final java.util.Set<String> WINDOW_BOUNDS = java.util.Set.of("WINDOWSTART", "WINDOWEND");

  private final StreamSchema source;
  private final Identifier alias;
  private final Clause clause;
  private final Aggregating aggregating;
  /** In DEFINE and MEASURES of a MATCH_RECOGNIZE: how pattern variables and navigation resolve. */
  private final PatternScope pattern;
  /** Over a join: how (qualified) column names resolve to the joined row; null for one source. */
  private final JoinScope join;

  ExpressionAnalyzer(StreamSchema source, Identifier alias, Clause clause, Aggregating aggregating) {
    this(source, alias, clause, aggregating, null);
  }

  /** Resolves columns over the joined row of several sources. */
  ExpressionAnalyzer(JoinScope join, Clause clause) {
    this(join.joined(), null, clause, null, null, join);
  }

  ExpressionAnalyzer(StreamSchema source, Identifier alias, Clause clause, Aggregating aggregating, PatternScope pattern) {
    this(source, alias, clause, aggregating, pattern, null);
  }

  private ExpressionAnalyzer(StreamSchema source, Identifier alias, Clause clause, Aggregating aggregating,
      PatternScope pattern, JoinScope join) {
    this.join = join;
    this.source = source;
    this.alias = alias;
    this.clause = clause;
    this.aggregating = aggregating;
    this.pattern = pattern;
  }

  Expr analyze(Expression e) {
    if (pattern != null) {
      Expr resolved = pattern.resolve(e, this);
      if (resolved != null) {
        return resolved;
      }
    }
    if (aggregating != null) {
      if (e instanceof FunctionCall f && Functions.isAggregate(f.name().name())) {
        return aggregate(f);
      }
      if (!containsAggregate(e) && !containsWindowBound(e)) {
        Expr pre = new ExpressionAnalyzer(source, alias, clause, null, null, join).analyze(e);
        int key = aggregating.groupBy.indexOf(pre);
        if (key >= 0) {
          return new Expr.GroupKey(key, pre.type());
        }
        if (e instanceof ColumnRef c) {
          throw new AnalysisException(c.location(), "Non-aggregate " + clause.sql
              + " expression(s) not part of GROUP BY: " + c.sql()
              + ". Add it to the GROUP BY or wrap it in an aggregate function such as LATEST_BY_OFFSET(" + c.sql() + ").");
        }
        if (!readsRow(pre)) {
          return pre;
        }
      }
    }
    return analyzeNode(e);
  }

  private Expr analyzeNode(Expression e) {
    if (e instanceof NullLiteral) {
      return new Expr.Constant(null, SqlType.NULL);
    }
    if (e instanceof BooleanLiteral b) {
      return new Expr.Constant(b.value(), SqlType.BOOLEAN);
    }
    if (e instanceof StringLiteral s) {
      return new Expr.Constant(s.value(), SqlType.STRING);
    }
    if (e instanceof IntegerLiteral i) {
      long v = i.value();
      return v == (int) v ? new Expr.Constant((int) v, SqlType.INTEGER) : new Expr.Constant(v, SqlType.BIGINT);
    }
    if (e instanceof DecimalLiteral d) {
      BigDecimal v = d.value();
      if (v.precision() > 38) {
        return new Expr.Constant(v.doubleValue(), SqlType.DOUBLE);
      }
      return new Expr.Constant(v, SqlType.decimal(Math.max(v.precision(), Math.max(v.scale(), 1)), Math.max(v.scale(), 0)));
    }
    if (e instanceof DoubleLiteral d) {
      return new Expr.Constant(d.value(), SqlType.DOUBLE);
    }
    if (e instanceof ColumnRef c) {
      return column(c);
    }
    if (e instanceof Arithmetic a) {
      return arithmetic(a);
    }
    if (e instanceof Negate n) {
      Expr operand = analyze(n.operand());
      if (!operand.type().isNumeric()) {
        throw new AnalysisException(n.location(), "Cannot negate " + n.operand().sql() + " (" + operand.type()
            + "): only numbers can be negated");
      }
      return new Expr.Negate(operand, operand.type());
    }
    if (e instanceof Comparison c) {
      return comparison(c);
    }
    if (e instanceof DistinctFrom d) {
      Expr left = analyze(d.left());
      Expr right = analyze(d.right());
      SqlType common = comparable(left.type(), right.type(), true);
      if (common == null) {
        throw new AnalysisException(d.location(), "Cannot compare " + describe(d.left(), left) + " to "
            + describe(d.right(), right) + " with IS " + (d.not() ? "NOT " : "") + "DISTINCT FROM.");
      }
      return new Expr.DistinctFrom(convert(left, common), convert(right, common), d.not());
    }
    if (e instanceof Logical l) {
      Expr left = bool(l.left(), l.op().name());
      Expr right = bool(l.right(), l.op().name());
      return l.op() == LogicalOp.AND ? new Expr.And(left, right) : new Expr.Or(left, right);
    }
    if (e instanceof Not n) {
      return new Expr.Not(bool(n.operand(), "NOT"));
    }
    if (e instanceof IsNull n) {
      return new Expr.IsNull(analyze(n.operand()), n.not());
    }
    if (e instanceof Between b) {
      return between(b);
    }
    if (e instanceof InList i) {
      return in(i);
    }
    if (e instanceof Like l) {
      Expr value = analyze(l.value());
      Expr pattern = analyze(l.pattern());
      requireString(l.value(), value, "LIKE");
      requireString(l.pattern(), pattern, "LIKE");
      return new Expr.Like(convert(value, SqlType.STRING), convert(pattern, SqlType.STRING), l.escape(), l.not());
    }
    if (e instanceof SearchedCase c) {
      List<Expression> conditions = c.whens().stream().map(WhenClause::condition).toList();
      return caseOf(c, conditions.stream().map(x -> bool(x, "CASE WHEN")).toList(), c.whens(), c.elseResult());
    }
    if (e instanceof SimpleCase c) {
      List<Expr> conditions = new ArrayList<>();
      for (WhenClause w : c.whens()) {
        conditions.add(comparison(new Comparison(ComparisonOp.EQUAL, c.operand(), w.condition(), w.condition().location())));
      }
      return caseOf(c, conditions, c.whens(), c.elseResult());
    }
    if (e instanceof Cast c) {
      return cast(c);
    }
    if (e instanceof FunctionCall f) {
      return call(f);
    }
    if (e instanceof ArrayConstructor a) {
      List<Expr> items = a.items().stream().map(this::analyze).toList();
      SqlType element = null;
      for (int i = 0; i < items.size(); i++) {
        SqlType t = items.get(i).type();
        if (t.isNull()) {
          continue;
        }
        SqlType merged = element == null ? t : unify(element, t);
        if (merged == null) {
          throw new AnalysisException(a.items().get(i).location(), "ARRAY elements must have one type: "
              + a.items().get(i).sql() + " is " + t + " but earlier elements are " + element);
        }
        element = merged;
      }
      if (element == null) {
        throw new AnalysisException(a.location(), "Can't infer the element type of " + a.sql()
            + ". Please explicitly cast an element, e.g. CAST(null AS VARCHAR).");
      }
      SqlType elementType = element;
      return new Expr.ArrayOf(items.stream().map(x -> convert(x, elementType)).toList(), SqlType.array(element));
    }
    if (e instanceof Subscript s) {
      Expr base = analyze(s.base());
      Expr index = analyze(s.index());
      if (base.type().kind() == Kind.ARRAY && (index.type().kind() == Kind.INTEGER || index.type().kind() == Kind.BIGINT)) {
        return new Expr.Subscript(base, convert(index, SqlType.INTEGER), base.type().element());
      }
      if (base.type().kind() == Kind.MAP && index.type().kind() == Kind.STRING) {
        return new Expr.Subscript(base, index, base.type().mapValue());
      }
      throw new AnalysisException(s.location(), "Cannot subscript " + describe(s.base(), base) + " with "
          + describe(s.index(), index) + ": use an ARRAY with an INT index or a MAP with a STRING key");
    }
    Dereference d = (Dereference) e;
    Expr base = analyze(d.base());
    if (base.type().kind() != Kind.STRUCT) {
      throw new AnalysisException(d.location(), "Cannot read field " + d.field() + " of " + describe(d.base(), base)
          + ": only STRUCT values have fields");
    }
    List<SqlType.Field> fields = base.type().fields();
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(d.field().name())) {
        return new Expr.Field(base, i, fields.get(i).type());
      }
    }
    for (int i = 0; i < fields.size(); i++) {
      if (!d.field().quoted() && fields.get(i).name().equalsIgnoreCase(d.field().name())) {
        return new Expr.Field(base, i, fields.get(i).type());
      }
    }
    throw new AnalysisException(d.field().location(), "STRUCT " + d.base().sql() + " has no field " + d.field() + "."
        + Suggestions.didYouMean(d.field().name(), fields.stream().map(SqlType.Field::name).toList()));
  }

  Clause clause() {
    return clause;
  }

  StreamSchema source() {
    return source;
  }

  /** A column of the source by name, as an unqualified reference would resolve it (also ROWTIME). */
  Expr plainColumn(ColumnRef c) {
    return column(new ColumnRef(null, c.name(), c.location()));
  }

  private Expr column(ColumnRef c) {
    if (join != null) {
      return join.resolve(c, clause.sql);
    }
    String name = c.name().name();
    if (c.qualifier() != null && !matchesSource(c.qualifier())) {
      throw new AnalysisException(c.location(), clause.sql + " column '" + c.qualifier() + "." + name
          + "' cannot be resolved: '" + c.qualifier() + "' is not the source (" + sourceNames() + ").");
    }
    if (WINDOW_BOUNDS.contains(name) && !c.name().quoted()) {
      if (aggregating != null && aggregating.windowed && clause == Clause.SELECT) {
        return new Expr.WindowBound(name.equals("WINDOWSTART"));
      }
      if (clause == Clause.WHERE) {
        throw new AnalysisException(c.location(), "Unknown column " + name
            + ". Window bounds exist only after a windowed aggregation; use them in its SELECT.");
      }
      throw new AnalysisException(c.location(), "Window bounds column " + name
          + " can only be used in the SELECT clause of windowed aggregations");
    }
    int index = source.indexOf(name);
    if (index >= 0) {
      Column column = source.columns().get(index);
      return new Expr.ColumnValue(index, column.name(), column.type());
    }
    if (name.equals("ROWTIME")) {
      return new Expr.RowTime();
    }
    List<String> names = source.columns().stream().map(Column::name).toList();
    String shown = c.qualifier() == null ? name : c.qualifier() + "." + name;
    throw new AnalysisException(c.location(), clause.sql + " column '" + shown + "' cannot be resolved."
        + Suggestions.didYouMean(name, names));
  }

  boolean matchesSource(Identifier qualifier) {
    return qualifier.name().equals(source.name()) || alias != null && qualifier.name().equals(alias.name());
  }

  private String sourceNames() {
    return alias == null ? source.name() : source.name() + " or its alias " + alias;
  }

  private Expr arithmetic(Arithmetic a) {
    Expr left = analyze(a.left());
    Expr right = analyze(a.right());
    SqlType lt = left.type().isNull() ? right.type() : left.type();
    SqlType rt = right.type().isNull() ? left.type() : right.type();
    if (a.op() == ArithmeticOp.ADD && lt.kind() == Kind.STRING && rt.kind() == Kind.STRING) {
      return new Expr.Arithmetic(a.op(), convert(left, SqlType.STRING), convert(right, SqlType.STRING), SqlType.STRING);
    }
    SqlType common = NumericWidening.commonNumeric(lt, rt);
    if (common == null) {
      throw new AnalysisException(a.location(), "Error processing expression: " + a.sql()
          + ". Unsupported arithmetic types. " + left.type().kind() + " " + right.type().kind());
    }
    SqlType result = common.kind() == Kind.DECIMAL ? decimalResult(a.op(), NumericWidening.toDecimal(lt), NumericWidening.toDecimal(rt)) : common;
    SqlType operandType = common.kind() == Kind.DECIMAL ? common : result;
    return new Expr.Arithmetic(a.op(), convert(left, operandType), convert(right, operandType), result);
  }

  /** ksqlDB's DECIMAL result types (capped at precision 38). */
  private static SqlType decimalResult(ArithmeticOp op, SqlType l, SqlType r) {
    int p1 = l.precision();
    int s1 = l.scale();
    int p2 = r.precision();
    int s2 = r.scale();
    int precision;
    int scale;
    switch (op) {
      case ADD, SUBTRACT -> {
        scale = Math.max(s1, s2);
        precision = Math.max(p1 - s1, p2 - s2) + scale + 1;
      }
      case MULTIPLY -> {
        precision = p1 + p2 + 1;
        scale = s1 + s2;
      }
      case DIVIDE -> {
        scale = Math.max(6, s1 + p2 + 1);
        precision = p1 - s1 + s2 + scale;
      }
      default -> {
        scale = Math.max(s1, s2);
        precision = Math.min(p1 - s1, p2 - s2) + scale;
      }
    }
    precision = Math.max(1, Math.min(38, precision));
    return SqlType.decimal(precision, Math.min(scale, precision));
  }

  private Expr comparison(Comparison c) {
    if (c.left() instanceof NullLiteral || c.right() instanceof NullLiteral) {
      throw new AnalysisException(c.location(), "Comparison with NULL not supported: " + nullSql(c.left()) + " "
          + c.op().symbol + " " + nullSql(c.right()) + ". Use IS NULL, IS NOT NULL or IS [NOT] DISTINCT FROM.");
    }
    Expr left = analyze(c.left());
    Expr right = analyze(c.right());
    SqlType common = comparable(left.type(), right.type(),
        c.op() == ComparisonOp.EQUAL || c.op() == ComparisonOp.NOT_EQUAL);
    if (common == null) {
      throw new AnalysisException(c.location(), "Cannot compare " + describe(c.left(), left) + " to "
          + describe(c.right(), right) + " with " + c.op() + ".");
    }
    return new Expr.Comparison(c.op(), convert(left, common), convert(right, common));
  }

  private static String nullSql(Expression e) {
    return e instanceof NullLiteral ? "NULL" : e.sql();
  }

  /** The type two operands are compared as, or null when they cannot be compared. */
  private static SqlType comparable(SqlType a, SqlType b, boolean equality) {
    if (a.isNull()) {
      return b.isNull() ? SqlType.BOOLEAN : b;
    }
    if (b.isNull()) {
      return a;
    }
    SqlType numeric = NumericWidening.commonNumeric(a, b);
    if (numeric != null) {
      return numeric;
    }
    if (a.kind() != b.kind()) {
      return null;
    }
    return switch (a.kind()) {
      case STRING, TIMESTAMP, DATE, TIME, BOOLEAN -> a;
      case ARRAY, MAP, STRUCT -> equality && a.equals(b) ? a : null;
      default -> null;
    };
  }

  private Expr between(Between b) {
    Expr value = analyze(b.value());
    Expr lower = analyze(b.lower());
    Expr upper = analyze(b.upper());
    SqlType common = comparable(value.type(), lower.type(), false);
    if (common == null) {
      throw new AnalysisException(b.location(), "Cannot compare " + describe(b.value(), value) + " to "
          + describe(b.lower(), lower) + " in BETWEEN.");
    }
    SqlType all = comparable(common, upper.type(), false);
    if (all == null) {
      throw new AnalysisException(b.location(), "Cannot compare " + describe(b.value(), value) + " to "
          + describe(b.upper(), upper) + " in BETWEEN.");
    }
    return new Expr.Between(convert(value, all), convert(lower, all), convert(upper, all), b.not());
  }

  private Expr in(InList i) {
    Expr value = analyze(i.value());
    SqlType vt = value.type();
    List<Expr> items = new ArrayList<>();
    SqlType common = vt;
    for (Expression item : i.items()) {
      Expr analyzed = analyze(item);
      if (analyzed.type().isNull()) {
        continue; // null never matches
      }
      if (analyzed instanceof Expr.Constant k && isLiteral(item) && comparable(vt, k.type(), true) == null && !vt.isNull()) {
        analyzed = coerceLiteral(item, k, vt);
      }
      SqlType merged = comparable(common, analyzed.type(), true);
      if (merged == null) {
        throw new AnalysisException(item.location(), "Invalid Predicate: operator does not exist: " + vt + " = "
            + analyzed.type() + " (" + item.sql() + ")\nHint: You might need to add explicit type casts.");
      }
      common = merged;
      items.add(analyzed);
    }
    SqlType type = common;
    return new Expr.In(convert(value, type), items.stream().map(x -> convert(x, type)).toList(), i.not());
  }

  private static boolean isLiteral(Expression e) {
    return e instanceof StringLiteral || e instanceof BooleanLiteral || e instanceof IntegerLiteral
        || e instanceof DecimalLiteral || e instanceof DoubleLiteral;
  }

  /** ksqlDB's IN-list literal coercion: a literal of another type is read as the tested value's type. */
  private static Expr coerceLiteral(Expression item, Expr.Constant literal, SqlType target) {
    Object v = literal.value();
    String invalid = "Invalid Predicate: invalid input syntax for type " + target + ": \"" + v + "\".";
    String noOperator = "Invalid Predicate: operator does not exist: " + target + " = " + literal.type() + " ("
        + item.sql() + ")\nHint: You might need to add explicit type casts.";
    switch (target.kind()) {
      case STRING:
        return new Expr.Constant(v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v), SqlType.STRING);
      case BOOLEAN:
        if (v instanceof String s) {
          Boolean b = Coercions.parseBoolean(s);
          if (b == null) {
            throw new AnalysisException(item.location(), invalid);
          }
          return new Expr.Constant(b, SqlType.BOOLEAN);
        }
        throw new AnalysisException(item.location(), noOperator);
      case INTEGER, BIGINT, DOUBLE, DECIMAL:
        if (v instanceof String s) {
          try {
            String t = s.trim();
            if (target.kind() == Kind.DOUBLE) {
              return new Expr.Constant(Double.parseDouble(t), SqlType.DOUBLE);
            }
            if (target.kind() == Kind.DECIMAL) {
              BigDecimal d = new BigDecimal(t);
              return new Expr.Constant(d, SqlType.decimal(Math.max(d.precision(), d.scale()), Math.max(0, d.scale())));
            }
            long l = Long.parseLong(t);
            return l == (int) l ? new Expr.Constant((int) l, SqlType.INTEGER) : new Expr.Constant(l, SqlType.BIGINT);
          } catch (NumberFormatException e) {
            throw new AnalysisException(item.location(), invalid);
          }
        }
        throw new AnalysisException(item.location(), noOperator);
      default:
        throw new AnalysisException(item.location(), noOperator);
    }
  }

  private Expr caseOf(Expression whole, List<Expr> conditions, List<WhenClause> whens, Expression elseExpr) {
    List<Expr> results = new ArrayList<>();
    List<Expression> resultAsts = new ArrayList<>();
    for (WhenClause w : whens) {
      results.add(analyze(w.result()));
      resultAsts.add(w.result());
    }
    Expr elseResult = elseExpr == null ? null : analyze(elseExpr);
    SqlType type = null;
    for (int i = 0; i < results.size(); i++) {
      SqlType t = results.get(i).type();
      if (t.isNull()) {
        continue;
      }
      SqlType merged = type == null ? t : unify(type, t);
      if (merged == null) {
        throw new AnalysisException(resultAsts.get(i).location(), "Invalid Case expression. Type for all 'THEN' clauses"
            + " should be the same. THEN expression '" + resultAsts.get(i).sql() + "' has type: " + t
            + ". Previous THEN expression(s) type: " + type + ".");
      }
      type = merged;
    }
    if (elseResult != null && !elseResult.type().isNull()) {
      SqlType merged = type == null ? elseResult.type() : unify(type, elseResult.type());
      if (merged == null) {
        throw new AnalysisException(elseExpr.location(), "Invalid Case expression. Type for the ELSE clause should be"
            + " the same as for the THEN clauses. ELSE expression '" + elseExpr.sql() + "' has type: "
            + elseResult.type() + ". THEN expression(s) type: " + type + ".");
      }
      type = merged;
    }
    if (type == null) {
      throw new AnalysisException(whole.location(), "Invalid Case expression. All case branches have NULL type."
          + " Cast one of them, e.g. CAST(null AS VARCHAR).");
    }
    SqlType t = type;
    return new Expr.Case(conditions, results.stream().map(r -> convert(r, t)).toList(),
        elseResult == null ? null : convert(elseResult, t), t);
  }

  /** The type two values of a CASE or ARRAY share: equal types, or numeric widening. */
  private static SqlType unify(SqlType a, SqlType b) {
    if (a.equals(b)) {
      return a;
    }
    return NumericWidening.commonNumeric(a, b);
  }

  private Expr cast(Cast c) {
    Expr operand = analyze(c.operand());
    SqlType from = operand.type();
    SqlType to = c.type();
    if (from.isNull()) {
      return new Expr.Constant(null, to);
    }
    if (from.equals(to)) {
      return operand;
    }
    if (!Coercions.castable(from, to)) {
      throw new AnalysisException(c.location(), "Cast of " + from + " to " + to + " is not supported: "
          + c.sql() + ".");
    }
    return new Expr.Convert(operand, to);
  }

  private Expr call(FunctionCall f) {
    String name = f.name().name();
    if (Functions.isAggregate(name)) {
      f.arguments().forEach(this::analyze); // report unknown columns first
      if (clause == Clause.AGGREGATE_ARGUMENT) {
        throw new AnalysisException(f.location(), "Aggregate functions can not be nested: " + f.sql() + ".");
      }
      if (clause == Clause.SELECT) {
        throw new AnalysisException(f.location(), "Aggregate function " + f.sql()
            + " needs a CREATE TABLE ... AS SELECT with a GROUP BY clause.");
      }
      throw new AnalysisException(f.location(), "Aggregate functions are not allowed in " + clause.sql + ": "
          + f.sql() + "." + (clause == Clause.WHERE ? " Use HAVING to filter on aggregates." : ""));
    }
    ScalarFunction function = Functions.scalar(name);
    if (function == null) {
      List<String> known = new ArrayList<>();
      Functions.scalars().forEach(s -> known.add(s.name()));
      known.addAll(Functions.AGGREGATES);
      throw new AnalysisException(f.name().location(), "Can't find any functions with the name '" + name + "'."
          + Suggestions.didYouMean(name, known));
    }
    if (f.star()) {
      throw new AnalysisException(f.location(), "Only COUNT accepts *: " + f.sql());
    }
    List<Expr> args = f.arguments().stream().map(this::analyze).toList();
    ScalarFunction.Resolved resolved;
    try {
      resolved = function.resolve(args.stream().map(Expr::type).toList());
    } catch (IllegalArgumentException e) {
      throw new AnalysisException(f.location(), e.getMessage());
    }
    List<Expr> converted = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      converted.add(convert(args.get(i), resolved.parameterTypes().get(i)));
    }
    return new Expr.Call(resolved, converted, resolved.returnType());
  }

  private Expr aggregate(FunctionCall f) {
    String name = f.name().name();
    if (f.star() && !f.arguments().isEmpty()) {
      throw new AnalysisException(f.location(), f.sql() + " counts the rows of a pattern variable: it belongs in the"
          + " MEASURES or DEFINE of a MATCH_RECOGNIZE.");
    }
    if (clause == Clause.HAVING || clause == Clause.SELECT) {
      List<Expression> args = f.arguments();
      ExpressionAnalyzer argAnalyzer = new ExpressionAnalyzer(source, alias, Clause.AGGREGATE_ARGUMENT, null, null, join);
      List<Expr> columnArgs = new ArrayList<>();
      List<Object> params = new ArrayList<>();
      if (!f.star() && !args.isEmpty()) {
        columnArgs.add(argAnalyzer.analyze(args.get(0)));
        for (Expression p : args.subList(1, args.size())) {
          Expr analyzed = argAnalyzer.analyze(p);
          if (!(analyzed instanceof Expr.Constant k)) {
            throw new AnalysisException(p.location(), "The parameters after the first argument of " + name
                + " must be literals, not " + p.sql());
          }
          params.add(k.value());
        }
      }
      SqlType argType = columnArgs.isEmpty() ? null : columnArgs.get(0).type();
      SqlType returnType = AggregateTypes.returnType(name, argType, params, f);
      AggregateFunction implementation;
      try {
        implementation = AggregateFunctions.create(name, argType == null ? null : ValueKinds.of(argType), params);
      } catch (IllegalArgumentException e) {
        throw new AnalysisException(f.location(), e.getMessage() + ": " + f.sql());
      }
      AggregateCall call = new AggregateCall(name, columnArgs, params, argType, returnType, implementation, f.sql());
      int index = -1;
      for (int i = 0; i < aggregating.aggregates.size() && index < 0; i++) {
        // equal calls share one accumulator
        AggregateCall other = aggregating.aggregates.get(i);
        if (other.function().equals(call.function()) && other.arguments().equals(call.arguments())
            && other.parameters().equals(call.parameters())) {
          index = i;
        }
      }
      if (index < 0) {
        aggregating.aggregates.add(call);
        index = aggregating.aggregates.size() - 1;
      }
      return new Expr.AggregateResult(index, returnType);
    }
    throw new AnalysisException(f.location(), "Aggregate functions are not allowed in " + clause.sql + ": " + f.sql());
  }

  private Expr bool(Expression e, String operator) {
    Expr x = analyze(e);
    if (x.type().isNull()) {
      return new Expr.Constant(null, SqlType.BOOLEAN);
    }
    if (x.type().kind() != Kind.BOOLEAN) {
      throw new AnalysisException(e.location(), operator + " needs a BOOLEAN operand, but " + describe(e, x) + " is not.");
    }
    return x;
  }

  private static void requireString(Expression e, Expr x, String operator) {
    if (!x.type().isNull() && x.type().kind() != Kind.STRING) {
      throw new AnalysisException(e.location(), operator + " needs STRING operands, but " + describe(e, x) + " is not.");
    }
  }

  private static String describe(Expression e, Expr x) {
    return e.sql() + " (" + x.type() + ")";
  }

  /** Makes implicit widening explicit; a NULL constant simply takes the type. */
  static Expr convert(Expr e, SqlType to) {
    if (e.type().equals(to)) {
      return e;
    }
    if (e.type().isNull() && e instanceof Expr.Constant) {
      return new Expr.Constant(null, to);
    }
    if (e instanceof Expr.Constant k && k.value() != null && e.type().isNumeric() && to.isNumeric()) {
      return new Expr.Constant(Coercions.convertNumber(k.value(), to), to);
    }
    return new Expr.Convert(e, to);
  }

  static boolean containsAggregate(Expression e) {
    return walk(e, x -> x instanceof FunctionCall f && Functions.isAggregate(f.name().name()));
  }

  static boolean containsWindowBound(Expression e) {
    return walk(e, x -> x instanceof ColumnRef c && !c.name().quoted() && WINDOW_BOUNDS.contains(c.name().name()));
  }

  /** True when any node of the tree satisfies the test. */
  static boolean walk(Expression e, java.util.function.Predicate<Expression> test) {
    if (e == null) {
      return false;
    }
    if (test.test(e)) {
      return true;
    }
    for (Expression child : children(e)) {
      if (walk(child, test)) {
        return true;
      }
    }
    return false;
  }

  static List<Expression> children(Expression e) {
    List<Expression> c = new ArrayList<>();
    if (e instanceof Arithmetic a) {
      c.add(a.left());
      c.add(a.right());
    } else if (e instanceof Negate n) {
      c.add(n.operand());
    } else if (e instanceof Comparison x) {
      c.add(x.left());
      c.add(x.right());
    } else if (e instanceof DistinctFrom d) {
      c.add(d.left());
      c.add(d.right());
    } else if (e instanceof Logical l) {
      c.add(l.left());
      c.add(l.right());
    } else if (e instanceof Not n) {
      c.add(n.operand());
    } else if (e instanceof IsNull n) {
      c.add(n.operand());
    } else if (e instanceof Between b) {
      c.add(b.value());
      c.add(b.lower());
      c.add(b.upper());
    } else if (e instanceof InList i) {
      c.add(i.value());
      c.addAll(i.items());
    } else if (e instanceof Like l) {
      c.add(l.value());
      c.add(l.pattern());
    } else if (e instanceof SearchedCase s) {
      s.whens().forEach(w -> {
        c.add(w.condition());
        c.add(w.result());
      });
      if (s.elseResult() != null) {
        c.add(s.elseResult());
      }
    } else if (e instanceof SimpleCase s) {
      c.add(s.operand());
      s.whens().forEach(w -> {
        c.add(w.condition());
        c.add(w.result());
      });
      if (s.elseResult() != null) {
        c.add(s.elseResult());
      }
    } else if (e instanceof Cast x) {
      c.add(x.operand());
    } else if (e instanceof FunctionCall f) {
      c.addAll(f.arguments());
    } else if (e instanceof ArrayConstructor a) {
      c.addAll(a.items());
    } else if (e instanceof Subscript s) {
      c.add(s.base());
      c.add(s.index());
    } else if (e instanceof Dereference d) {
      c.add(d.base());
    }
    return c;
  }

  /** True when the analyzed expression reads the input record (a column or ROWTIME). */
  static boolean readsRow(Expr e) {
    if (e instanceof Expr.ColumnValue || e instanceof Expr.RowTime) {
      return true;
    }
    for (Expr child : children(e)) {
      if (readsRow(child)) {
        return true;
      }
    }
    return false;
  }

  static List<Expr> children(Expr e) {
    if (e instanceof Expr.Arithmetic a) {
      return List.of(a.left(), a.right());
    }
    if (e instanceof Expr.Negate n) {
      return List.of(n.operand());
    }
    if (e instanceof Expr.Comparison c) {
      return List.of(c.left(), c.right());
    }
    if (e instanceof Expr.DistinctFrom d) {
      return List.of(d.left(), d.right());
    }
    if (e instanceof Expr.And a) {
      return List.of(a.left(), a.right());
    }
    if (e instanceof Expr.Or o) {
      return List.of(o.left(), o.right());
    }
    if (e instanceof Expr.Not n) {
      return List.of(n.operand());
    }
    if (e instanceof Expr.IsNull n) {
      return List.of(n.operand());
    }
    if (e instanceof Expr.Between b) {
      return List.of(b.value(), b.lower(), b.upper());
    }
    if (e instanceof Expr.In i) {
      List<Expr> all = new ArrayList<>(i.items());
      all.add(i.value());
      return all;
    }
    if (e instanceof Expr.Like l) {
      return List.of(l.value(), l.pattern());
    }
    if (e instanceof Expr.Case c) {
      List<Expr> all = new ArrayList<>(c.conditions());
      all.addAll(c.results());
      if (c.elseResult() != null) {
        all.add(c.elseResult());
      }
      return all;
    }
    if (e instanceof Expr.Convert c) {
      return List.of(c.operand());
    }
    if (e instanceof Expr.Call c) {
      return c.arguments();
    }
    if (e instanceof Expr.ArrayOf a) {
      return a.items();
    }
    if (e instanceof Expr.Subscript s) {
      return List.of(s.base(), s.index());
    }
    if (e instanceof Expr.Field f) {
      return List.of(f.base());
    }
    return List.of();
  }

  static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }
}
