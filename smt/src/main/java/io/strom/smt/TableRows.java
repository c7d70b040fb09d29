package io.strom.smt;

import io.strom.connect.rules.SourceRows;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.Row;
import io.strom.rules.data.StreamSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * A table topic's converted records as the rule's changes of that table: a Struct or map value is
 * the key's latest row (read by connect-rules' {@link SourceRows}, as in the sink), a null value
 * deletes the key. Used by one thread.
 */
final class TableRows {
  private final SourceRows rows;

  TableRows(StreamSchema table) {
    this.rows = new SourceRows(table);
  }

  /**
   * @throws DataException for a value that is neither a Struct, a map nor null
   */
  InputRecord change(Object key, Object value, String topic, long timestamp, long offset) {
    Row row = rows.toRow(key, value, topic);
    // a tombstone's key columns are read from the key by the rules library, which sees maps, not Structs
    Object plainKey = row == null && key instanceof Struct struct ? fields(struct) : key;
    return new InputRecord(plainKey, row, timestamp, offset);
  }

  private static Map<String, Object> fields(Struct struct) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Field f : struct.schema().fields()) {
      fields.put(f.name(), struct.get(f));
    }
    return fields;
  }
}
