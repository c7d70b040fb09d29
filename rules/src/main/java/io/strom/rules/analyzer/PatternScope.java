package io.strom.rules.analyzer;

import io.strom.rules.analyzer.ExpressionAnalyzer.Clause;
import io.strom.rules.ast.Expression;
import io.strom.rules.ast.Expression.ColumnRef;
import io.strom.rules.ast.Expression.FunctionCall;
import io.strom.rules.ast.Expression.IntegerLiteral;
import io.strom.rules.ast.Identifier;
import io.strom.rules.plan.Expr;
import io.strom.rules.types.SqlType;
import io.strom.rules.types.SqlType.Kind;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How names resolve inside a MATCH_RECOGNIZE (SQL:2016's running semantics in DEFINE, final
 * semantics in MEASURES): in the DEFINE of {@code A}, {@code A.x} and a bare {@code x} are the
 * current row, {@code B.x} the last row mapped to {@code B} so far; in MEASURES {@code A.x} is the
 * last row of {@code A} and a bare {@code x} the last row of the match. FIRST, LAST and PREV
 * navigate; COUNT, SUM, AVG, MIN and MAX aggregate the rows of one variable.
 */
final class PatternScope {

  private static final Set<String> NAVIGATIONS = Set.of("FIRST", "LAST", "PREV", "NEXT");
  private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX");

  private final List<String> variables;
  /** The variable whose DEFINE is analyzed, or -1 in MEASURES. */
  private final int defining;
  /** Inside an aggregate's argument: every variable's columns are those of the row being aggregated. */
  private final boolean argument;

  private PatternScope(List<String> variables, int defining, boolean argument) {
    this.variables = variables;
    this.defining = defining;
    this.argument = argument;
  }

  static PatternScope define(List<String> variables, int variable) {
    return new PatternScope(variables, variable, false);
  }

  static PatternScope measures(List<String> variables) {
    return new PatternScope(variables, -1, false);
  }

  /** The expression resolved in pattern terms, or null when it is an ordinary one. */
  Expr resolve(Expression e, ExpressionAnalyzer analyzer) {
    if (e instanceof ColumnRef c) {
      return column(c, analyzer);
    }
    if (e instanceof FunctionCall f) {
      String name = f.name().name().toUpperCase(Locale.ROOT);
      if (NAVIGATIONS.contains(name) && !f.name().quoted()) {
        return navigation(name, f, analyzer);
      }
      if (AGGREGATES.contains(name) && !f.name().quoted()) {
        return aggregate(name, f, analyzer);
      }
      if (io.strom.rules.functions.Functions.isAggregate(name)) {
        throw new AnalysisException(f.location(), "Only COUNT, SUM, AVG, MIN and MAX aggregate the rows of a pattern"
            + " variable, not " + name + ": " + f.sql());
      }
    }
    return null;
  }

  private Expr column(ColumnRef c, ExpressionAnalyzer analyzer) {
    if (c.qualifier() == null || analyzer.matchesSource(c.qualifier())) {
      if (argument || defining >= 0) {
        return analyzer.plainColumn(c); // the current row
      }
      return navigate(Expr.Navigate.LAST, -1, 0, c, analyzer);
    }
    int variable = variable(c.qualifier(), analyzer.clause());
    if (argument || variable == defining) {
      return analyzer.plainColumn(c);
    }
    return navigate(Expr.Navigate.LAST, variable, 0, c, analyzer);
  }

  private Expr navigation(String name, FunctionCall f, ExpressionAnalyzer analyzer) {
    if (name.equals("NEXT")) {
      throw new AnalysisException(f.location(), "NEXT is not supported: a streaming pattern cannot look at rows that"
          + " have not arrived. Use PREV, FIRST or LAST.");
    }
    if (argument) {
      throw new AnalysisException(f.location(), name + " cannot be used inside an aggregate: " + f.sql());
    }
    List<Expression> args = f.arguments();
    if (f.star() || args.isEmpty() || args.size() > 2 || !(args.get(0) instanceof ColumnRef c)) {
      throw new AnalysisException(f.location(), name + " takes a column, optionally of a pattern variable, and an"
          + " optional row offset, e.g. " + name + "(A.price) or " + name + "(A.price, 1): " + f.sql());
    }
    int offset = name.equals("PREV") ? 1 : 0;
    if (args.size() == 2) {
      if (!(args.get(1) instanceof IntegerLiteral i) || i.value() < 0 || i.value() > Integer.MAX_VALUE) {
        throw new AnalysisException(args.get(1).location(), "The offset of " + name
            + " must be a non-negative whole number: " + args.get(1).sql());
      }
      offset = (int) ((IntegerLiteral) args.get(1)).value();
    }
    int variable = c.qualifier() == null || analyzer.matchesSource(c.qualifier()) ? -1
        : variable(c.qualifier(), analyzer.clause());
    Expr.Navigate navigate = Expr.Navigate.valueOf(name);
    return navigate(navigate, variable, offset, c, analyzer);
  }

  private static Expr navigate(Expr.Navigate navigate, int variable, int offset, ColumnRef c, ExpressionAnalyzer analyzer) {
    Expr column = analyzer.plainColumn(c);
    if (column instanceof Expr.RowTime) {
      return new Expr.Navigation(navigate, variable, offset, -1, SqlType.BIGINT);
    }
    Expr.ColumnValue value = (Expr.ColumnValue) column;
    return new Expr.Navigation(navigate, variable, offset, value.index(), value.type());
  }

  private Expr aggregate(String name, FunctionCall f, ExpressionAnalyzer analyzer) {
    if (argument) {
      throw new AnalysisException(f.location(), "Aggregate functions can not be nested: " + f.sql() + ".");
    }
    if (f.star()) {
      if (!name.equals("COUNT")) {
        throw new AnalysisException(f.location(), "Only COUNT accepts *: " + f.sql());
      }
      int variable = f.arguments().isEmpty() ? -1 : variable(((ColumnRef) f.arguments().get(0)).name(), analyzer.clause());
      return new Expr.MatchAggregate(name, variable, null, SqlType.BIGINT);
    }
    if (f.arguments().size() != 1) {
      throw new AnalysisException(f.location(), name + " takes one argument here, e.g. " + name + "(A.amount): " + f.sql());
    }
    Expression arg = f.arguments().get(0);
    int variable = argumentVariable(arg, analyzer);
    Expr analyzed = new ExpressionAnalyzer(analyzer.source(), null, analyzer.clause(), null,
        new PatternScope(variables, -1, true)).analyze(arg);
    SqlType type = analyzed.type();
    SqlType result = switch (name) {
      case "COUNT" -> SqlType.BIGINT;
      case "AVG" -> type.isNumeric() ? SqlType.DOUBLE : null;
      case "SUM" -> type.isNumeric() ? type : null;
      default -> type.isNumeric() || type.kind() == Kind.STRING || type.kind() == Kind.TIMESTAMP
          || type.kind() == Kind.DATE || type.kind() == Kind.TIME ? type : null;
    };
    if (result == null) {
      throw new AnalysisException(f.location(), name + " cannot aggregate " + arg.sql() + " (" + type + "): "
          + (name.equals("MIN") || name.equals("MAX") ? "use numbers, strings or times" : "use a number"));
    }
    return new Expr.MatchAggregate(name, variable, analyzed, result);
  }

  /** The one variable an aggregate's argument reads, or -1 when it reads only bare columns (every row). */
  private int argumentVariable(Expression arg, ExpressionAnalyzer analyzer) {
    int[] found = {-2};
    ExpressionAnalyzer.walk(arg, x -> {
      if (x instanceof ColumnRef c && c.qualifier() != null && !analyzer.matchesSource(c.qualifier())) {
        int v = variable(c.qualifier(), analyzer.clause());
        if (found[0] >= 0 && found[0] != v) {
          throw new AnalysisException(c.location(), "An aggregate reads the rows of one pattern variable, but "
              + arg.sql() + " reads " + variables.get(found[0]) + " and " + variables.get(v) + ".");
        }
        found[0] = v;
      }
      return false;
    });
    return found[0] < 0 ? -1 : found[0];
  }

  private int variable(Identifier name, Clause clause) {
    int index = variables.indexOf(name.name());
    if (index < 0) {
      throw new AnalysisException(name.location(), "Unknown pattern variable " + name.name() + " in " + clause.sql
          + ": the PATTERN has " + String.join(", ", variables) + "." + Suggestions.didYouMean(name.name(), variables));
    }
    return index;
  }
}
