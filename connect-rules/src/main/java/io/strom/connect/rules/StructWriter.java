package io.strom.connect.rules;

import io.strom.connect.common.StructFields;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Writes output rows as Connect Structs of one output schema (made by
 * {@link ConnectSchemas#outputSchema}). What each column needs is worked out once: values that
 * already are the Java type of their (optional, plain) field and the Dates made here for temporal
 * fields go straight into the Struct ({@link StructFields}), skipping {@code put}'s per-call
 * validation; anything else (decimals, arrays, maps, structs, or a value of an unexpected type)
 * goes through the validating {@code put}, so a wrong value still fails here as before.
 */
public final class StructWriter {
  private final Schema schema;
  private final Field[] fields;
  /** The exact class a plain column's values have, null for other columns. */
  private final Class<?>[] plainClass;
  private final boolean[] temporal;
  private final boolean[] timestamp;

  public StructWriter(Schema schema) {
    this.schema = schema;
    List<Field> list = schema.fields();
    fields = list.toArray(new Field[0]);
    plainClass = new Class<?>[fields.length];
    temporal = new boolean[fields.length];
    timestamp = new boolean[fields.length];
    for (int i = 0; i < fields.length; i++) {
      Schema s = fields[i].schema();
      if (s.name() == null) {
        plainClass[i] = switch (s.type()) {
          case BOOLEAN -> Boolean.class;
          case INT32 -> Integer.class;
          case INT64 -> Long.class;
          case FLOAT64 -> Double.class;
          case STRING -> String.class;
          default -> null;
        };
      } else {
        timestamp[i] = Timestamp.LOGICAL_NAME.equals(s.name());
        temporal[i] = timestamp[i] || Date.LOGICAL_NAME.equals(s.name()) || Time.LOGICAL_NAME.equals(s.name());
      }
    }
  }

  /**
   * An output row as a Struct of the output schema; {@code source} (may be null) is the reader
   * of the input row, whose Dates are reused for timestamps projected unchanged.
   */
  public Struct write(Object[] values, StructReader source) {
    Struct out = new Struct(schema);
    Object[] slots = StructFields.valuesOf(out);
    for (int i = 0; i < values.length; i++) {
      Object value = values[i];
      if (value == null) {
        continue; // every output field is optional, and a new Struct's fields are null
      }
      Field field = fields[i];
      if (value.getClass() == plainClass[i]) {
        StructFields.set(out, slots, field, value);
        continue;
      }
      if (timestamp[i] && value instanceof java.util.Date) {
        // a Connect timestamp the rule copied from its input unconverted (see CopiedTimestamps)
        StructFields.set(out, slots, field, value);
        continue;
      }
      if (temporal[i] && source != null && value instanceof Instant instant) {
        java.util.Date date = source.dateOf(instant);
        if (date != null) {
          StructFields.set(out, slots, field, date);
          continue;
        }
      }
      Object connect = ConnectValues.toConnect(value, field.schema());
      if (temporal[i] && connect instanceof java.util.Date && !(value instanceof java.util.Date)) {
        StructFields.set(out, slots, field, connect); // a Date toConnect made for this logical type
      } else {
        out.put(field, connect);
      }
    }
    return out;
  }
}
