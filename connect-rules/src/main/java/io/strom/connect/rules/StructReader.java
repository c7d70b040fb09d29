package io.strom.connect.rules;

import io.strom.rules.data.Column;
import io.strom.rules.data.Row;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.types.SqlType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Reads rows of a rule's source from Structs of one Connect schema: each value column's field is
 * resolved once (exact name, else case-insensitive) and a column without a field reads null; key
 * columns come from the record key ({@link RecordKeys}).
 *
 * <p>A keyless record's row reads its Struct lazily, converting only the columns the rule touches,
 * unless the reader is eager (every column converts when the row is made, so a value that does not
 * convert fails before the rule sees the record). With {@code reuseRow} (for rules that keep no state, so read a row only while processing
 * it) every keyless record is read through one row object pointed at its Struct, instead of a
 * new row per record. A reader is used by one task thread.
 */
public final class StructReader {
  private final Field[] fields;
  private final SqlType[] types;
  private final boolean[] direct;
  private final int[] keyColumns;
  private final List<String> keyNames;
  private final StreamSchema source;
  private final StructRow reusable;
  private final boolean lazy;

  /** The last timestamp read and the Instant made of it, so that the writer can hand back the Date. */
  private java.util.Date lastDate;
  private Instant lastInstant;

  /** An eager reader: a new row per record, every column converted when it is made. */
  public StructReader(StreamSchema source, Schema schema) {
    this(source, schema, false, new boolean[source.columns().size()], false);
  }

  /**
   * A lazy reader.
   *
   * @param copiedTimestamps per source column, whether the rule only copies it, so that its
   *     Connect Date may reach the rule unconverted ({@link CopiedTimestamps})
   */
  public StructReader(StreamSchema source, Schema schema, boolean reuseRow, boolean[] copiedTimestamps) {
    this(source, schema, reuseRow, copiedTimestamps, true);
  }

  private StructReader(StreamSchema source, Schema schema, boolean reuseRow, boolean[] copiedTimestamps,
                       boolean lazy) {
    this.source = source;
    this.lazy = lazy;
    this.reusable = reuseRow ? new StructRow(this) : null;
    List<Column> columns = source.columns();
    fields = new Field[columns.size()];
    types = new SqlType[columns.size()];
    direct = new boolean[columns.size()];
    List<Integer> keys = new ArrayList<>();
    for (int i = 0; i < fields.length; i++) {
      Column c = columns.get(i);
      types[i] = c.type();
      if (c.isKey()) {
        keys.add(i);
        continue;
      }
      fields[i] = ConnectSchemas.field(schema, c.name());
      direct[i] = fields[i] != null && (holdsSqlValue(fields[i].schema(), c.type())
          || copiedTimestamps[i] && Timestamp.LOGICAL_NAME.equals(fields[i].schema().name()));
    }
    keyColumns = keys.stream().mapToInt(Integer::intValue).toArray();
    keyNames = keys.stream().map(i -> columns.get(i).name()).toList();
  }

  /**
   * The row of a record with this key and value.
   *
   * @throws org.apache.kafka.connect.errors.DataException naming the column whose value does not
   *     convert, or the key columns when the key cannot hold them (a lazy row of a keyless source
   *     converts, and may fail, only when the rule reads the column)
   */
  public Row row(Object key, Struct value) {
    if (lazy && keyColumns.length == 0) {
      if (reusable != null) {
        reusable.value = value;
        return reusable;
      }
      StructRow row = new StructRow(this);
      row.value = value;
      return row;
    }
    Object[] values = new Object[fields.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = fields[i] == null ? null : read(value, i);
    }
    for (int i : keyColumns) {
      Column column = source.columns().get(i);
      values[i] = ConnectValues.toColumn(RecordKeys.part(key, column.name(), keyNames), column);
    }
    return Row.of(values);
  }

  private Object read(Struct value, int column) {
    Object v = value.get(fields[column]);
    if (direct[column] || v == null) {
      return v;
    }
    if (types[column].kind() == SqlType.Kind.TIMESTAMP && v instanceof java.util.Date date) {
      Instant instant = Instant.ofEpochMilli(date.getTime());
      lastDate = date;
      lastInstant = instant;
      return instant;
    }
    return ConnectValues.toColumn(v, source.columns().get(column));
  }

  /**
   * The Connect Date a timestamp the rule outputs came from, when it is the very Instant this
   * reader last made (a timestamp projected unchanged), else null: the output then carries the
   * input's Date instead of a new copy of it.
   */
  java.util.Date dateOf(Instant instant) {
    return instant == lastInstant ? lastDate : null;
  }

  /** Whether the Connect value of {@code schema} already is the library's Java value of {@code type}. */
  private static boolean holdsSqlValue(Schema schema, SqlType type) {
    if (schema.name() != null) {
      return false;
    }
    return switch (schema.type()) {
      case INT32 -> type.kind() == SqlType.Kind.INTEGER;
      case INT64 -> type.kind() == SqlType.Kind.BIGINT;
      case FLOAT64 -> type.kind() == SqlType.Kind.DOUBLE;
      case BOOLEAN -> type.kind() == SqlType.Kind.BOOLEAN;
      case STRING -> type.kind() == SqlType.Kind.STRING;
      default -> false;
    };
  }

  /** A row reading a Struct lazily: only the columns the rule touches are read. */
  private static final class StructRow implements Row {
    private final StructReader reader;
    private Struct value;

    StructRow(StructReader reader) {
      this.reader = reader;
    }

    @Override
    public Object get(int columnIndex) {
      return reader.fields[columnIndex] == null ? null : reader.read(value, columnIndex);
    }
  }
}
