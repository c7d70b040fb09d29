package io.strom.connect.common;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Fills a Struct its creator has just made without {@link Struct#put(Field, Object)}'s per-call
 * validation. In Kafka 4.3 {@code put} validates the value against the field's schema and builds
 * a message string for every call, whether or not the check fails; for a plugin that fills many
 * fields of every record (a converter decoding records, a transform building output rows) that is
 * a large share of its time and allocation.
 *
 * <p>Only for values the caller produced to match each field's schema exactly (the Java type the
 * schema requires, null only for optional fields): nothing is checked here, so a wrong value
 * surfaces later, when the Struct is validated or serialized. Where Struct's internals are not
 * reachable (a future Kafka renaming the private {@code values} array, or a security manager),
 * {@link #valuesOf} returns null and {@link #set} falls back to the validating {@code put}.
 *
 * <p>Usage: {@code Object[] values = StructFields.valuesOf(struct);} once per Struct, then
 * {@code StructFields.set(struct, values, field, value)} per field.
 */
public final class StructFields {

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
  public static Object[] valuesOf(Struct struct) {
    return VALUES == null ? null : (Object[]) VALUES.get(struct);
  }

  /**
   * Sets {@code field} of {@code struct} to {@code value}: straight into {@code values} (from
   * {@link #valuesOf} for this same Struct) when it is not null, else through {@code put}.
   */
  public static void set(Struct struct, Object[] values, Field field, Object value) {
    if (values != null) {
      values[field.index()] = value;
    } else {
      struct.put(field, value);
    }
  }
}
