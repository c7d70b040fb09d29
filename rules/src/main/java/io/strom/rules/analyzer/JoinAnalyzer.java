package io.strom.rules.analyzer;

import io.strom.rules.analyzer.ExpressionAnalyzer.Clause;
import io.strom.rules.ast.Expression;
import io.strom.rules.ast.Expression.ColumnRef;
import io.strom.rules.ast.Identifier;
import io.strom.rules.ast.Location;
import io.strom.rules.ast.Query;
import io.strom.rules.ast.SelectItem;
import io.strom.rules.data.Column;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.plan.Expr;
import io.strom.rules.plan.JoinPlan;
import io.strom.rules.plan.Rekey;
import io.strom.rules.plan.RulePlan;
import io.strom.rules.types.SqlType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Analyzes {@code SELECT ... FROM a JOIN b ON ... [JOIN c ON ...]} with ksqlDB's rules: which
 * source kinds may join (stream-stream needs WITHIN, stream-table and table-table take none, a
 * table never joins a stream on its left, a table side joins on its PRIMARY KEY), the key of the
 * result (the join expression: the first ON column that is projected, else a synthetic ROWKEY),
 * and the names of the projected columns ({@code SRC_COL} where a name is not unique).
 */
final class JoinAnalyzer {

  private static final long DAY_MILLIS = 86_400_000L;

  /** A SELECT item after star expansion; {@code starName} is the name a star gives it (SRC_COL), else null. */
  private record Item(Expression expression, Identifier alias, String starName, Location location) {}

  private final String ruleName;
  private final boolean table;
  private final Query query;
  private final List<Query.Relation> relations = new ArrayList<>();
  private final JoinScope scope;

  JoinAnalyzer(String ruleName, boolean table, Query query, List<StreamSchema> sources) {
    this.ruleName = ruleName;
    this.table = table;
    this.query = query;
    relations.add(query.from());
    query.joins().forEach(j -> relations.add(j.right()));
    List<String> qualifiers = new ArrayList<>();
    for (Query.Relation r : relations) {
      String q = (r.alias() != null ? r.alias() : r.name()).name();
      if (qualifiers.contains(q)) {
        throw new AnalysisException(r.location(), "Can not join '" + q + "' to itself under the same name: give one"
            + " side an alias.");
      }
      qualifiers.add(q);
    }
    this.scope = new JoinScope(sources, qualifiers);
  }

  RulePlan analyze(String topic) {
    rejectOtherClauses();
    List<JoinPlan.Source> sources = scope.sources();
    boolean resultIsTable = sources.get(0).isTable();
    List<JoinPlan.Step> steps = new ArrayList<>();
    List<Expr> candidates = new ArrayList<>();
    boolean full = false;
    for (int k = 0; k < query.joins().size(); k++) {
      Query.Join join = query.joins().get(k);
      JoinPlan.Source right = sources.get(k + 1);
      JoinPlan.Kind kind = JoinPlan.Kind.valueOf(join.type().name());
      full |= kind == JoinPlan.Kind.FULL;
      boolean leftTable = resultIsTable;
      if (leftTable && !right.isTable()) {
        throw new AnalysisException(join.location(), "Join between invalid operands requested: left type: KTABLE,"
            + " right type: KSTREAM. A table can only be joined with a table; put the stream on the left.");
      }
      long before = 0;
      long after = 0;
      long grace = 0;
      boolean holdOuter = false;
      if (!leftTable && !right.isTable()) {
        if (join.within() == null) {
          throw new AnalysisException(join.location(), "Stream-Stream joins must have a WITHIN clause specified."
              + " None was provided. To learn about how to specify a WITHIN clause with a stream-stream join, please"
              + " visit: https://docs.confluent.io/current/ksql/docs/syntax-reference.html#create-stream-as-select");
        }
        before = join.within().before().toMillis();
        after = join.within().after().toMillis();
        if (before < 0 || after < 0) {
          throw new AnalysisException(join.within().location(), "WITHIN must not be negative.");
        }
        holdOuter = join.within().grace() != null;
        grace = holdOuter ? join.within().grace().toMillis() : Math.max(DAY_MILLIS - before - after, 0);
      } else {
        if (join.within() != null) {
          throw new AnalysisException(join.within().location(), "A window definition was provided for a "
              + (leftTable ? "Table-Table" : "Stream-Table") + " join. These joins are not windowed. Please drop the"
              + " window definition (ie. the WITHIN clause) and try to submit your query again.");
        }
        if (!leftTable && (kind == JoinPlan.Kind.RIGHT || kind == JoinPlan.Kind.FULL)) {
          throw new AnalysisException(join.location(), "Invalid join type: " + (kind == JoinPlan.Kind.RIGHT
              ? "right" : "full-outer") + " join not supported for stream-table join. Got " + relations.get(0).name()
              + " [" + kind + "] JOIN " + right.schema().name() + ".");
        }
      }
      Expr[] operands = on(join, k + 1);
      Expr leftKey = operands[0];
      Expr rightKey = operands[1];
      if (right.isTable()) {
        requirePrimaryKey(join, rightKey, right, "right");
      }
      if (leftTable) {
        requirePrimaryKey(join, leftKey, null, "left");
      }
      if (k == 0) {
        scope.keyType = leftKey.type();
      }
      if (leftKey instanceof Expr.ColumnValue) {
        candidates.add(leftKey);
      }
      if (rightKey instanceof Expr.ColumnValue) {
        candidates.add(rightKey);
      }
      steps.add(new JoinPlan.Step(kind, leftKey, rightKey, leftTable, right.isTable(), before, after, grace, holdOuter));
    }
    if (table != resultIsTable) {
      throw new AnalysisException(query.location(), "Invalid result type. Your SELECT query produces a "
          + (resultIsTable ? "TABLE. Please use CREATE TABLE AS SELECT statement instead."
              : "STREAM. Please use CREATE STREAM AS SELECT statement instead."));
    }
    if (resultIsTable && query.partitionBy() != null) {
      throw new AnalysisException(query.partitionBy().get(0).location(), "PARTITION BY is not supported on tables:"
          + " a table-table join is keyed by the primary key it joins on.");
    }
    if (full) {
      candidates.clear(); // a FULL OUTER join's key can come from either side: only the synthetic key holds it
    }
    Expr where = null;
    if (query.where() != null) {
      where = new ExpressionAnalyzer(scope, Clause.WHERE).analyze(query.where());
      if (where.type().kind() != SqlType.Kind.BOOLEAN) {
        throw new AnalysisException(query.where().location(), "Type error in WHERE expression: Should evaluate to"
            + " boolean but is " + query.where().sql() + " (" + where.type() + ") instead.");
      }
    }
    List<Item> items = expandStars();
    ExpressionAnalyzer analyzer = new ExpressionAnalyzer(scope, Clause.SELECT);
    List<Expr> projection = new ArrayList<>();
    for (Item item : items) {
      if (ExpressionAnalyzer.containsAggregate(item.expression())) {
        throw new AnalysisException(item.location(), "Aggregations over a join are not supported yet: "
            + item.expression().sql() + ".");
      }
      Expr e = analyzer.analyze(item.expression());
      if (e.type().isNull()) {
        throw new AnalysisException(item.location(), "Can't infer a type of null. Please explicitly cast it to a"
            + " required type, e.g. CAST(null AS VARCHAR).");
      }
      projection.add(e);
    }
    List<String> names = names(items);
    List<Integer> keyItems = new ArrayList<>();
    Rekey rekey = null;
    if (query.partitionBy() != null) {
      rekey = rekey(projection, names, keyItems);
    } else {
      keyItems.add(joinKeyItem(projection, candidates, full));
    }
    List<Integer> order = new ArrayList<>(keyItems);
    for (int i = 0; i < projection.size(); i++) {
      if (!order.contains(i)) {
        order.add(i);
      }
    }
    List<Column> output = new ArrayList<>();
    List<Expr> ordered = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int n = 0; n < order.size(); n++) {
      int i = order.get(n);
      Column c = new Column(names.get(i), projection.get(i).type(), n < keyItems.size());
      if (!seen.add(c.name())) {
        throw new AnalysisException(items.get(i).location(), "Duplicate value columns found in schema: `" + c.name()
            + "` " + c.type() + ". Give one of them another name with AS.");
      }
      output.add(c);
      ordered.add(projection.get(i));
    }
    if (keyItems.size() == output.size()) {
      throw new AnalysisException(query.location(), "The projection contains no value columns.");
    }
    List<Integer> keyOutputs = new ArrayList<>();
    for (int k = 0; k < keyItems.size(); k++) {
      keyOutputs.add(k);
    }
    JoinPlan join = new JoinPlan(sources, steps, scope.width(), scope.keySlot(), rekey == null ? 0 : -1);
    return new RulePlan(ruleName, resultIsTable, topic, sources.get(0).schema(), output, where, ordered, keyOutputs,
        null, null, rekey, join);
  }

  private void rejectOtherClauses() {
    if (query.matchRecognize() != null) {
      throw new AnalysisException(query.matchRecognize().location(), "MATCH_RECOGNIZE over a join is not supported:"
          + " join into a stream first, then match on it.");
    }
    if (query.window() != null) {
      throw new AnalysisException(query.window().location(), "Aggregations over a join are not supported yet.");
    }
    if (query.groupBy() != null) {
      throw new AnalysisException(query.groupByLocation(), "Aggregations over a join are not supported yet.");
    }
    if (query.having() != null) {
      throw new AnalysisException(query.having().location(), "HAVING needs a GROUP BY clause.");
    }
    if (query.emit() == Query.Emit.FINAL) {
      throw new AnalysisException(query.emitLocation(), "EMIT FINAL is only supported for windowed aggregations.");
    }
    if (query.limit() != null) {
      throw new AnalysisException(query.location(), "LIMIT is not supported in a rule: a rule runs over an unbounded stream.");
    }
  }

  /** The ON operands as {left part, right source}, whichever order they are written in. */
  private Expr[] on(Query.Join join, int right) {
    if (!(join.on() instanceof Expression.Comparison c) || c.op() != Expression.ComparisonOp.EQUAL) {
      throw new AnalysisException(join.on().location(), "Unsupported join expression: " + join.on().sql()
          + ". A join condition must be an equality of one expression on each side (ON a.x = b.y).");
    }
    ExpressionAnalyzer analyzer = new ExpressionAnalyzer(scope, Clause.JOIN_ON);
    Expr a = analyzer.analyze(c.left());
    Expr b = analyzer.analyze(c.right());
    Set<Integer> sa = sourcesRead(a);
    Set<Integer> sb = sourcesRead(b);
    if (sb.equals(Set.of(right)) && !sa.isEmpty() && sa.stream().allMatch(s -> s < right)) {
      return checkTypes(join, a, b);
    }
    if (sa.equals(Set.of(right)) && !sb.isEmpty() && sb.stream().allMatch(s -> s < right)) {
      return checkTypes(join, b, a);
    }
    throw new AnalysisException(join.on().location(), "Invalid comparison expression '" + join.on().sql() + "' in join '"
        + join.on().sql() + "'. Each side of the join comparision must contain references from exactly one source.");
  }

  private static Expr[] checkTypes(Query.Join join, Expr left, Expr right) {
    if (!left.type().equals(right.type())) {
      throw new AnalysisException(join.on().location(), "Invalid join condition: types don't match. Got "
          + left.type() + " = " + right.type() + " in " + join.on().sql() + ". CAST one side to the other's type.");
    }
    return new Expr[] {left, right};
  }

  private Set<Integer> sourcesRead(Expr e) {
    Set<Integer> read = new HashSet<>();
    visit(e, read);
    return read;
  }

  private void visit(Expr e, Set<Integer> read) {
    if (e instanceof Expr.ColumnValue c) {
      read.add(scope.sourceOfSlot(c.index()));
    } else if (e instanceof Expr.RowTime) {
      read.add(-1);
    }
    ExpressionAnalyzer.children(e).forEach(child -> visit(child, read));
  }

  /** A table side joins on its PRIMARY KEY (foreign-key joins are not supported). */
  private void requirePrimaryKey(Query.Join join, Expr key, JoinPlan.Source table, String side) {
    boolean primary = key instanceof Expr.ColumnValue c && scope.sourceOfSlot(c.index()) >= 0 && isKey(c);
    if (!primary) {
      throw new AnalysisException(join.on().location(), "Invalid join condition: "
          + (table == null ? "table-table joins" : "stream-table joins") + " require to join on the table's primary key."
          + " Got " + join.on().sql() + " (the " + side + " side is not a PRIMARY KEY column). Foreign-key joins are"
          + " not supported.");
    }
  }

  private boolean isKey(Expr.ColumnValue c) {
    JoinPlan.Source s = scope.sources().get(scope.sourceOfSlot(c.index()));
    int index = c.index() - s.offset();
    return index >= 0 && index < s.schema().columns().size() && s.schema().columns().get(index).isKey();
  }

  private List<Item> expandStars() {
    List<Item> items = new ArrayList<>();
    for (SelectItem item : query.select()) {
      if (item instanceof SelectItem.Single s) {
        items.add(new Item(s.expression(), s.alias(), null, s.location()));
        continue;
      }
      SelectItem.All all = (SelectItem.All) item;
      List<JoinPlan.Source> expanded = scope.sources();
      if (all.qualifier() != null) {
        int i = scope.source(all.qualifier().name());
        if (i < 0) {
          throw new AnalysisException(all.location(), "'" + all.qualifier() + "' is not a valid stream/table name or alias.");
        }
        expanded = List.of(scope.sources().get(i));
      }
      for (JoinPlan.Source s : expanded) {
        Identifier qualifier = new Identifier(s.name(), true, all.location());
        for (boolean keys : new boolean[] {true, false}) {
          for (Column c : s.schema().columns()) {
            if (c.isKey() == keys) {
              Identifier name = new Identifier(c.name(), true, all.location());
              items.add(new Item(new ColumnRef(qualifier, name, all.location()), null, s.name() + "_" + c.name(),
                  all.location()));
            }
          }
        }
      }
    }
    return items;
  }

  private List<String> names(List<Item> items) {
    List<String> sourceColumns = new ArrayList<>();
    scope.sources().forEach(s -> s.schema().columns().forEach(c -> sourceColumns.add(c.name())));
    ProjectedNames generated = new ProjectedNames(sourceColumns, items.stream().map(Item::alias).toList(),
        QueryAnalyzer.RESERVED);
    List<String> names = new ArrayList<>();
    for (Item item : items) {
      if (item.alias() != null) {
        names.add(item.alias().name());
      } else if (item.starName() != null) {
        names.add(item.starName());
      } else if (item.expression() instanceof ColumnRef c) {
        String name = c.name().name();
        boolean rowTime = name.equals("ROWTIME") && !c.name().quoted();
        if (rowTime && c.qualifier() == null) {
          throw new AnalysisException(item.location(), "Reserved column name in select: `ROWTIME`. Please remove or"
              + " alias the column.");
        }
        if (c.qualifier() == null && scope.sourcesWith(name) == 0) {
          names.add(name); // the synthetic key
        } else if (scope.sourcesWith(name) > 1) {
          String q = c.qualifier() != null ? scope.sources().get(scope.source(c.qualifier().name())).name()
              : name;
          names.add(q + "_" + name);
        } else {
          names.add(name);
        }
      } else {
        names.add(generated.generated());
      }
    }
    return names;
  }

  /** The projected item that carries the join key: the first ON column projected, else the synthetic key. */
  private int joinKeyItem(List<Expr> projection, List<Expr> candidates, boolean full) {
    if (!candidates.isEmpty()) {
      for (Expr candidate : candidates) {
        int at = projection.indexOf(candidate);
        if (at >= 0) {
          return at;
        }
      }
    }
    Expr synthetic = new Expr.ColumnValue(scope.keySlot(), scope.keyName, scope.keyType);
    int at = projection.indexOf(synthetic);
    if (at >= 0) {
      return at;
    }
    List<String> options = new ArrayList<>();
    candidates.forEach(c -> options.add(describe(c)));
    if (candidates.isEmpty()) {
      options.add(scope.keyName);
    }
    throw new AnalysisException(query.location(), "The query used to build `" + ruleName + "` must include the join"
        + " expression" + (options.size() > 1 ? "s " : " ") + String.join(" or ", options) + " in its projection (eg,"
        + " SELECT " + options.get(0) + "...)." + (candidates.isEmpty() && full ? " A FULL OUTER join is keyed by the"
        + " synthetic " + scope.keyName + ", which holds the first non-null join value." : ""));
  }

  private String describe(Expr candidate) {
    Expr.ColumnValue c = (Expr.ColumnValue) candidate;
    JoinPlan.Source s = scope.sources().get(scope.sourceOfSlot(c.index()));
    return s.name() + "." + c.name();
  }

  private Rekey rekey(List<Expr> projection, List<String> names, List<Integer> keyItems) {
    List<Expression> partitionBy = query.partitionBy();
    if (partitionBy.size() == 1 && partitionBy.get(0) instanceof Expression.NullLiteral) {
      return new Rekey(List.of(), List.of());
    }
    ExpressionAnalyzer analyzer = new ExpressionAnalyzer(scope, Clause.PARTITION_BY);
    List<Expr> keys = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Expression e : partitionBy) {
      Expr key = analyzer.analyze(e);
      keys.add(key);
      int at = projection.indexOf(key);
      if (at < 0) {
        missing.add(e.sql());
      } else {
        keyItems.add(at);
      }
    }
    if (!missing.isEmpty()) {
      throw new AnalysisException(query.location(), "The query used to build `" + ruleName + "` must include the"
          + " partitioning expression" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
          + " in its projection (eg, SELECT " + String.join(", ", missing) + "...).");
    }
    return new Rekey(keys, keys.stream().map(k -> Boolean.FALSE).toList());
  }
}
