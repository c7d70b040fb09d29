package io.strom.smt;

import io.strom.connect.rules.SchemalessRows;
import io.strom.connect.rules.StructReader;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.Row;
import io.strom.rules.data.StreamSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * A table topic's converted records as the rule's changes of that table: a Struct or map value is
 * the key's latest row (read by connect-rules' {@link StructReader} or {@link SchemalessRows}, as
 * in every host), a null value deletes the key. Anything else is refused, since taking it for a
 * tombstone would silently delete a row. Used by one thread.
 */
final class TableRows {
  private final StreamSchema table;
  private Schema readerSchema;
  private StructReader reader;

  TableRows(StreamSchema table) {
    this.table = table;
  }

  /**
   * @throws DataException for a value that is neither a Struct, a map nor null
   */
  InputRecord change(Object key, Object value, long timestamp, long offset) {
    Row row;
    if (value instanceof Struct struct) {
      if (struct.schema() != readerSchema) {
        reader = new StructReader(table, struct.schema());
        readerSchema = struct.schema();
      }
      row = reader.row(key, struct);
    } else if (value instanceof Map<?, ?> map) {
      row = SchemalessRows.row(table, key, map);
    } else if (value == null) {
      row = null;
    } else {
      throw new DataException("table " + table.name() + " (topic " + table.topic() + "): the record value is a "
          + value.getClass().getSimpleName() + ", not a Struct or a map; only a null value deletes a row");
    }
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
