package io.strom.rules.parser;

import io.strom.rules.ast.Expression;
import io.strom.rules.ast.Expression.*;
import io.strom.rules.ast.Identifier;
import io.strom.rules.ast.Location;
import io.strom.rules.ast.MatchRecognize;
import io.strom.rules.ast.MatchRecognize.PatternTerm;
import io.strom.rules.ast.Query;
import io.strom.rules.ast.SelectItem;
import io.strom.rules.ast.Statement;
import io.strom.rules.ast.Statement.ColumnDeclaration;
import io.strom.rules.ast.Statement.KeyKind;
import io.strom.rules.ast.Statement.Property;
import io.strom.rules.ast.WindowClause;
import io.strom.rules.contract.RuleError;
import io.strom.rules.contract.RuleException;
import io.strom.rules.parser.StromSqlParser.*;
import io.strom.rules.types.SqlType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Turns ANTLR's parse tree into the immutable AST. Rejects what the grammar leaves open (type names, units). */
final class AstBuilder {

  private static final Map<String, Long> UNIT_MILLIS = Map.ofEntries(
      Map.entry("MILLISECOND", 1L), Map.entry("MILLISECONDS", 1L),
      Map.entry("SECOND", 1_000L), Map.entry("SECONDS", 1_000L),
      Map.entry("MINUTE", 60_000L), Map.entry("MINUTES", 60_000L),
      Map.entry("HOUR", 3_600_000L), Map.entry("HOURS", 3_600_000L),
      Map.entry("DAY", 86_400_000L), Map.entry("DAYS", 86_400_000L));

  private AstBuilder() {}

  static List<Statement> script(ScriptContext ctx) {
    List<Statement> statements = new ArrayList<>();
    for (StatementContext s : ctx.statement()) {
      statements.add(statement(s));
    }
    return statements;
  }

  static Statement statement(StatementContext ctx) {
    if (ctx instanceof CreateSourceContext c) {
      Statement.Kind kind = c.sourceKind.getType() == StromSqlLexer.TABLE ? Statement.Kind.TABLE : Statement.Kind.STREAM;
      List<ColumnDeclaration> columns = new ArrayList<>();
      for (TableElementContext e : c.tableElements().tableElement()) {
        KeyKind keyKind = e.PRIMARY() != null ? KeyKind.PRIMARY_KEY : e.KEY() != null ? KeyKind.KEY : KeyKind.NONE;
        columns.add(new ColumnDeclaration(identifier(e.identifier()), type(e.type()), keyKind, loc(e)));
      }
      return new Statement.CreateSource(kind, identifier(c.identifier()), columns, properties(c.withProperties()), loc(c));
    }
    if (ctx instanceof CreateAsContext c) {
      Statement.Kind kind = c.sinkKind.getType() == StromSqlLexer.TABLE ? Statement.Kind.TABLE : Statement.Kind.STREAM;
      return new Statement.CreateAs(kind, identifier(c.identifier()), properties(c.withProperties()), query(c.query()), loc(c));
    }
    BareQueryContext b = (BareQueryContext) ctx;
    return new Statement.BareQuery(query(b.query()), loc(b));
  }

  private static List<Property> properties(WithPropertiesContext ctx) {
    List<Property> properties = new ArrayList<>();
    if (ctx != null) {
      for (PropertyContext p : ctx.property()) {
        properties.add(new Property(identifier(p.identifier()), literal(p.literal()), loc(p)));
      }
    }
    return properties;
  }

  private static Query query(QueryContext ctx) {
    List<SelectItem> select = new ArrayList<>();
    for (SelectItemContext item : ctx.selectItem()) {
      if (item instanceof SelectSingleContext s) {
        select.add(new SelectItem.Single(expression(s.expression()),
            s.identifier() == null ? null : identifier(s.identifier()), loc(s)));
      } else if (item instanceof SelectQualifiedAllContext q) {
        select.add(new SelectItem.All(identifier(q.identifier()), loc(q)));
      } else {
        select.add(new SelectItem.All(null, loc(item)));
      }
    }
    RelationContext r = ctx.relation();
    Query.Relation from = relation(r.aliasedRelation());
    List<Query.Join> joins = new ArrayList<>();
    for (JoinClauseContext j : r.joinClause()) {
      Query.JoinType type = j.joinType() instanceof LeftJoinContext ? Query.JoinType.LEFT
          : j.joinType() instanceof RightJoinContext ? Query.JoinType.RIGHT
          : j.joinType() instanceof FullJoinContext ? Query.JoinType.FULL : Query.JoinType.INNER;
      Query.JoinWindow within = null;
      JoinWindowContext w = j.joinWindow();
      if (w != null) {
        Duration before = duration(w.within != null ? w.within : w.before);
        Duration after = duration(w.within != null ? w.within : w.after);
        within = new Query.JoinWindow(before, after, w.grace == null ? null : duration(w.grace), loc(w));
      }
      joins.add(new Query.Join(type, relation(j.aliasedRelation()), within, bool(j.booleanExpression()), loc(j)));
    }
    List<Expression> groupBy = null;
    Location groupByLocation = null;
    if (ctx.groupBy() != null) {
      groupBy = ctx.groupBy().valueExpression().stream().map(AstBuilder::value).toList();
      groupByLocation = loc(ctx.groupBy());
    }
    List<Expression> partitionBy = ctx.partitionBy() == null ? null
        : ctx.partitionBy().valueExpression().stream().map(AstBuilder::value).toList();
    Query.Emit emit = ctx.emit == null ? null
        : ctx.emit.getType() == StromSqlLexer.FINAL ? Query.Emit.FINAL : Query.Emit.CHANGES;
    Integer limit = ctx.INTEGER_VALUE() == null ? null : parseInt(ctx.INTEGER_VALUE());
    return new Query(select, from, joins, matchRecognize(ctx.matchRecognize()), window(ctx.windowExpression()),
        ctx.where == null ? null : bool(ctx.where), groupBy, groupByLocation, partitionBy,
        ctx.having == null ? null : bool(ctx.having), emit, ctx.emit == null ? null : loc(ctx.emit), limit, loc(ctx));
  }

  private static Query.Relation relation(AliasedRelationContext r) {
    return new Query.Relation(identifier(r.identifier(0)), r.identifier().size() > 1 ? identifier(r.identifier(1)) : null,
        loc(r));
  }

  private static MatchRecognize matchRecognize(MatchRecognizeContext ctx) {
    if (ctx == null) {
      return null;
    }
    List<Expression> partitionBy = ctx.partitionBy() == null ? List.of()
        : ctx.partitionBy().valueExpression().stream().map(AstBuilder::value).toList();
    List<MatchRecognize.Measure> measures = ctx.measure().stream()
        .map(m -> new MatchRecognize.Measure(expression(m.expression()), identifier(m.identifier()), loc(m))).toList();
    List<MatchRecognize.Define> defines = ctx.define().stream()
        .map(d -> new MatchRecognize.Define(identifier(d.identifier()), bool(d.booleanExpression()), loc(d))).toList();
    return new MatchRecognize(partitionBy, ctx.orderBy == null ? null : value(ctx.orderBy), measures, skipTo(ctx),
        pattern(ctx.patternAlternation()), ctx.within == null ? null : interval(ctx.within),
        ctx.grace == null ? null : duration(ctx.grace), defines, ctx.alias == null ? null : identifier(ctx.alias), loc(ctx));
  }

  private static MatchRecognize.SkipTo skipTo(MatchRecognizeContext ctx) {
    SkipToContext s = ctx.skipTo();
    if (s == null) {
      return new MatchRecognize.SkipTo(MatchRecognize.SkipKind.PAST_LAST_ROW, null, loc(ctx));
    }
    if (s instanceof SkipToNextRowContext) {
      return new MatchRecognize.SkipTo(MatchRecognize.SkipKind.TO_NEXT_ROW, null, loc(s));
    }
    if (s instanceof SkipToFirstContext f) {
      return new MatchRecognize.SkipTo(MatchRecognize.SkipKind.TO_FIRST, identifier(f.identifier()), loc(s));
    }
    if (s instanceof SkipToLastContext l) {
      return new MatchRecognize.SkipTo(MatchRecognize.SkipKind.TO_LAST, identifier(l.identifier()), loc(s));
    }
    return new MatchRecognize.SkipTo(MatchRecognize.SkipKind.PAST_LAST_ROW, null, loc(s));
  }

  /** {@code INTERVAL '10' MINUTE} (Flink's form) or {@code 10 MINUTES} (ksqlDB's). */
  private static Duration interval(IntervalContext ctx) {
    if (ctx.duration() != null) {
      return duration(ctx.duration());
    }
    String text = unquoteString(ctx.STRING().getText()).trim();
    long amount;
    try {
      amount = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw error(ctx.STRING().getSymbol(), "INTERVAL '" + text + "' must be a whole number, e.g. INTERVAL '10' MINUTE");
    }
    return durationOf(amount, ctx.identifier(), ctx);
  }

  private static PatternTerm pattern(PatternAlternationContext ctx) {
    List<PatternTerm> alternatives = ctx.patternConcatenation().stream().map(AstBuilder::pattern).toList();
    return alternatives.size() == 1 ? alternatives.get(0) : new MatchRecognize.Alternation(alternatives, loc(ctx));
  }

  private static PatternTerm pattern(PatternConcatenationContext ctx) {
    List<PatternTerm> terms = ctx.patternQuantified().stream().map(AstBuilder::pattern).toList();
    return terms.size() == 1 ? terms.get(0) : new MatchRecognize.Concatenation(terms, loc(ctx));
  }

  private static PatternTerm pattern(PatternQuantifiedContext ctx) {
    PatternTerm primary = ctx.patternPrimary() instanceof PatternVariableContext v
        ? new MatchRecognize.Variable(identifier(v.identifier()), loc(v))
        : pattern(((PatternGroupContext) ctx.patternPrimary()).patternAlternation());
    PatternQuantifierContext q = ctx.patternQuantifier();
    if (q == null) {
      return primary;
    }
    Location at = loc(q);
    if (q instanceof ZeroOrMoreContext z) {
      return new MatchRecognize.Quantified(primary, 0, -1, z.reluctant != null, at);
    }
    if (q instanceof OneOrMoreContext o) {
      return new MatchRecognize.Quantified(primary, 1, -1, o.reluctant != null, at);
    }
    if (q instanceof ZeroOrOneContext z) {
      return new MatchRecognize.Quantified(primary, 0, 1, z.reluctant != null, at);
    }
    RangeContext r = (RangeContext) q;
    if (r.min == null && r.max == null) {
      throw error(r, "a quantifier {n,m} needs at least one bound, e.g. {3} or {3,} or {1,5}");
    }
    int min = r.min == null ? 0 : parseInt(r.min);
    int max = r.comma == null ? min : r.max == null ? -1 : parseInt(r.max);
    return new MatchRecognize.Quantified(primary, min, max, r.reluctant != null, at);
  }

  private static WindowClause window(WindowExpressionContext ctx) {
    if (ctx == null) {
      return null;
    }
    List<WindowOptionContext> options;
    WindowClause.Kind kind;
    Duration size;
    Duration advance = null;
    if (ctx instanceof TumblingWindowContext t) {
      kind = WindowClause.Kind.TUMBLING;
      size = duration(t.size);
      options = t.windowOption();
    } else if (ctx instanceof HoppingWindowContext h) {
      kind = WindowClause.Kind.HOPPING;
      size = duration(h.size);
      advance = duration(h.advance);
      options = h.windowOption();
    } else {
      SessionWindowContext s = (SessionWindowContext) ctx;
      kind = WindowClause.Kind.SESSION;
      size = duration(s.gap);
      options = s.windowOption();
    }
    Duration grace = null;
    Duration retention = null;
    for (WindowOptionContext option : options) {
      if (option instanceof GracePeriodContext g) {
        if (grace != null) {
          throw error(option, "GRACE PERIOD is given twice");
        }
        grace = duration(g.duration());
      } else {
        if (retention != null) {
          throw error(option, "RETENTION is given twice");
        }
        retention = duration(((RetentionContext) option).duration());
      }
    }
    return new WindowClause(kind, size, advance, grace, retention, loc(ctx));
  }

  private static Duration duration(DurationContext ctx) {
    long amount;
    try {
      amount = Long.parseLong(ctx.INTEGER_VALUE().getText());
    } catch (NumberFormatException e) {
      throw error(ctx, "duration " + ctx.INTEGER_VALUE().getText() + " is too large");
    }
    return durationOf(amount, ctx.identifier(), ctx);
  }

  private static Duration durationOf(long amount, IdentifierContext unitContext, ParserRuleContext whole) {
    String unit = unitContext.getText().toUpperCase(Locale.ROOT);
    Long millis = UNIT_MILLIS.get(unit);
    if (millis == null) {
      throw error(unitContext, "unknown time unit '" + unitContext.getText()
          + "': use MILLISECONDS, SECONDS, MINUTES, HOURS or DAYS");
    }
    try {
      return Duration.ofMillis(Math.multiplyExact(amount, millis));
    } catch (ArithmeticException e) {
      throw error(whole, "duration " + whole.getText() + " is too large");
    }
  }

  static Expression expression(ExpressionContext ctx) {
    return bool(ctx.booleanExpression());
  }

  private static Expression bool(BooleanExpressionContext ctx) {
    if (ctx instanceof BooleanDefaultContext d) {
      return predicated(d.predicated());
    }
    if (ctx instanceof LogicalNotContext n) {
      return new Not(bool(n.booleanExpression()), loc(n));
    }
    LogicalBinaryContext b = (LogicalBinaryContext) ctx;
    LogicalOp op = b.operator.getType() == StromSqlLexer.AND ? LogicalOp.AND : LogicalOp.OR;
    return new Logical(op, bool(b.left), bool(b.right), loc(b));
  }

  private static Expression predicated(PredicatedContext ctx) {
    Expression value = value(ctx.valueExpression());
    PredicateContext p = ctx.predicate();
    if (p == null) {
      return value;
    }
    Location at = loc(ctx);
    if (p instanceof ComparisonContext c) {
      return new Comparison(comparisonOp(c.comparisonOperator()), value, value(c.right), loc(ctx));
    }
    if (p instanceof DistinctFromContext d) {
      return new DistinctFrom(value, value(d.right), d.NOT() != null, at);
    }
    if (p instanceof BetweenContext b) {
      return new Between(value, value(b.lower), value(b.upper), b.NOT() != null, at);
    }
    if (p instanceof InListContext i) {
      return new InList(value, i.expression().stream().map(AstBuilder::expression).toList(), i.NOT() != null, at);
    }
    if (p instanceof LikeContext l) {
      Character escape = null;
      if (l.escape != null) {
        String text = unquoteString(l.escape.getText());
        if (text.length() != 1) {
          throw error(l.escape, "ESCAPE must be a single character, not '" + text + "'");
        }
        escape = text.charAt(0);
      }
      return new Like(value, value(l.pattern), escape, l.NOT() != null, at);
    }
    NullPredicateContext n = (NullPredicateContext) p;
    return new IsNull(value, n.NOT() != null, at);
  }

  private static ComparisonOp comparisonOp(ComparisonOperatorContext ctx) {
    return switch (((TerminalNode) ctx.getChild(0)).getSymbol().getType()) {
      case StromSqlLexer.EQ -> ComparisonOp.EQUAL;
      case StromSqlLexer.NEQ -> ComparisonOp.NOT_EQUAL;
      case StromSqlLexer.LT -> ComparisonOp.LESS_THAN;
      case StromSqlLexer.LTE -> ComparisonOp.LESS_THAN_OR_EQUAL;
      case StromSqlLexer.GT -> ComparisonOp.GREATER_THAN;
      default -> ComparisonOp.GREATER_THAN_OR_EQUAL;
    };
  }

  private static Expression value(ValueExpressionContext ctx) {
    if (ctx instanceof ValueExpressionDefaultContext d) {
      return primary(d.primaryExpression());
    }
    if (ctx instanceof ArithmeticUnaryContext u) {
      Expression operand = value(u.valueExpression());
      return u.operator.getType() == StromSqlLexer.MINUS ? new Negate(operand, loc(u)) : operand;
    }
    if (ctx instanceof ArithmeticBinaryContext b) {
      ArithmeticOp op = switch (b.operator.getType()) {
        case StromSqlLexer.PLUS -> ArithmeticOp.ADD;
        case StromSqlLexer.MINUS -> ArithmeticOp.SUBTRACT;
        case StromSqlLexer.ASTERISK -> ArithmeticOp.MULTIPLY;
        case StromSqlLexer.SLASH -> ArithmeticOp.DIVIDE;
        default -> ArithmeticOp.MODULUS;
      };
      return new Arithmetic(op, value(b.left), value(b.right), loc(b));
    }
    ConcatenationContext c = (ConcatenationContext) ctx;
    return new FunctionCall(new Identifier("CONCAT", false, loc(c)), List.of(value(c.left), value(c.right)), false, loc(c));
  }

  private static Expression primary(PrimaryExpressionContext ctx) {
    if (ctx instanceof LiteralExpressionContext l) {
      return literal(l.literal());
    }
    if (ctx instanceof ColumnReferenceContext c) {
      Identifier name = identifier(c.identifier());
      return new ColumnRef(null, name, name.location());
    }
    if (ctx instanceof QualifiedColumnReferenceContext q) {
      return new ColumnRef(identifier(q.qualifier), identifier(q.name), loc(q));
    }
    if (ctx instanceof FunctionCallContext f) {
      return new FunctionCall(identifier(f.identifier()), f.expression().stream().map(AstBuilder::expression).toList(),
          false, loc(f));
    }
    if (ctx instanceof FunctionCallStarContext f) {
      return new FunctionCall(identifier(f.identifier()), List.of(), true, loc(f));
    }
    if (ctx instanceof FunctionCallQualifiedStarContext f) {
      // COUNT(A.*): the rows of one pattern variable; the qualifier is the call's one argument
      Identifier qualifier = identifier(f.qualifier);
      return new FunctionCall(identifier(f.identifier(0)), List.of(new ColumnRef(null, qualifier, qualifier.location())),
          true, loc(f));
    }
    if (ctx instanceof ParenthesizedContext p) {
      return expression(p.expression());
    }
    if (ctx instanceof SearchedCaseContext s) {
      return new SearchedCase(whens(s.whenClause()),
          s.elseExpression == null ? null : expression(s.elseExpression), loc(s));
    }
    if (ctx instanceof SimpleCaseContext s) {
      return new SimpleCase(expression(s.operand), whens(s.whenClause()),
          s.elseExpression == null ? null : expression(s.elseExpression), loc(s));
    }
    if (ctx instanceof CastContext c) {
      return new Cast(expression(c.expression()), type(c.type()), loc(c));
    }
    if (ctx instanceof ArrayConstructorContext a) {
      return new ArrayConstructor(a.expression().stream().map(AstBuilder::expression).toList(), loc(a));
    }
    if (ctx instanceof SubscriptContext s) {
      return new Subscript(primary(s.base), value(s.index), loc(s));
    }
    DereferenceContext d = (DereferenceContext) ctx;
    return new Dereference(primary(d.base), identifier(d.field), loc(d));
  }

  private static List<WhenClause> whens(List<WhenClauseContext> ctxs) {
    return ctxs.stream().map(w -> new WhenClause(expression(w.condition), expression(w.result))).toList();
  }

  private static Expression literal(LiteralContext ctx) {
    Location at = loc(ctx);
    if (ctx instanceof NullLiteralContext) {
      return new NullLiteral(at);
    }
    if (ctx instanceof BooleanLiteralContext b) {
      return new BooleanLiteral(b.TRUE() != null, at);
    }
    if (ctx instanceof StringLiteralContext s) {
      return new StringLiteral(unquoteString(s.STRING().getText()), at);
    }
    if (ctx instanceof IntegerLiteralContext i) {
      String text = (i.MINUS() != null ? "-" : "") + i.INTEGER_VALUE().getText();
      try {
        return new IntegerLiteral(Long.parseLong(text), at);
      } catch (NumberFormatException e) {
        return new DecimalLiteral(new BigDecimal(text), at);
      }
    }
    if (ctx instanceof DecimalLiteralContext d) {
      return new DecimalLiteral(new BigDecimal((d.MINUS() != null ? "-" : "") + d.DECIMAL_VALUE().getText()), at);
    }
    FloatLiteralContext f = (FloatLiteralContext) ctx;
    double value = Double.parseDouble((f.MINUS() != null ? "-" : "") + f.FLOATING_POINT_VALUE().getText());
    if (Double.isInfinite(value)) {
      throw error(f, "number " + f.getText() + " is out of range for DOUBLE");
    }
    return new DoubleLiteral(value, at);
  }

  static SqlType type(TypeContext ctx) {
    if (ctx instanceof ArrayTypeContext a) {
      return SqlType.array(type(a.type()));
    }
    if (ctx instanceof MapTypeContext m) {
      SqlType key = type(m.type(0));
      if (key.kind() != SqlType.Kind.STRING) {
        throw error(m.type(0), "MAP keys must be STRING, not " + key);
      }
      return SqlType.map(type(m.type(1)));
    }
    if (ctx instanceof StructTypeContext s) {
      List<SqlType.Field> fields = new ArrayList<>();
      for (int i = 0; i < s.identifier().size(); i++) {
        fields.add(new SqlType.Field(identifier(s.identifier(i)).name(), type(s.type(i))));
      }
      return SqlType.struct(fields);
    }
    NamedTypeContext n = (NamedTypeContext) ctx;
    String name = n.identifier().getText().toUpperCase(Locale.ROOT);
    List<TerminalNode> params = n.INTEGER_VALUE();
    if (name.equals("DECIMAL")) {
      if (params.size() != 2) {
        throw error(n, "DECIMAL needs a precision and a scale, e.g. DECIMAL(10, 2)");
      }
      int precision = parseInt(params.get(0));
      int scale = parseInt(params.get(1));
      if (precision < 1 || scale > precision) {
        throw error(n, "DECIMAL(" + precision + ", " + scale + "): precision must be at least 1 and scale at most the precision");
      }
      return SqlType.decimal(precision, scale);
    }
    SqlType type = SqlType.NAMED.get(name);
    if (type == null) {
      throw error(n, "unknown type '" + n.identifier().getText()
          + "': use BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL(p, s), STRING, VARCHAR, TIMESTAMP, DATE, TIME, ARRAY<..>, MAP<STRING, ..> or STRUCT<..>");
    }
    if (!params.isEmpty()) {
      throw error(n, "type " + name + " takes no parameters");
    }
    return type;
  }

  static Identifier identifier(IdentifierContext ctx) {
    Location at = loc(ctx);
    if (ctx instanceof QuotedIdentifierContext q) {
      String text = q.QUOTED_IDENTIFIER().getText();
      return new Identifier(text.substring(1, text.length() - 1).replace("\"\"", "\""), true, at);
    }
    if (ctx instanceof BackQuotedIdentifierContext b) {
      String text = b.BACKQUOTED_IDENTIFIER().getText();
      return new Identifier(text.substring(1, text.length() - 1).replace("``", "`"), true, at);
    }
    return new Identifier(ctx.getText().toUpperCase(Locale.ROOT), false, at);
  }

  private static int parseInt(Token token) {
    try {
      return Integer.parseInt(token.getText());
    } catch (NumberFormatException e) {
      throw error(token, "number " + token.getText() + " is too large");
    }
  }

  private static int parseInt(TerminalNode node) {
    try {
      return Integer.parseInt(node.getText());
    } catch (NumberFormatException e) {
      throw error(node.getSymbol(), "number " + node.getText() + " is too large");
    }
  }

  private static String unquoteString(String text) {
    return text.substring(1, text.length() - 1).replace("''", "'");
  }

  static Location loc(ParserRuleContext ctx) {
    return loc(ctx.getStart());
  }

  static Location loc(Token token) {
    return new Location(token.getLine(), token.getCharPositionInLine() + 1);
  }

  private static RuleException error(ParserRuleContext ctx, String message) {
    return error(ctx.getStart(), message);
  }

  private static RuleException error(Token token, String message) {
    Location at = loc(token);
    return new RuleException(new RuleError(at.line(), at.column(), message));
  }
}
