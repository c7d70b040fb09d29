package io.strom.rules.analyzer;

import io.strom.rules.analyzer.ExpressionAnalyzer.Aggregating;
import io.strom.rules.analyzer.ExpressionAnalyzer.Clause;
import io.strom.rules.ast.Expression;
import io.strom.rules.ast.Expression.ColumnRef;
import io.strom.rules.ast.Expression.Dereference;
import io.strom.rules.ast.Identifier;
import io.strom.rules.ast.Location;
import io.strom.rules.ast.Query;
import io.strom.rules.ast.SelectItem;
import io.strom.rules.ast.WindowClause;
import io.strom.rules.data.Column;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.data.WindowType;
import io.strom.rules.plan.Aggregation;
import io.strom.rules.plan.Expr;
import io.strom.rules.plan.Rekey;
import io.strom.rules.plan.RulePlan;
import io.strom.rules.plan.WindowPlan;
import io.strom.rules.types.SqlType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Analyzes one {@code SELECT} against its source with ksqlDB's rules: the key model (a stream's
 * key columns must be projected, a table's GROUP BY expressions are its key), generated
 * {@code KSQL_COL_n} names, reserved names, aggregate and window placement.
 */
final class QueryAnalyzer {

  static final Set<String> RESERVED = Set.of("ROWTIME", "WINDOWSTART", "WINDOWEND", "ROWPARTITION", "ROWOFFSET");
  /** A single-source query's key column is ROWKEY, so no alias may take that name either. */
  private static final Set<String> RESERVED_FOR_ALIASES = Set.of("ROWTIME", "WINDOWSTART", "WINDOWEND", "ROWPARTITION",
      "ROWOFFSET", "ROWKEY");
  private static final long DAY_MILLIS = 86_400_000L;

  /** A SELECT item after star expansion. */
  private record Item(Expression expression, Identifier alias, Location location) {}

  private final String ruleName;
  private final boolean table;
  private final Query query;
  private final StreamSchema source;
  private final Identifier alias;

  QueryAnalyzer(String ruleName, boolean table, Query query, StreamSchema source) {
    this.ruleName = ruleName;
    this.table = table;
    this.query = query;
    this.source = source;
    this.alias = query.from().alias();
  }

  RulePlan analyze(String topic) {
    if (query.matchRecognize() != null) {
      return new PatternAnalyzer(ruleName, table, query, source).analyze(topic);
    }
    Expr where = where();
    List<Item> items = expandStars();
    boolean aggregate = query.groupBy() != null || items.stream().anyMatch(i -> ExpressionAnalyzer.containsAggregate(i.expression()))
        || ExpressionAnalyzer.containsAggregate(query.having());
    if (query.limit() != null) {
      throw new AnalysisException(query.location(), "LIMIT is not supported in a rule: a rule runs over an unbounded stream.");
    }
    if (query.partitionBy() != null) {
      if (source.table()) {
        throw new AnalysisException(query.partitionBy().get(0).location(), "PARTITION BY is not supported on tables:"
            + " a table is keyed by its PRIMARY KEY. Use GROUP BY to re-key a table.");
      }
      if (aggregate) {
        throw new AnalysisException(query.partitionBy().get(0).location(), "PARTITION BY and GROUP BY cannot be"
            + " combined: GROUP BY already sets the key of a table.");
      }
    }
    if (!aggregate) {
      return stateless(topic, where, items);
    }
    return aggregated(topic, where, items);
  }

  private Expr where() {
    if (query.where() == null) {
      return null;
    }
    Expr where;
    try {
      where = new ExpressionAnalyzer(source, alias, Clause.WHERE, null).analyze(query.where());
    } catch (AnalysisException e) {
      throw e.getMessage().startsWith("WHERE column") ? e
          : new AnalysisException(e.location(), "Error in WHERE expression: " + e.getMessage());
    }
    if (where.type().kind() != SqlType.Kind.BOOLEAN && !where.type().isNull()) {
      throw new AnalysisException(query.where().location(), "Type error in WHERE expression: Should evaluate to boolean but is "
          + query.where().sql() + " (" + where.type() + ") instead.");
    }
    return where;
  }

  private List<Item> expandStars() {
    List<Item> items = new ArrayList<>();
    List<Expression> partitionBy = rekeyExpressions();
    for (SelectItem item : query.select()) {
      if (item instanceof SelectItem.Single s) {
        items.add(new Item(s.expression(), s.alias(), s.location()));
        continue;
      }
      SelectItem.All all = (SelectItem.All) item;
      if (all.qualifier() != null && !qualifies(all.qualifier())) {
        throw new AnalysisException(all.location(), "'" + all.qualifier() + "' is not a valid stream/table name or alias."
            + " The source is " + source.name() + (alias == null ? "" : " (alias " + alias + ")") + ".");
      }
      if (partitionBy != null) {
        // ksqlDB: the new key columns, the value columns, then the old key columns
        expandRekeyed(all, partitionBy, items);
        continue;
      }
      // keys first, then values, as ksqlDB orders a source's columns
      for (boolean keys : new boolean[] {true, false}) {
        for (Column c : source.columns()) {
          if (c.isKey() == keys) {
            Identifier name = new Identifier(c.name(), true, all.location());
            items.add(new Item(new ColumnRef(null, name, all.location()), null, all.location()));
          }
        }
      }
    }
    return items;
  }

  /** The PARTITION BY expressions, or null without one (and for {@code PARTITION BY NULL}: an empty list). */
  private List<Expression> rekeyExpressions() {
    if (query.partitionBy() == null) {
      return null;
    }
    if (query.partitionBy().size() == 1 && query.partitionBy().get(0) instanceof Expression.NullLiteral) {
      return List.of();
    }
    return query.partitionBy();
  }

  private void expandRekeyed(SelectItem.All all, List<Expression> partitionBy, List<Item> items) {
    ExpressionAnalyzer analyzer = new ExpressionAnalyzer(source, alias, Clause.PARTITION_BY, null);
    List<Expr> keys = new ArrayList<>();
    for (Expression e : partitionBy) {
      Expr key = analyzer.analyze(e);
      keys.add(key);
      Identifier name = e instanceof ColumnRef c && c.name().name().equals("ROWTIME") && !c.name().quoted()
          ? new Identifier("ROWTIME", true, e.location()) : null;
      items.add(new Item(e, name, all.location()));
    }
    for (boolean oldKeys : new boolean[] {false, true}) {
      for (int i = 0; i < source.columns().size(); i++) {
        Column c = source.columns().get(i);
        if (c.isKey() == oldKeys && !keys.contains(new Expr.ColumnValue(i, c.name(), c.type()))) {
          Identifier name = new Identifier(c.name(), true, all.location());
          items.add(new Item(new ColumnRef(null, name, all.location()), null, all.location()));
        }
      }
    }
  }

  private boolean qualifies(Identifier qualifier) {
    return qualifier.name().equals(source.name()) || alias != null && qualifier.name().equals(alias.name());
  }

  private RulePlan stateless(String topic, Expr where, List<Item> items) {
    if (query.window() != null) {
      throw new AnalysisException(query.window().location(),
          "A WINDOW needs an aggregation: add GROUP BY and aggregate functions, in a CREATE TABLE ... AS SELECT.");
    }
    if (query.having() != null) {
      throw new AnalysisException(query.having().location(), "HAVING needs a GROUP BY clause.");
    }
    if (query.emit() == Query.Emit.FINAL) {
      throw new AnalysisException(query.emitLocation(), "EMIT FINAL is only supported for windowed aggregations.");
    }
    if (table && !source.table()) {
      throw new AnalysisException(query.location(), "Invalid result type. Your SELECT query produces a STREAM."
          + " Please use CREATE STREAM AS SELECT statement instead (or add a GROUP BY to build a table).");
    }
    if (!table && source.table()) {
      throw new AnalysisException(query.location(), "Invalid result type. Your SELECT query produces a TABLE."
          + " Please use CREATE TABLE AS SELECT statement instead.");
    }
    if (query.partitionBy() != null) {
      return rekeyed(topic, where, items);
    }
    ExpressionAnalyzer analyzer = new ExpressionAnalyzer(source, alias, Clause.SELECT, null);
    List<Expr> projection = new ArrayList<>();
    for (Item item : items) {
      Expr e = analyzer.analyze(item.expression());
      if (e.type().isNull()) {
        throw new AnalysisException(item.location(), "Can't infer a type of null. Please explicitly cast it to a"
            + " required type, e.g. CAST(null AS VARCHAR).");
      }
      projection.add(e);
    }
    List<String> names = names(items);
    // ksqlDB's key model: every key column of the source is projected exactly once, plainly.
    List<Column> output = new ArrayList<>();
    List<Integer> keyOutputs = new ArrayList<>();
    List<String> sourceKeys = source.keyColumns().stream().map(Column::name).toList();
    List<String> projectedKeys = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Expr e = projection.get(i);
      boolean isKey = e instanceof Expr.ColumnValue c && source.columns().get(c.index()).isKey();
      if (isKey) {
        String keyName = ((Expr.ColumnValue) e).name();
        int earlier = projectedKeys.indexOf(keyName);
        if (earlier >= 0) {
          String firstAlias = output.get(keyOutputs.get(earlier)).name();
          throw new AnalysisException(items.get(i).location(), "The projection contains a key column (`" + keyName
              + "`) more than once, aliased as: " + firstAlias + " and " + names.get(i) + ".");
        }
        projectedKeys.add(keyName);
        keyOutputs.add(i);
      }
      output.add(new Column(names.get(i), e.type(), isKey));
    }
    if (!projectedKeys.containsAll(sourceKeys)) {
      List<String> missing = sourceKeys; // ksqlDB names them all
      String list = joinAnd(missing);
      throw new AnalysisException(query.location(), "The query used to build `" + ruleName + "` must include the key column"
          + (missing.size() > 1 ? "s " : " ") + list + " in its projection (eg, SELECT " + String.join(", ", missing) + "...).");
    }
    if (!sourceKeys.isEmpty() && keyOutputs.size() == output.size()) {
      throw new AnalysisException(query.location(), "The projection contains no value columns.");
    }
    checkDuplicates(output, items);
    return new RulePlan(ruleName, table, topic, source, output, where, projection, keyOutputs, null);
  }

  /**
   * {@code PARTITION BY}: the projected items equal to a PARTITION BY expression become the key
   * columns (first, in PARTITION BY order); the source's old key columns are values like any other.
   */
  private RulePlan rekeyed(String topic, Expr where, List<Item> items) {
    List<Expression> partitionBy = rekeyExpressions();
    ExpressionAnalyzer keyAnalyzer = new ExpressionAnalyzer(source, alias, Clause.PARTITION_BY, null);
    List<Expr> keys = new ArrayList<>();
    List<Boolean> keyOnly = new ArrayList<>();
    for (Expression e : partitionBy) {
      Expr key = keyAnalyzer.analyze(e);
      if (keys.contains(key)) {
        throw new AnalysisException(e.location(), "Duplicate PARTITION BY expression: " + e.sql());
      }
      keys.add(key);
      keyOnly.add(readsOnlyKeys(key));
    }
    ExpressionAnalyzer analyzer = new ExpressionAnalyzer(source, alias, Clause.SELECT, null);
    List<Expr> projection = new ArrayList<>();
    for (Item item : items) {
      Expr e = analyzer.analyze(item.expression());
      if (e.type().isNull()) {
        throw new AnalysisException(item.location(), "Can't infer a type of null. Please explicitly cast it to a"
            + " required type, e.g. CAST(null AS VARCHAR).");
      }
      projection.add(e);
    }
    List<String> names = names(items);
    Integer[] keyAt = new Integer[keys.size()];
    for (int i = 0; i < projection.size(); i++) {
      int k = keys.indexOf(projection.get(i));
      if (k >= 0) {
        if (keyAt[k] != null) {
          throw new AnalysisException(items.get(i).location(), "The projection contains a key column more than once: `"
              + names.get(keyAt[k]) + "` and `" + names.get(i) + "`.");
        }
        keyAt[k] = i;
      }
    }
    List<String> missing = new ArrayList<>();
    for (int k = 0; k < keyAt.length; k++) {
      if (keyAt[k] == null) {
        missing.add(partitionBy.get(k).sql());
      }
    }
    if (!missing.isEmpty()) {
      throw new AnalysisException(query.location(), "The query used to build `" + ruleName + "` must include the"
          + " partitioning expression" + (missing.size() > 1 ? "s " : " ") + joinAnd(missing) + " in its projection"
          + " (eg, SELECT " + String.join(", ", missing) + "...).");
    }
    // key columns first, in PARTITION BY order, then the values in SELECT order (ksqlDB's schema)
    List<Integer> order = new ArrayList<>(List.of(keyAt));
    for (int i = 0; i < projection.size(); i++) {
      if (!order.contains(i)) {
        order.add(i);
      }
    }
    List<Column> output = new ArrayList<>();
    List<Expr> ordered = new ArrayList<>();
    List<Item> orderedItems = new ArrayList<>();
    for (int n = 0; n < order.size(); n++) {
      int i = order.get(n);
      output.add(new Column(names.get(i), projection.get(i).type(), n < keyAt.length));
      ordered.add(projection.get(i));
      orderedItems.add(items.get(i));
    }
    if (!keys.isEmpty() && keyAt.length == output.size()) {
      throw new AnalysisException(query.location(), "The projection contains no value columns.");
    }
    checkDuplicates(output, orderedItems);
    List<Integer> keyOutputs = new ArrayList<>();
    for (int k = 0; k < keyAt.length; k++) {
      keyOutputs.add(k);
    }
    return new RulePlan(ruleName, false, topic, source, output, where, ordered, keyOutputs, null, null,
        new Rekey(keys, keyOnly), null);
  }

  /** True when the expression reads nothing of the record but key columns (no value column, no ROWTIME). */
  private boolean readsOnlyKeys(Expr e) {
    boolean[] seen = new boolean[2]; // [a key column, anything else of the record]
    visitRow(e, seen);
    return !seen[1];
  }

  private void visitRow(Expr e, boolean[] seen) {
    if (e instanceof Expr.ColumnValue c) {
      seen[source.columns().get(c.index()).isKey() ? 0 : 1] = true;
    } else if (e instanceof Expr.RowTime) {
      seen[1] = true;
    }
    ExpressionAnalyzer.children(e).forEach(child -> visitRow(child, seen));
  }

  private RulePlan aggregated(String topic, Expr where, List<Item> items) {
    boolean hasAggregateCall = items.stream().anyMatch(i -> ExpressionAnalyzer.containsAggregate(i.expression()))
        || ExpressionAnalyzer.containsAggregate(query.having());
    if (query.groupBy() == null) {
      ExpressionAnalyzer plain = new ExpressionAnalyzer(source, alias, Clause.SELECT, null);
      for (Item item : items) {
        if (!ExpressionAnalyzer.containsAggregate(item.expression())) {
          Expr e = plain.analyze(item.expression());
          if (ExpressionAnalyzer.readsRow(e)) {
            throw new AnalysisException(item.location(), "Non-aggregate SELECT expression(s) not part of GROUP BY: "
                + item.expression().sql() + ". Add a GROUP BY clause.");
          }
        }
      }
      String calls = items.stream().map(Item::expression).filter(ExpressionAnalyzer::containsAggregate)
          .map(Expression::sql).collect(Collectors.joining(", "));
      throw new AnalysisException(query.location(), (table ? "CREATE TABLE" : "CREATE STREAM")
          + " AS SELECT statement does not support aggregate function [" + calls + "] without a GROUP BY clause.");
    }
    if (!hasAggregateCall) {
      throw new AnalysisException(query.groupByLocation(),
          "GROUP BY requires aggregate functions in either the SELECT or HAVING clause.");
    }
    if (!table) {
      throw new AnalysisException(query.location(), "Invalid result type. Your SELECT query produces a TABLE."
          + " Please use CREATE TABLE AS SELECT statement instead.");
    }
    if (source.table() && query.window() != null) {
      throw new AnalysisException(query.window().location(), "A table cannot be windowed: WINDOW groups the records of"
          + " a stream, while a table holds one current row per key. Aggregate the table without WINDOW.");
    }
    WindowPlan window = window(query.window(), query.emit() == Query.Emit.FINAL);
    if (query.emit() == Query.Emit.FINAL && window == null) {
      throw new AnalysisException(query.emitLocation(), "EMIT FINAL is only supported for windowed aggregations.");
    }
    // GROUP BY expressions, on input rows
    ExpressionAnalyzer groupAnalyzer = new ExpressionAnalyzer(source, alias, Clause.GROUP_BY, null);
    List<Expr> groupBy = new ArrayList<>();
    for (Expression g : query.groupBy()) {
      Expr e = groupAnalyzer.analyze(g);
      if (e.type().isNull()) {
        throw new AnalysisException(g.location(), "Can't GROUP BY null: " + g.sql());
      }
      if (groupBy.contains(e)) {
        throw new AnalysisException(g.location(), "Duplicate GROUP BY expression: " + qualified(g));
      }
      groupBy.add(e);
    }
    if (groupBy.isEmpty()) {
      throw new AnalysisException(query.groupByLocation(), "GROUP BY needs at least one expression.");
    }
    Aggregating aggregating = new Aggregating(groupBy, window != null);
    ExpressionAnalyzer selectAnalyzer = new ExpressionAnalyzer(source, alias, Clause.SELECT, aggregating);
    List<Expr> projection = new ArrayList<>();
    for (Item item : items) {
      Expr e = selectAnalyzer.analyze(item.expression());
      if (e.type().isNull()) {
        throw new AnalysisException(item.location(), "Can't infer a type of null. Please explicitly cast it to a"
            + " required type, e.g. CAST(null AS VARCHAR).");
      }
      projection.add(e);
    }
    Expr having = null;
    if (query.having() != null) {
      having = new ExpressionAnalyzer(source, alias, Clause.HAVING, aggregating).analyze(query.having());
      if (having.type().kind() != SqlType.Kind.BOOLEAN) {
        throw new AnalysisException(query.having().location(), "Type error in HAVING expression: Should evaluate to"
            + " boolean but is " + query.having().sql() + " (" + having.type() + ") instead.");
      }
    }
    List<String> names = names(items);
    List<Column> output = new ArrayList<>();
    Integer[] keyAt = new Integer[groupBy.size()];
    for (int i = 0; i < items.size(); i++) {
      Expr e = projection.get(i);
      boolean isKey = e instanceof Expr.GroupKey;
      if (isKey) {
        int g = ((Expr.GroupKey) e).index();
        if (keyAt[g] != null) {
          throw new AnalysisException(items.get(i).location(), "The projection contains a key column more than once: `"
              + names.get(keyAt[g]) + "` and `" + names.get(i) + "`.");
        }
        keyAt[g] = i;
      }
      output.add(new Column(names.get(i), e.type(), isKey));
    }
    List<String> missing = new ArrayList<>();
    for (int g = 0; g < keyAt.length; g++) {
      if (keyAt[g] == null) {
        missing.add(query.groupBy().get(g).sql());
      }
    }
    if (!missing.isEmpty()) {
      throw new AnalysisException(query.location(), "The query used to build `" + ruleName + "` must include the grouping"
          + " expression" + (missing.size() > 1 ? "s " : " ") + joinAnd(missing) + " in its projection (eg, SELECT "
          + String.join(", ", missing) + "...).");
    }
    if (groupBy.size() == output.size()) {
      throw new AnalysisException(query.location(), "The projection contains no value columns.");
    }
    checkDuplicates(output, items);
    List<Integer> keyOutputs = new ArrayList<>(List.of(keyAt));
    Aggregation aggregation = new Aggregation(groupBy, aggregating.aggregates, having, window,
        query.emit() == Query.Emit.FINAL);
    return new RulePlan(ruleName, true, topic, source, output, where, projection, keyOutputs, aggregation);
  }

  private String qualified(Expression g) {
    if (g instanceof ColumnRef c && c.qualifier() != null) {
      return c.qualifier() + "." + c.name();
    }
    return g instanceof ColumnRef c ? source.name() + "." + c.name() : g.sql();
  }

  private static WindowPlan window(WindowClause spec, boolean emitFinal) {
    if (spec == null) {
      return null;
    }
    long size = spec.size().toMillis();
    if (size <= 0) {
      throw new AnalysisException(spec.location(), (spec.kind() == WindowClause.Kind.SESSION ? "The session gap" : "The window SIZE")
          + " must be greater than zero.");
    }
    long advance = spec.advance() == null ? size : spec.advance().toMillis();
    if (spec.kind() == WindowClause.Kind.HOPPING && (advance <= 0 || advance > size)) {
      throw new AnalysisException(spec.location(), "ADVANCE BY must be greater than zero and at most the window SIZE ("
          + size + " ms), but is " + advance + " ms.");
    }
    long grace;
    if (spec.grace() != null) {
      grace = spec.grace().toMillis();
    } else if (emitFinal) {
      grace = 0;
    } else {
      grace = Math.max(DAY_MILLIS - size, 0);
    }
    Long retention = spec.retention() == null ? null : spec.retention().toMillis();
    if (retention != null && retention < size + grace) {
      throw new AnalysisException(spec.location(), "RETENTION (" + retention + " ms) must be at least the window size plus"
          + " the grace period (" + (size + grace) + " ms).");
    }
    WindowType type = switch (spec.kind()) {
      case TUMBLING -> WindowType.TUMBLING;
      case HOPPING -> WindowType.HOPPING;
      case SESSION -> WindowType.SESSION;
    };
    return new WindowPlan(type, size, advance, grace, retention);
  }

  /** Output names: aliases, column names, else KSQL_COL_n skipping names the source or aliases use. */
  private List<String> names(List<Item> items) {
    ProjectedNames generated = new ProjectedNames(source.columns().stream().map(Column::name).toList(),
        items.stream().map(Item::alias).toList(), RESERVED_FOR_ALIASES);
    List<String> names = new ArrayList<>();
    for (Item item : items) {
      if (item.alias() != null) {
        names.add(item.alias().name());
      } else if (item.expression() instanceof ColumnRef c) {
        if (RESERVED.contains(c.name().name()) && !c.name().quoted()) {
          throw new AnalysisException(item.location(), "Reserved column name in select: `" + c.name().name()
              + "`. Please remove or alias the column.");
        }
        names.add(c.name().name());
      } else if (item.expression() instanceof Dereference d) {
        names.add(d.field().name());
      } else {
        names.add(generated.generated());
      }
    }
    return names;
  }

  private static void checkDuplicates(List<Column> output, List<Item> items) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < output.size(); i++) {
      Column c = output.get(i);
      if (!seen.add(c.name())) {
        throw new AnalysisException(items.get(i).location(), "Duplicate value columns found in schema: `" + c.name() + "` "
            + c.type() + ". Give one of them another name with AS.");
      }
    }
  }

  private static String joinAnd(List<String> names) {
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
  }
}
