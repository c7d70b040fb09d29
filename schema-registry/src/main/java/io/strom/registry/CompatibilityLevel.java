package io.strom.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Confluent's compatibility levels, checked with Avro's own reader/writer resolution rules.
 * BACKWARD: the new schema can read data written with the previous one; FORWARD: the previous
 * schema can read data written with the new one; FULL: both. The transitive levels check against
 * every (not soft-deleted) version instead of the latest only.
 */
public enum CompatibilityLevel {
  NONE(false, false, false),
  BACKWARD(true, false, false),
  BACKWARD_TRANSITIVE(true, false, true),
  FORWARD(false, true, false),
  FORWARD_TRANSITIVE(false, true, true),
  FULL(true, true, false),
  FULL_TRANSITIVE(true, true, true);

  private final boolean newReadsOld;
  private final boolean oldReadsNew;
  private final boolean transitive;

  CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
    this.newReadsOld = newReadsOld;
    this.oldReadsNew = oldReadsNew;
    this.transitive = transitive;
  }

  public static CompatibilityLevel parse(String level) {
    if (level != null) {
      for (CompatibilityLevel value : values()) {
        if (value.name().equals(level.trim().toUpperCase(Locale.ROOT))) {
          return value;
        }
      }
    }
    throw RegistryException.invalidCompatibilityLevel(level);
  }

  /** One version the new schema is checked against. */
  static final class Existing {
    final int version;
    final Schema schema;

    Existing(int version, Schema schema) {
      this.version = version;
      this.schema = schema;
    }
  }

  /**
   * Why {@code candidate} may not follow {@code existing} (oldest first) at this level; empty when
   * it may. Non-transitive levels look at the latest version only.
   */
  List<String> incompatibilities(Schema candidate, List<Existing> existing) {
    List<String> messages = new ArrayList<>();
    if (this == NONE || existing.isEmpty()) {
      return messages;
    }
    List<Existing> against = transitive ? existing : existing.subList(existing.size() - 1, existing.size());
    for (Existing old : against) {
      if (newReadsOld) {
        describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old.schema), old, "new", messages);
      }
      if (oldReadsNew) {
        describe(SchemaCompatibility.checkReaderWriterCompatibility(old.schema, candidate), old, "old", messages);
      }
    }
    return messages;
  }

  private void describe(SchemaCompatibility.SchemaPairCompatibility result, Existing old, String reader,
      List<String> messages) {
    if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return;
    }
    for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
      messages.add("{errorType:'" + incompatibility.getType() + "', description:'" + incompatibility.getMessage()
          + " (at path '" + incompatibility.getLocation() + "', the " + reader + " schema reading)', "
          + "oldSchemaVersion: " + old.version + ", compatibility: '" + name() + "'}");
    }
  }
}
