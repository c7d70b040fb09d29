package io.strom.connect.rules;

import io.strom.rules.data.Row;
import io.strom.rules.data.StreamSchema;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * A reader of one rule source's record values, rebuilt when the value schema changes. A rule
 * reads one per source: a join's sources have columns of their own. Used by one thread: the
 * sink's task, or an SMT's table reader.
 */
public final class SourceRows {
  private final StreamSchema source;
  private Schema readerSchema;
  private StructReader reader;

  public SourceRows(StreamSchema source) {
    this.source = source;
  }

  public StreamSchema source() {
    return source;
  }

  /**
   * The row of a record, or null for a record without a value (for a table source: a tombstone,
   * which deletes its key). A stream record whose value is no Struct also reads as null, as
   * always; a table record that is neither Struct nor schemaless map is refused, since taking it
   * for a tombstone would silently delete the key's row.
   *
   * @throws DataException for a table record whose value is neither a Struct nor a map
   */
  public Row toRow(Object key, Object value, String topic) {
    if (value instanceof Struct struct) {
      if (struct.schema() != readerSchema) {
        reader = new StructReader(source, struct.schema());
        readerSchema = struct.schema();
      }
      return reader.row(key, struct);
    }
    if (!source.table() || value == null) {
      return null;
    }
    if (value instanceof Map<?, ?> map) {
      return SchemalessRows.row(source, key, map);
    }
    throw new DataException("table " + source.name() + " (topic " + topic + "): the record value is a "
        + value.getClass().getSimpleName() + ", not a Struct or a map; only a null value deletes a row");
  }
}
