package io.strom.connect.rules;

import io.strom.rules.Rows;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Key columns read from a record key, by the rules library's one rule ({@link Rows#keyPart}): with
 * one key column, the key's field of the column's name when the key is a struct that has one,
 * else the whole key; with several, the key's field of each column's name (null when it lacks
 * one), and a key that is not a struct or map is an error naming the key columns. Here the rule
 * also reads Connect Structs, whose fields the library cannot see.
 */
final class RecordKeys {

  private RecordKeys() {}

  /**
   * The raw (unconverted) value of key column {@code column} in {@code key}.
   *
   * @throws DataException naming the key columns when there are several and the key is neither a
   *     Struct nor a Map
   */
  static Object part(Object key, String column, List<String> keyColumns) {
    if (key instanceof Struct struct) {
      Field field = ConnectSchemas.field(struct.schema(), column);
      return field != null ? struct.get(field) : keyColumns.size() == 1 ? key : null;
    }
    try {
      return Rows.keyPart(key, column, keyColumns);
    } catch (IllegalArgumentException e) {
      throw new DataException(e.getMessage(), e);
    }
  }
}
