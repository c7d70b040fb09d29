package io.strom.connect.rules;

import io.strom.rules.data.Column;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.types.SqlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Connect schemas as rule schemas and back: the source a rule reads, derived from the Connect
 * schema of its records, and the Connect schemas of a rule's output columns and key.
 *
 * <p>Column names of a derived source are the field names in upper case, so unquoted SQL names
 * match them as in ksqlDB. Fields of a type SQL lacks (plain BYTES, maps with non-string keys) are
 * left out of the source.
 */
public final class ConnectSchemas {

  private static final int DEFAULT_DECIMAL_PRECISION = 38;
  /** The Decimal parameter that carries a SQL DECIMAL's precision (Connect's Decimal has only a scale). */
  static final String DECIMAL_PRECISION = "connect.decimal.precision";

  private ConnectSchemas() {}

  // ---- Connect -> rules ------------------------------------------------------------------

  /** The source a rule reads, from the Connect schema of the records' value (or key). */
  public static StreamSchema deriveSource(String sourceName, Schema schema) {
    if (schema.type() != Schema.Type.STRUCT) {
      throw new DataException("a rule reads records whose value is a Struct or a Map, not " + describe(schema));
    }
    StreamSchema.Builder builder = StreamSchema.builder(sourceName);
    List<String> seen = new ArrayList<>();
    for (Field field : schema.fields()) {
      SqlType type = sqlType(field.schema());
      if (type == null) {
        continue;
      }
      String column = field.name().toUpperCase(Locale.ROOT);
      if (seen.contains(column)) {
        throw new DataException("fields that differ only in case cannot be columns of a rule: " + field.name()
            + " in " + describe(schema));
      }
      seen.add(column);
      builder.value(column, type);
    }
    return builder.build();
  }

  /** The SQL type of a Connect schema, or null when SQL has no such type. */
  public static SqlType sqlType(Schema schema) {
    String logical = schema.name();
    if (Timestamp.LOGICAL_NAME.equals(logical)) {
      return SqlType.TIMESTAMP;
    }
    if (Date.LOGICAL_NAME.equals(logical)) {
      return SqlType.DATE;
    }
    if (Time.LOGICAL_NAME.equals(logical)) {
      return SqlType.TIME;
    }
    if (Decimal.LOGICAL_NAME.equals(logical)) {
      int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
      String precision = schema.parameters().get(DECIMAL_PRECISION);
      int p = precision == null ? DEFAULT_DECIMAL_PRECISION : Integer.parseInt(precision);
      return SqlType.decimal(Math.max(p, Math.max(scale, 1)), scale);
    }
    switch (schema.type()) {
      case INT8, INT16, INT32:
        return SqlType.INTEGER;
      case INT64:
        return SqlType.BIGINT;
      case FLOAT32, FLOAT64:
        return SqlType.DOUBLE;
      case BOOLEAN:
        return SqlType.BOOLEAN;
      case STRING:
        return SqlType.STRING;
      case ARRAY: {
        SqlType element = sqlType(schema.valueSchema());
        return element == null ? null : SqlType.array(element);
      }
      case MAP: {
        SqlType value = sqlType(schema.valueSchema());
        return schema.keySchema().type() != Schema.Type.STRING || value == null ? null : SqlType.map(value);
      }
      case STRUCT: {
        List<SqlType.Field> fields = new ArrayList<>();
        for (Field f : schema.fields()) {
          SqlType t = sqlType(f.schema());
          if (t != null) {
            fields.add(new SqlType.Field(f.name(), t));
          }
        }
        return SqlType.struct(fields);
      }
      default:
        return null;
    }
  }

  /** The field a column reads: the one of that exact name, else of that name in any case; null if none. */
  static Field field(Schema schema, String column) {
    Field exact = schema.field(column);
    if (exact != null) {
      return exact;
    }
    for (Field f : schema.fields()) {
      if (f.name().equalsIgnoreCase(column)) {
        return f;
      }
    }
    return null;
  }

  // ---- rules -> Connect ------------------------------------------------------------------

  /** The Connect schema of a rule's output: a named, versioned, documented Struct of optional fields. */
  public static Schema outputSchema(String ruleName, List<Column> output, String doc) {
    SchemaBuilder builder = SchemaBuilder.struct()
        .name("io.strom.rules." + ruleName)
        .version(1)
        .doc(doc)
        .optional();
    for (Column c : output) {
      builder.field(c.name(), connectSchema(c.type()));
    }
    return builder.build();
  }

  /**
   * The Connect schema of a rule output's key: null when the output has no key columns, the
   * column's schema for one, a Struct of them for several.
   */
  public static Schema keySchema(String ruleName, List<Column> output) {
    List<Column> keys = output.stream().filter(Column::isKey).toList();
    if (keys.isEmpty()) {
      return null;
    }
    if (keys.size() == 1) {
      return connectSchema(keys.get(0).type());
    }
    SchemaBuilder b = SchemaBuilder.struct().name("io.strom.rules." + ruleName + "Key").version(1).optional();
    keys.forEach(c -> b.field(c.name(), connectSchema(c.type())));
    return b.build();
  }

  /** The optional Connect schema of a SQL type. */
  public static Schema connectSchema(SqlType type) {
    return switch (type.kind()) {
      case BOOLEAN -> Schema.OPTIONAL_BOOLEAN_SCHEMA;
      case INTEGER -> Schema.OPTIONAL_INT32_SCHEMA;
      case BIGINT -> Schema.OPTIONAL_INT64_SCHEMA;
      case DOUBLE -> Schema.OPTIONAL_FLOAT64_SCHEMA;
      case STRING, NULL -> Schema.OPTIONAL_STRING_SCHEMA;
      case DECIMAL -> Decimal.builder(type.scale()).parameter(DECIMAL_PRECISION, Integer.toString(type.precision()))
          .optional().build();
      case TIMESTAMP -> Timestamp.builder().optional().build();
      case DATE -> Date.builder().optional().build();
      case TIME -> Time.builder().optional().build();
      case ARRAY -> SchemaBuilder.array(connectSchema(type.element())).optional().build();
      case MAP -> SchemaBuilder.map(Schema.STRING_SCHEMA, connectSchema(type.mapValue())).optional().build();
      case STRUCT -> {
        SchemaBuilder b = SchemaBuilder.struct().optional();
        type.fields().forEach(f -> b.field(f.name(), connectSchema(f.type())));
        yield b.build();
      }
    };
  }

  /** A schema as error messages name it: its type, and its name when it has one. */
  public static String describe(Schema schema) {
    return schema.name() != null ? schema.type() + " " + schema.name() : schema.type().toString();
  }
}
