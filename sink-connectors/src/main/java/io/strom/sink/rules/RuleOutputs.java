package io.strom.sink.rules;

import io.strom.rules.CompiledRule;
import io.strom.rules.data.Column;
import io.strom.rules.data.OutputRecord;
import io.strom.rules.types.SqlType;
import io.strom.rules.types.StructValue;
import io.strom.sink.buffer.Batch;
import io.strom.sink.buffer.RowLayout;
import io.strom.sink.dialect.TableId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Where a rule's outputs go: a table named after the rule (lower case, placed in the sink's
 * {@code rules.table.name.format}), one column per output
 * column (lower case), plus {@code window_start}/{@code window_end} for windowed rules. A
 * {@code CREATE TABLE} rule upserts by its key columns (and window start) and deletes on a
 * tombstone; a {@code CREATE STREAM} rule appends.
 */
final class RuleOutputs {

  static final String WINDOW_START = "window_start";
  static final String WINDOW_END = "window_end";

  /** One output as a buffer entry. */
  record Entry(TableId table, Batch.Kind kind, RowLayout layout, Object[] values) {}

  private final TableId table;
  private final boolean windowed;
  private final RowLayout rows;
  private final RowLayout keys;
  /** The key columns' names as the rule's key StructValue names them, in the delete layout's (SELECT) order. */
  private final List<String> keyNames;
  private final Batch.Kind writeKind;

  /** {@code tableNameFormat}: the table's name, {@code ${rule}} replaced by the rule's lower-case name. */
  RuleOutputs(CompiledRule rule, String tableNameFormat) {
    this.table = new TableId(null, tableNameFormat.replace("${rule}", rule.name().toLowerCase(Locale.ROOT)));
    this.windowed = rule.isWindowed();
    List<RowLayout.Column> columns = new ArrayList<>();
    List<String> primaryKey = new ArrayList<>();
    List<String> keyNames = new ArrayList<>();
    List<Column> output = rule.output();
    for (int i = 0; i < output.size(); i++) {
      Column c = output.get(i);
      String name = c.name().toLowerCase(Locale.ROOT);
      columns.add(new RowLayout.Column(name, schema(c.type()), c.isKey()));
      if (c.isKey()) {
        primaryKey.add(name);
        keyNames.add(c.name());
      }
    }
    if (windowed) {
      columns.add(new RowLayout.Column(WINDOW_START, Timestamp.SCHEMA, true));
      columns.add(new RowLayout.Column(WINDOW_END, Timestamp.SCHEMA, true));
      primaryKey.add(WINDOW_START);
    }
    boolean upsert = rule.isTable() && !keyNames.isEmpty();
    this.writeKind = upsert ? Batch.Kind.UPSERT : Batch.Kind.INSERT;
    this.rows = new RowLayout(List.copyOf(columns), upsert ? List.copyOf(primaryKey) : List.of());
    this.keys = new RowLayout(columns.stream().filter(c -> primaryKey.contains(c.name())).toList(), List.copyOf(primaryKey));
    this.keyNames = List.copyOf(keyNames);
  }

  /** The table the rule's outputs go to. */
  TableId table() {
    return table;
  }

  /** The buffer entry for an output, or null for a tombstone of a rule that cannot delete. */
  Entry entry(OutputRecord out) {
    if (out.isTombstone()) {
      if (writeKind != Batch.Kind.UPSERT) {
        return null;
      }
      Object[] values = new Object[keys.columns().size()];
      // By name: a multi-column key StructValue lists its fields in GROUP BY order, which need not be
      // the SELECT order of the columns.
      for (int i = 0; i < keyNames.size(); i++) {
        values[i] = keyNames.size() == 1 ? out.key() : ((StructValue) out.key()).get(keyNames.get(i));
      }
      if (windowed) {
        values[keyNames.size()] = Instant.ofEpochMilli(out.window().start());
      }
      return new Entry(table, Batch.Kind.DELETE, keys, plain(values));
    }
    Object[] values = new Object[rows.columns().size()];
    System.arraycopy(out.values(), 0, values, 0, out.values().length);
    if (windowed) {
      values[out.values().length] = Instant.ofEpochMilli(out.window().start());
      values[out.values().length + 1] = Instant.ofEpochMilli(out.window().end());
    }
    return new Entry(table, writeKind, rows, plain(values));
  }

  /** Rule structs become maps, so nested values are written as JSON objects. */
  private static Object[] plain(Object[] values) {
    for (int i = 0; i < values.length; i++) {
      values[i] = plain(values[i]);
    }
    return values;
  }

  private static Object plain(Object value) {
    if (value instanceof StructValue struct) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (int i = 0; i < struct.names().size(); i++) {
        map.put(struct.names().get(i), plain(struct.get(i)));
      }
      return map;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(RuleOutputs::plain).toList();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
      return out;
    }
    return value;
  }

  /** The Connect schema whose column type (see the dialect) fits a SQL type. */
  static Schema schema(SqlType type) {
    return switch (type.kind()) {
      case BOOLEAN -> Schema.OPTIONAL_BOOLEAN_SCHEMA;
      case INTEGER -> Schema.OPTIONAL_INT32_SCHEMA;
      case BIGINT -> Schema.OPTIONAL_INT64_SCHEMA;
      case DOUBLE -> Schema.OPTIONAL_FLOAT64_SCHEMA;
      case DECIMAL -> Decimal.builder(type.scale()).optional().build();
      case STRING, NULL -> Schema.OPTIONAL_STRING_SCHEMA;
      case TIMESTAMP -> Timestamp.builder().optional().build();
      case DATE -> Date.builder().optional().build();
      case TIME -> Time.builder().optional().build();
      case ARRAY -> SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build();
      case MAP -> SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).optional().build();
      case STRUCT -> SchemaBuilder.struct().optional().build();
    };
  }
}
