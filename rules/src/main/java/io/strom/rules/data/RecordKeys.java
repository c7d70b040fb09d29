package io.strom.rules.data;

import io.strom.rules.types.Coercions;
import io.strom.rules.types.StructValue;
import java.util.List;
import java.util.Map;

/** How a record key maps to key columns: the one rule every host and the runtime follow (see {@code Rows.keyPart}). */
public final class RecordKeys {

  private RecordKeys() {}

  public static Object part(Object key, String column, List<String> keyColumns) {
    if (key == null) {
      return null;
    }
    if (keyColumns.size() == 1) {
      if (key instanceof StructValue s) {
        Map<String, Object> fields = s.toMap();
        return hasField(fields, column) ? Coercions.field(fields, column) : key;
      }
      return key;
    }
    if (key instanceof StructValue s) {
      return Coercions.field(s.toMap(), column);
    }
    if (key instanceof Map<?, ?> m) {
      return Coercions.field(m, column);
    }
    throw new IllegalArgumentException("the source has key columns " + keyColumns + ", so the record key must be"
        + " a struct or map with a field per key column, not a " + key.getClass().getSimpleName());
  }

  private static boolean hasField(Map<String, ?> fields, String column) {
    return fields.keySet().stream().anyMatch(column::equalsIgnoreCase);
  }

}
