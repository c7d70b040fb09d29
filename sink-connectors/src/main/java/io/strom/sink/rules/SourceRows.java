package io.strom.sink.rules;

import io.strom.connect.rules.SchemalessRows;
import io.strom.connect.rules.StructReader;
import io.strom.rules.data.Row;
import io.strom.rules.data.StreamSchema;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A reader of one rule source's record values, rebuilt when the value schema changes. A rule
 * reads one per source: a join's sources have columns of their own.
 */
final class SourceRows {
  private final StreamSchema source;
  private Schema readerSchema;
  private StructReader reader;

  SourceRows(StreamSchema source) {
    this.source = source;
  }

  StreamSchema source() {
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
  Row toRow(SinkRecord record) {
    Object value = record.value();
    if (value instanceof Struct struct) {
      if (struct.schema() != readerSchema) {
        reader = new StructReader(source, struct.schema());
        readerSchema = struct.schema();
      }
      return reader.row(record.key(), struct);
    }
    if (!source.table() || value == null) {
      return null;
    }
    if (value instanceof Map<?, ?> map) {
      return SchemalessRows.row(source, record.key(), map);
    }
    throw new DataException("table " + source.name() + " (topic " + record.topic() + "): the record value is a "
        + value.getClass().getSimpleName() + ", not a Struct or a map; only a null value deletes a row");
  }
}
