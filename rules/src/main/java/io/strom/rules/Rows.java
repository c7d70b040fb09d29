package io.strom.rules;

import io.strom.rules.data.Column;
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
 * from the record key: the bare value for one key column, a map (or {@link StructValue}) of key
 * columns for several.
 */
public final class Rows {

  private Rows() {}

  /**
   * @throws IllegalArgumentException naming the column when a value does not convert to its type
   */
  public static Row fromMap(StreamSchema schema, Object key, Map<String, ?> value) {
    List<Column> columns = schema.columns();
    Object[] values = new Object[columns.size()];
    int keyCount = (int) columns.stream().filter(Column::isKey).count();
    for (int i = 0; i < values.length; i++) {
      Column c = columns.get(i);
      Object raw = c.isKey() ? keyPart(key, c.name(), keyCount) : Coercions.field(value, c.name());
      values[i] = convert(raw, c);
    }
    return new Row.ArrayRow(values);
  }

  /** A row from the value columns' fields in declaration order (e.g. a DELIMITED record); null or "" is null. */
  public static Row fromValueFields(StreamSchema schema, Object key, List<?> valueFields) {
    List<Column> columns = schema.columns();
    Object[] values = new Object[columns.size()];
    int keyCount = (int) columns.stream().filter(Column::isKey).count();
    int field = 0;
    for (int i = 0; i < values.length; i++) {
      Column c = columns.get(i);
      Object raw;
      if (c.isKey()) {
        raw = keyPart(key, c.name(), keyCount);
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

  private static Object keyPart(Object key, String column, int keyCount) {
    if (key == null) {
      return null;
    }
    if (keyCount == 1) {
      return key;
    }
    if (key instanceof StructValue s) {
      return Coercions.field(s.toMap(), column);
    }
    if (key instanceof Map<?, ?> m) {
      return Coercions.field(m, column);
    }
    throw new IllegalArgumentException("the source has " + keyCount + " key columns, so the record key must be an"
        + " object with a field per key column, not " + key);
  }

  private static Object convert(Object raw, Column c) {
    try {
      return Coercions.toType(raw, c.type());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("column " + c.name() + ": " + e.getMessage(), e);
    }
  }
}
