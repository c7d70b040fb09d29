package io.strom.avro;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Fills a Struct the decoder has just created without {@link Struct#put(Field, Object)}'s
 * per-call validation, which builds a message string for every field of every record (in Kafka
 * 4.3 that alone is a third of the converter's allocation). The decoder produces exactly the
 * Java types each field's schema requires, so the check cannot fail here. Falls back to
 * {@code put} where Struct's internals are not reachable.
 */
final class StructFields {

  private static final VarHandle VALUES = find();

  private StructFields() {}

  private static VarHandle find() {
    try {
      return MethodHandles.privateLookupIn(Struct.class, MethodHandles.lookup())
          .findVarHandle(Struct.class, "values", Object[].class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** The array behind {@code struct}'s values, indexed by field index; null when unreachable. */
  static Object[] valuesOf(Struct struct) {
    return VALUES == null ? null : (Object[]) VALUES.get(struct);
  }

  static void set(Struct struct, Object[] values, Field field, Object value) {
    if (values != null) {
      values[field.index()] = value;
    } else {
      struct.put(field, value);
    }
  }
}
