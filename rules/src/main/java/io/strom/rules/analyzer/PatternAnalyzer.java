package io.strom.rules.analyzer;

import io.strom.rules.analyzer.ExpressionAnalyzer.Clause;
import io.strom.rules.ast.Expression;
import io.strom.rules.ast.Expression.ColumnRef;
import io.strom.rules.ast.Identifier;
import io.strom.rules.ast.MatchRecognize;
import io.strom.rules.ast.MatchRecognize.PatternTerm;
import io.strom.rules.ast.Query;
import io.strom.rules.data.Column;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.plan.Expr;
import io.strom.rules.plan.PatternPlan;
import io.strom.rules.plan.RulePlan;
import io.strom.rules.runtime.pattern.AfterMatch;
import io.strom.rules.runtime.pattern.Pattern;
import io.strom.rules.runtime.pattern.PatternNfa;
import io.strom.rules.types.SqlType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Analyzes a {@code SELECT ... FROM source MATCH_RECOGNIZE (...)}: the pattern and its variables,
 * DEFINE and MEASURES in pattern terms ({@link PatternScope}), then the SELECT list against the
 * match row (the PARTITION BY columns as its key, then the measures), as Flink SQL's ONE ROW PER
 * MATCH output is.
 */
final class PatternAnalyzer {

  /** Counted repetitions are unrolled into the NFA: larger counts than this are refused. */
  static final int MAX_REPEAT = 100;

  private final String ruleName;
  private final boolean table;
  private final Query query;
  private final MatchRecognize match;
  private final StreamSchema source;
  private final List<String> variables = new ArrayList<>();

  PatternAnalyzer(String ruleName, boolean table, Query query, StreamSchema source) {
    this.ruleName = ruleName;
    this.table = table;
    this.query = query;
    this.match = query.matchRecognize();
    this.source = source;
  }

  RulePlan analyze(String topic) {
    rejectOtherClauses();
    checkOrderBy();
    Pattern pattern = pattern(match.pattern());
    if (pattern.nullable()) {
      throw new AnalysisException(match.pattern().location(), "The PATTERN can match no rows at all: make at least"
          + " one variable mandatory (e.g. A+ rather than A*).");
    }
    String text = describe(match.pattern());
    try {
      PatternNfa.compile(pattern);
    } catch (IllegalArgumentException e) {
      throw new AnalysisException(match.pattern().location(), "The PATTERN is too large: " + e.getMessage()
          + "; use smaller counts in {n,m}.");
    }
    List<Expr> defines = defines();
    List<Expr> partitionBy = new ArrayList<>();
    List<Column> matchColumns = new ArrayList<>();
    ExpressionAnalyzer partitionAnalyzer = new ExpressionAnalyzer(source, query.from().alias(), Clause.PARTITION_BY, null);
    for (Expression e : match.partitionBy()) {
      if (!(e instanceof ColumnRef c)) {
        throw new AnalysisException(e.location(), "PARTITION BY of a MATCH_RECOGNIZE takes columns of "
            + source.name() + ", not " + e.sql());
      }
      Expr column = partitionAnalyzer.analyze(c);
      if (!(column instanceof Expr.ColumnValue value)) {
        throw new AnalysisException(e.location(), "PARTITION BY of a MATCH_RECOGNIZE takes columns of "
            + source.name() + ", not " + e.sql());
      }
      if (partitionBy.contains(value)) {
        throw new AnalysisException(e.location(), "Duplicate PARTITION BY column: " + e.sql());
      }
      partitionBy.add(value);
      matchColumns.add(Column.key(value.name(), value.type()));
    }
    List<Expr> measures = new ArrayList<>();
    Set<String> names = new HashSet<>();
    matchColumns.forEach(c -> names.add(c.name()));
    ExpressionAnalyzer measureAnalyzer = new ExpressionAnalyzer(source, query.from().alias(), Clause.MEASURES, null,
        PatternScope.measures(variables));
    for (MatchRecognize.Measure m : match.measures()) {
      Expr e = measureAnalyzer.analyze(m.expression());
      if (e.type().isNull()) {
        throw new AnalysisException(m.location(), "Can't infer a type of null in MEASURES. Please explicitly cast it"
            + " to a required type, e.g. CAST(null AS VARCHAR).");
      }
      if (!names.add(m.name().name())) {
        throw new AnalysisException(m.name().location(), "Duplicate column " + m.name().name()
            + " in the MATCH_RECOGNIZE output: the PARTITION BY columns and MEASURES need distinct names.");
      }
      measures.add(e);
      matchColumns.add(Column.value(m.name().name(), e.type()));
    }
    AfterMatch afterMatch = afterMatch();
    long within = -1;
    if (match.within() != null) {
      within = match.within().toMillis();
      if (within <= 0) {
        throw new AnalysisException(match.location(), "WITHIN must be greater than zero.");
      }
    }
    long grace = match.grace() == null ? 0 : match.grace().toMillis();

    // the SELECT list reads the match row, as a stateless rule reads its source
    StreamSchema matchRow = new StreamSchema(source.name(), source.topic(), matchColumns, null);
    Query outer = new Query(query.select(), new Query.Relation(query.from().name(), match.alias(), query.from().location()),
        null, null, null, null, null, null, null, query.emit(), query.emitLocation(), null, query.location());
    RulePlan projected = new QueryAnalyzer(ruleName, table, outer, matchRow).analyze(topic);
    PatternPlan plan = new PatternPlan(variables, pattern, partitionBy, defines, measures, matchColumns, afterMatch,
        within, grace, text + (within < 0 ? "" : " WITHIN " + within) + " SKIP " + afterMatch);
    return new RulePlan(ruleName, false, topic, source, projected.output(), null, projected.projection(),
        projected.keyOutputIndexes(), null, plan);
  }

  private void rejectOtherClauses() {
    if (query.window() != null) {
      throw new AnalysisException(query.window().location(), "A MATCH_RECOGNIZE cannot be windowed: bound the"
          + " match in time with WITHIN instead.");
    }
    if (query.where() != null) {
      throw new AnalysisException(query.where().location(), "WHERE is not supported with MATCH_RECOGNIZE: put the"
          + " condition into DEFINE.");
    }
    if (query.groupBy() != null) {
      throw new AnalysisException(query.groupByLocation(), "GROUP BY is not supported with MATCH_RECOGNIZE:"
          + " aggregate the rows of a variable in MEASURES, e.g. COUNT(A.*).");
    }
    if (query.having() != null) {
      throw new AnalysisException(query.having().location(), "HAVING is not supported with MATCH_RECOGNIZE.");
    }
    if (query.emit() == Query.Emit.FINAL) {
      throw new AnalysisException(query.emitLocation(), "A MATCH_RECOGNIZE emits each match once: use EMIT CHANGES.");
    }
    if (table) {
      throw new AnalysisException(query.location(), "Invalid result type. A MATCH_RECOGNIZE produces a STREAM (one"
          + " row per match). Please use CREATE STREAM AS SELECT statement instead.");
    }
  }

  private void checkOrderBy() {
    Expression order = match.orderBy();
    if (order == null) {
      throw new AnalysisException(match.location(), "MATCH_RECOGNIZE needs ORDER BY ROWTIME: patterns are matched"
          + " in event-time order.");
    }
    boolean eventTime = order instanceof ColumnRef c && c.qualifier() == null
        && (c.name().name().equals("ROWTIME") || c.name().name().equals(source.timestampColumn()));
    if (!eventTime) {
      throw new AnalysisException(order.location(), "MATCH_RECOGNIZE must ORDER BY ROWTIME"
          + (source.timestampColumn() == null ? "" : " (or " + source.timestampColumn() + ", the TIMESTAMP column)")
          + ", not " + order.sql() + ": patterns are matched in event-time order.");
    }
  }

  private Pattern pattern(PatternTerm term) {
    if (term instanceof MatchRecognize.Variable v) {
      int index = variables.indexOf(v.name().name());
      if (index < 0) {
        variables.add(v.name().name());
        index = variables.size() - 1;
      }
      return new Pattern.Var(index);
    }
    if (term instanceof MatchRecognize.Concatenation c) {
      return new Pattern.Seq(c.terms().stream().map(this::pattern).toList());
    }
    if (term instanceof MatchRecognize.Alternation a) {
      return new Pattern.Alt(a.alternatives().stream().map(this::pattern).toList());
    }
    MatchRecognize.Quantified q = (MatchRecognize.Quantified) term;
    Pattern inner = pattern(q.term());
    if (q.max() >= 0 && q.min() > q.max()) {
      throw new AnalysisException(q.location(), "The quantifier {" + q.min() + "," + q.max() + "} has a lower bound"
          + " above its upper bound.");
    }
    if (q.max() == 0) {
      throw new AnalysisException(q.location(), "The quantifier {0} (or {,0}) matches nothing: remove the term.");
    }
    if (q.min() > MAX_REPEAT || q.max() > MAX_REPEAT) {
      throw new AnalysisException(q.location(), "Counts in a quantifier are limited to " + MAX_REPEAT + ".");
    }
    if (inner.nullable()) {
      throw new AnalysisException(q.location(), "A quantifier applies to a term that can match no rows: make the"
          + " quantified term match at least one row (e.g. (A B?)+ rather than (A? B?)+).");
    }
    return new Pattern.Repeat(inner, q.min(), q.max(), q.reluctant());
  }

  private List<Expr> defines() {
    Expr[] defines = new Expr[variables.size()];
    for (MatchRecognize.Define d : match.defines()) {
      Identifier name = d.variable();
      int index = variables.indexOf(name.name());
      if (index < 0) {
        throw new AnalysisException(name.location(), "DEFINE names " + name.name() + ", which the PATTERN does not use."
            + Suggestions.didYouMean(name.name(), variables));
      }
      if (defines[index] != null) {
        throw new AnalysisException(name.location(), "Variable " + name.name() + " is defined twice.");
      }
      ExpressionAnalyzer analyzer = new ExpressionAnalyzer(source, query.from().alias(), Clause.DEFINE, null,
          PatternScope.define(variables, index));
      Expr condition = analyzer.analyze(d.condition());
      if (condition.type().kind() != SqlType.Kind.BOOLEAN && !condition.type().isNull()) {
        throw new AnalysisException(d.condition().location(), "Type error in DEFINE " + name.name()
            + ": Should evaluate to boolean but is " + d.condition().sql() + " (" + condition.type() + ") instead.");
      }
      defines[index] = condition;
    }
    return java.util.Arrays.asList(defines);
  }

  private AfterMatch afterMatch() {
    MatchRecognize.SkipTo skip = match.skipTo();
    return switch (skip.kind()) {
      case PAST_LAST_ROW -> new AfterMatch(AfterMatch.Kind.PAST_LAST_ROW, -1);
      case TO_NEXT_ROW -> new AfterMatch(AfterMatch.Kind.TO_NEXT_ROW, -1);
      case TO_FIRST, TO_LAST -> {
        int variable = variables.indexOf(skip.variable().name());
        if (variable < 0) {
          throw new AnalysisException(skip.variable().location(), "AFTER MATCH SKIP names " + skip.variable().name()
              + ", which the PATTERN does not use." + Suggestions.didYouMean(skip.variable().name(), variables));
        }
        yield new AfterMatch(skip.kind() == MatchRecognize.SkipKind.TO_FIRST ? AfterMatch.Kind.TO_FIRST
            : AfterMatch.Kind.TO_LAST, variable);
      }
    };
  }

  /** The pattern as text (variables, groups, quantifiers), for the state's fingerprint. */
  static String describe(PatternTerm term) {
    if (term instanceof MatchRecognize.Variable v) {
      return v.name().name();
    }
    if (term instanceof MatchRecognize.Concatenation c) {
      return String.join(" ", c.terms().stream().map(PatternAnalyzer::describe).toList());
    }
    if (term instanceof MatchRecognize.Alternation a) {
      return "(" + String.join(" | ", a.alternatives().stream().map(PatternAnalyzer::describe).toList()) + ")";
    }
    MatchRecognize.Quantified q = (MatchRecognize.Quantified) term;
    return "(" + describe(q.term()) + "){" + q.min() + "," + (q.max() < 0 ? "" : q.max()) + "}" + (q.reluctant() ? "?" : "");
  }
}
