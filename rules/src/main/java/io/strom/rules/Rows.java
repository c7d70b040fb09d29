package io.strom.rules;

import io.strom.rules.data.Column;
import io.strom.rules.data.RecordKeys;
import io.strom.rules.data.Row;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.types.Coercions;
import io.strom.rules.types.StructValue;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link Row}s from loosely typed host data (JSON objects, CSV fields, schemaless maps)
 * with ksqlDB's rules: field names match columns exactly or else case-insensitively, values are
 * coerced to the column type ({@code "2"} to INT 2), a missing field is null. Key columns come
 * from the record key by {@link #keyPart}: the bare value for one key column, a map (or
 * {@link StructValue}) of key columns for several.
 */
public final class Rows {

  private Rows() {}

  /**
   * @throws IllegalArgumentException naming the column when a value does not convert to its type
   */
  public static Row fromMap(StreamSchema schema, Object key, Map<String, ?> value) {
    List<Column> columns = schema.columns();
    Object[] values = new Object[columns.size()];
    List<String> keyColumns = keyColumnNames(schema);
    for (int i = 0; i < values.length; i++) {
      Column c = columns.get(i);
      Object raw = c.isKey() ? keyPart(key, c.name(), keyColumns) : Coercions.field(value, c.name());
      values[i] = convert(raw, c);
    }
    return new Row.ArrayRow(values);
  }

  /** A row from the value columns' fields in declaration order (e.g. a DELIMITED record); null or "" is null. */
  public static Row fromValueFields(StreamSchema schema, Object key, List<?> valueFields) {
    List<Column> columns = schema.columns();
    Object[] values = new Object[columns.size()];
    List<String> keyColumns = keyColumnNames(schema);
    int field = 0;
    for (int i = 0; i < values.length; i++) {
      Column c = columns.get(i);
      Object raw;
      if (c.isKey()) {
        raw = keyPart(key, c.name(), keyColumns);
      } else {
        raw = field < valueFields.size() ? valueFields.get(field) : null;
        field++;
        if ("".equals(raw)) {
          raw = null;
        }
      }
      values[i] = convert(raw, c);
    }
    return new Row.ArrayRow(values);
  }

  /**
   * The value of key column {@code column} in a record key: the rule every host follows (the
   * Connect adapter applies it to Connect Structs too). Null for a null key. With one key column,
   * the key's field of the column's name (exact, else in any case) when the key is a {@link StructValue}
   * that has one, else the whole key, so a bare key value is the column and a struct key without
   * such a field fills a STRUCT column. With several, the key's field of the column's name, null
   * when the key lacks it.
   *
   * @throws IllegalArgumentException naming the key columns when there are several and the key is
   *     not a struct or map
   */
  public static Object keyPart(Object key, String column, List<String> keyColumns) {
    return RecordKeys.part(key, column, keyColumns);
  }

  private static List<String> keyColumnNames(StreamSchema schema) {
    return schema.keyColumns().stream().map(Column::name).toList();
  }

  private static Object convert(Object raw, Column c) {
    try {
      return Coercions.toType(raw, c.type());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("column " + c.name() + ": " + e.getMessage(), e);
    }
  }
}
