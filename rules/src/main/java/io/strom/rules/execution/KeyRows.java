package io.strom.rules.execution;

import io.strom.rules.data.Column;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.RecordKeys;
import io.strom.rules.data.Row;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.types.Coercions;
import java.util.ArrayList;
import java.util.List;

/**
 * A source record's key as the runtime compares it: the value of its one key column, or a list
 * of the values of several (null when all are null, or the source has no key). Read from the row
 * when the record has a value, else from the record key the host passed (a tombstone).
 */
final class KeyRows {

  private final StreamSchema schema;
  private final int[] keyColumns;

  KeyRows(StreamSchema schema) {
    this.schema = schema;
    List<Integer> keys = new ArrayList<>();
    for (int i = 0; i < schema.columns().size(); i++) {
      if (schema.columns().get(i).isKey()) {
        keys.add(i);
      }
    }
    this.keyColumns = keys.stream().mapToInt(Integer::intValue).toArray();
  }

  Object key(InputRecord record) {
    if (keyColumns.length == 0) {
      return null;
    }
    Row row = record.value() != null ? record.value() : keyRow(record.key());
    if (row == null) {
      return null;
    }
    if (keyColumns.length == 1) {
      return row.get(keyColumns[0]);
    }
    Object[] parts = new Object[keyColumns.length];
    boolean any = false;
    for (int i = 0; i < parts.length; i++) {
      parts[i] = row.get(keyColumns[i]);
      any |= parts[i] != null;
    }
    return any ? java.util.Collections.unmodifiableList(java.util.Arrays.asList(parts)) : null;
  }

  /** A row holding only the key columns of a record without a value (null when the key does not convert). */
  Row keyRow(Object key) {
    if (key == null) {
      return null;
    }
    Object[] values = new Object[schema.columns().size()];
    List<String> names = schema.keyColumns().stream().map(Column::name).toList();
    try {
      for (int i : keyColumns) {
        Column c = schema.columns().get(i);
        values[i] = Coercions.toType(RecordKeys.part(key, c.name(), names), c.type());
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return Row.of(values);
  }

  boolean hasKey() {
    return keyColumns.length > 0;
  }

  List<Column> columns() {
    return schema.columns();
  }
}
