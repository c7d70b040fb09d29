package io.strom.rules.analyzer;

import io.strom.rules.ast.Expression.ColumnRef;
import io.strom.rules.data.Column;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.plan.Expr;
import io.strom.rules.plan.JoinPlan;
import io.strom.rules.types.SqlType;
import java.util.ArrayList;
import java.util.List;

/**
 * How names resolve over a join: {@code src.col} (by alias or source name) and an unqualified
 * {@code col} that only one source has become slots of the joined row ({@link JoinPlan});
 * {@code src.ROWTIME} is that source's record time, a bare {@code ROWTIME} the joined row's, and
 * the synthetic key ({@code ROWKEY}, or {@code ROWKEY_n} when a source has such a column) the join key.
 */
final class JoinScope {

  private final List<JoinPlan.Source> sources = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  private final int width;
  final String keyName;
  SqlType keyType = SqlType.STRING;

  JoinScope(List<StreamSchema> schemas, List<String> qualifiers) {
    int offset = 0;
    for (StreamSchema s : schemas) {
      offset += s.columns().size();
    }
    int rowTimes = offset;
    offset = 0;
    for (int i = 0; i < schemas.size(); i++) {
      sources.add(new JoinPlan.Source(schemas.get(i), qualifiers.get(i), offset, rowTimes + i));
      names.add(schemas.get(i).name());
      offset += schemas.get(i).columns().size();
    }
    width = rowTimes + schemas.size() + 1;
    String key = "ROWKEY";
    for (int n = 1; taken(key); n++) {
      key = "ROWKEY_" + n;
    }
    keyName = key;
  }

  private boolean taken(String name) {
    return sources.stream().anyMatch(s -> s.schema().indexOf(name) >= 0);
  }

  List<JoinPlan.Source> sources() {
    return sources;
  }

  int width() {
    return width;
  }

  int keySlot() {
    return width - 1;
  }

  /** The joined row as a schema (for the expression analyzer: types by slot). */
  StreamSchema joined() {
    List<Column> columns = new ArrayList<>();
    for (JoinPlan.Source s : sources) {
      for (Column c : s.schema().columns()) {
        columns.add(new Column(s.name() + "_" + c.name(), c.type(), false));
      }
    }
    for (JoinPlan.Source s : sources) {
      columns.add(new Column(s.name() + "_ROWTIME", SqlType.BIGINT, false));
    }
    columns.add(new Column(keyName, keyType, false));
    return new StreamSchema(sources.get(0).schema().name(), sources.get(0).schema().topic(), columns, null);
  }

  /** The source a qualifier names (its alias, or its name), or -1. */
  int source(String qualifier) {
    for (int i = 0; i < sources.size(); i++) {
      if (sources.get(i).name().equals(qualifier)) {
        return i;
      }
    }
    return names.indexOf(qualifier);
  }

  /** The source whose slot this is (-1 for the key slot). */
  int sourceOfSlot(int slot) {
    for (int i = 0; i < sources.size(); i++) {
      JoinPlan.Source s = sources.get(i);
      if (slot >= s.offset() && slot < s.offset() + s.schema().columns().size() || slot == s.rowTimeSlot()) {
        return i;
      }
    }
    return -1;
  }

  Expr resolve(ColumnRef c, String clause) {
    String name = c.name().name();
    boolean rowTime = name.equals("ROWTIME") && !c.name().quoted();
    if (c.qualifier() != null) {
      int i = source(c.qualifier().name());
      if (i < 0) {
        throw new AnalysisException(c.location(), clause + " column '" + c.qualifier() + "." + name + "' cannot be"
            + " resolved: '" + c.qualifier() + "' is not a source of the join (" + String.join(", ", qualifiers()) + ").");
      }
      return column(i, name, rowTime, c, clause);
    }
    if (rowTime) {
      return new Expr.RowTime();
    }
    List<Integer> having = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      if (sources.get(i).schema().indexOf(name) >= 0) {
        having.add(i);
      }
    }
    if (having.size() > 1) {
      throw new AnalysisException(c.location(), "Column '" + name + "' is ambiguous. Could be any of: "
          + String.join(", ", having.stream().map(i -> sources.get(i).name() + "." + name).toList()));
    }
    if (having.size() == 1) {
      return column(having.get(0), name, false, c, clause);
    }
    if (name.equals(keyName)) {
      return new Expr.ColumnValue(keySlot(), keyName, keyType);
    }
    List<String> all = new ArrayList<>();
    sources.forEach(s -> s.schema().columns().forEach(col -> all.add(col.name())));
    throw new AnalysisException(c.location(), clause + " column '" + name + "' cannot be resolved."
        + Suggestions.didYouMean(name, all));
  }

  private Expr column(int i, String name, boolean rowTime, ColumnRef c, String clause) {
    JoinPlan.Source s = sources.get(i);
    if (rowTime) {
      return new Expr.ColumnValue(s.rowTimeSlot(), "ROWTIME", SqlType.BIGINT);
    }
    int index = s.schema().indexOf(name);
    if (index < 0) {
      throw new AnalysisException(c.location(), clause + " column '" + c.qualifier() + "." + name + "' cannot be resolved."
          + Suggestions.didYouMean(name, s.schema().columns().stream().map(Column::name).toList()));
    }
    Column col = s.schema().columns().get(index);
    return new Expr.ColumnValue(s.offset() + index, col.name(), col.type());
  }

  private List<String> qualifiers() {
    return sources.stream().map(JoinPlan.Source::name).toList();
  }

  /** How many sources have a column of this name (ROWTIME: every source). */
  int sourcesWith(String column) {
    if (column.equals("ROWTIME")) {
      return sources.size();
    }
    return (int) sources.stream().filter(s -> s.schema().indexOf(column) >= 0).count();
  }
}
