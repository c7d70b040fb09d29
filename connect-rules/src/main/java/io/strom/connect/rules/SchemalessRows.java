package io.strom.connect.rules;

import io.strom.rules.data.Column;
import io.strom.rules.data.Row;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.types.Coercions;
import io.strom.rules.types.SqlType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Schemaless records (maps, as JsonConverter gives them without schemas) as rule rows, the SQL
 * types of their values, and rule outputs as schemaless maps.
 */
public final class SchemalessRows {

  private SchemalessRows() {}

  /**
   * A Row of {@code source} over a schemaless map: fields match columns exactly or
   * case-insensitively; key columns come from the record key ({@link RecordKeys}).
   *
   * @throws org.apache.kafka.connect.errors.DataException naming the column whose value does not
   *     convert, or the key columns when the key cannot hold them
   */
  public static Row row(StreamSchema source, Object key, Map<?, ?> value) {
    List<Column> columns = source.columns();
    List<String> keyColumns = source.keyColumns().stream().map(Column::name).toList();
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < values.length; i++) {
      Column c = columns.get(i);
      Object raw = c.isKey() ? RecordKeys.part(key, c.name(), keyColumns) : Coercions.field(value, c.name());
      values[i] = ConnectValues.toColumn(raw, c);
    }
    return Row.of(values);
  }

  /**
   * The SQL type of a schemaless value (as JsonConverter gives it), or null for null and for
   * values SQL has no type for.
   */
  public static SqlType sqlTypeOf(Object value) {
    if (value instanceof String) {
      return SqlType.STRING;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return SqlType.INTEGER;
    }
    if (value instanceof Long) {
      return SqlType.BIGINT;
    }
    if (value instanceof Double || value instanceof Float) {
      return SqlType.DOUBLE;
    }
    if (value instanceof BigDecimal d) {
      return SqlType.decimal(Math.max(d.precision(), Math.max(d.scale(), 1)), Math.max(d.scale(), 0));
    }
    if (value instanceof Boolean) {
      return SqlType.BOOLEAN;
    }
    if (value instanceof java.util.Date) {
      return SqlType.TIMESTAMP;
    }
    if (value instanceof List<?> list) {
      for (Object o : list) {
        SqlType t = sqlTypeOf(o);
        if (t != null) {
          return SqlType.array(t);
        }
      }
      return null;
    }
    if (value instanceof Map<?, ?> map) {
      List<SqlType.Field> fields = new ArrayList<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        SqlType t = sqlTypeOf(e.getValue());
        if (t != null) {
          fields.add(new SqlType.Field(String.valueOf(e.getKey()), t));
        }
      }
      return SqlType.struct(fields);
    }
    return null;
  }

  /**
   * An output row as a schemaless map (for schemaless input): timestamps as epoch millis, dates
   * and times as ISO text, structs as maps, so that a schemaless JSON converter can write them.
   */
  public static Map<String, Object> toMap(Object[] values, List<Column> output) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      out.put(output.get(i).name(), toSchemaless(values[i]));
    }
    return out;
  }

  private static Object toSchemaless(Object value) {
    if (value instanceof Instant i) {
      return i.toEpochMilli();
    }
    if (value instanceof LocalDate || value instanceof LocalTime) {
      return value.toString();
    }
    if (value instanceof io.strom.rules.types.StructValue s) {
      Map<String, Object> out = new LinkedHashMap<>();
      s.toMap().forEach((k, v) -> out.put(k, toSchemaless(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(SchemalessRows::toSchemaless).toList();
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, toSchemaless(v)));
      return out;
    }
    return value;
  }
}
