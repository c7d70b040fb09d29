package io.strom.sink.rules;

import io.strom.rules.data.Column;
import io.strom.rules.data.Row;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.types.Coercions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Adapts a Connect record to a rule's {@link Row}: each source column is read from the record key
 * (key columns) or from the value struct's field of that name (exact, else case-insensitive, as
 * ksqlDB matches JSON fields), resolved once per value schema; values become the rules library's
 * Java types (logical Timestamp/Date/Time to java.time, structs to rule structs, numbers widened).
 */
final class ConnectRows {

  private final StreamSchema source;
  private final int keyColumns;
  private Schema resolvedFor;
  private Field[] fields;

  ConnectRows(StreamSchema source) {
    this.source = source;
    this.keyColumns = source.keyColumns().size();
  }

  /**
   * The row of a record, or null for a record without a value.
   *
   * @throws IllegalArgumentException naming the column when a value does not convert
   */
  Row toRow(SinkRecord record) {
    if (!(record.value() instanceof Struct value)) {
      return null;
    }
    if (value.schema() != resolvedFor) {
      resolve(value.schema());
    }
    List<Column> columns = source.columns();
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < values.length; i++) {
      Column column = columns.get(i);
      Object raw = column.isKey() ? keyPart(record, column.name())
          : fields[i] == null ? null : java(value.get(fields[i]), fields[i].schema());
      try {
        values[i] = Coercions.toType(raw, column.type());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("column " + column.name() + ": " + e.getMessage(), e);
      }
    }
    return Row.of(values);
  }

  private void resolve(Schema schema) {
    List<Column> columns = source.columns();
    fields = new Field[columns.size()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = columns.get(i).isKey() ? null : field(schema, columns.get(i).name());
    }
    resolvedFor = schema;
  }

  private Object keyPart(SinkRecord record, String column) {
    Object key = record.key();
    if (key instanceof Struct struct) {
      Field field = field(struct.schema(), column);
      return field == null ? null : java(struct.get(field), field.schema());
    }
    return keyColumns == 1 ? java(key, record.keySchema()) : null;
  }

  private static Field field(Schema schema, String name) {
    Field exact = schema.field(name);
    if (exact != null) {
      return exact;
    }
    return schema.fields().stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst().orElse(null);
  }

  /** Connect's value as the plain Java value the rules library converts from. */
  static Object java(Object value, Schema schema) {
    if (value instanceof java.util.Date date) {
      String logical = schema == null ? Timestamp.LOGICAL_NAME : schema.name();
      if (Date.LOGICAL_NAME.equals(logical)) {
        return LocalDate.ofEpochDay(Math.floorDiv(date.getTime(), 86_400_000L));
      }
      if (Time.LOGICAL_NAME.equals(logical)) {
        return LocalTime.ofNanoOfDay(Math.floorMod(date.getTime(), 86_400_000L) * 1_000_000L);
      }
      return Instant.ofEpochMilli(date.getTime());
    }
    if (value instanceof Struct struct) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Field f : struct.schema().fields()) {
        map.put(f.name(), java(struct.get(f), f.schema()));
      }
      return map;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(element -> out.add(java(element, schema == null ? null : schema.valueSchema())));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), java(v, schema == null ? null : schema.valueSchema())));
      return out;
    }
    return value;
  }
}
