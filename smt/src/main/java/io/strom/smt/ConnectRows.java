package io.strom.smt;

import io.strom.connect.common.StructFields;
import io.strom.rules.CompiledRule;
import io.strom.rules.data.Column;
import io.strom.rules.data.Row;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.types.Coercions;
import io.strom.rules.types.SqlType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Every conversion between Connect data and the rules library, in one place: a source schema
 * derived from a Connect schema, {@link Row}s over Connect {@link Struct}s, Connect schemas derived
 * from a rule's output columns, and output values back to Connect data.
 *
 * <p>Column names of a derived source are the field names in upper case, so unquoted SQL names
 * match them as in ksqlDB. Fields of a type SQL lacks (plain BYTES, maps with non-string keys) are
 * left out of the source.
 */
final class ConnectRows {

  private static final int DEFAULT_DECIMAL_PRECISION = 38;
  private static final String DECIMAL_PRECISION = "connect.decimal.precision";

  private ConnectRows() {}

  // ---- Connect -> rules ------------------------------------------------------------------

  /** The source a rule reads, from the Connect schema of the records' value (or key). */
  static StreamSchema deriveSource(String sourceName, Schema schema) {
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
  static SqlType sqlType(Schema schema) {
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

  /** A Connect value (of a schema or schemaless) as the Java value the library expects for {@code type}. */
  static Object toSql(Object value, SqlType type) {
    if (value == null) {
      return null;
    }
    switch (type.kind()) {
      case TIMESTAMP:
        if (value instanceof java.util.Date d) {
          return Instant.ofEpochMilli(d.getTime());
        }
        break;
      case DATE:
        if (value instanceof java.util.Date d) {
          return LocalDate.ofEpochDay(Math.floorDiv(d.getTime(), 86_400_000L));
        }
        break;
      case TIME:
        if (value instanceof java.util.Date d) {
          return LocalTime.ofNanoOfDay(Math.floorMod(d.getTime(), 86_400_000L) * 1_000_000L);
        }
        break;
      case ARRAY:
        if (value instanceof List<?> list) {
          List<Object> out = new ArrayList<>(list.size());
          for (Object o : list) {
            out.add(toSql(o, type.element()));
          }
          return out;
        }
        break;
      case MAP:
        if (value instanceof Map<?, ?> map) {
          Map<String, Object> out = new LinkedHashMap<>();
          map.forEach((k, v) -> out.put(String.valueOf(k), toSql(v, type.mapValue())));
          return out;
        }
        break;
      case STRUCT:
        if (value instanceof Struct struct) {
          List<String> names = new ArrayList<>();
          List<Object> values = new ArrayList<>();
          for (SqlType.Field f : type.fields()) {
            Field field = struct.schema().field(f.name());
            names.add(f.name());
            values.add(field == null ? null : toSql(struct.get(field), f.type()));
          }
          return new io.strom.rules.types.StructValue(names, values);
        }
        if (value instanceof Map<?, ?> map) {
          List<String> names = new ArrayList<>();
          List<Object> values = new ArrayList<>();
          for (SqlType.Field f : type.fields()) {
            names.add(f.name());
            values.add(toSql(fieldOf(map, f.name()), f.type()));
          }
          return new io.strom.rules.types.StructValue(names, values);
        }
        break;
      default:
        break;
    }
    return Coercions.toType(value, type);
  }

  private static Object fieldOf(Map<?, ?> map, String name) {
    Object v = map.get(name);
    if (v != null || map.containsKey(name)) {
      return v;
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (name.equalsIgnoreCase(String.valueOf(e.getKey()))) {
        return e.getValue();
      }
    }
    return null;
  }

  /**
   * Reads rows of {@code source} from Structs of one Connect schema: each column's field is
   * resolved once (exact name, else case-insensitive); a column without a field reads null.
   *
   * <p>With {@code reuseRow} (for rules that keep no state, so read a row only while processing
   * it) every keyless record is read through one row object pointed at its Struct, instead of a
   * new row per record. A reader is used by one task thread.
   */
  static final class StructReader {
    private final Field[] fields;
    private final SqlType[] types;
    private final boolean[] direct;
    private final int[] keyColumns;
    private final StreamSchema source;
    private final StructRow reusable;

    /** The last timestamp read and the Instant made of it, so that the writer can hand back the Date. */
    private java.util.Date lastDate;
    private Instant lastInstant;

    StructReader(StreamSchema source, Schema schema, boolean reuseRow, boolean[] copiedTimestamps) {
      this.source = source;
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
        fields[i] = findField(schema, c.name());
        direct[i] = fields[i] != null && (holdsSqlValue(fields[i].schema(), c.type())
            || copiedTimestamps[i] && Timestamp.LOGICAL_NAME.equals(fields[i].schema().name()));
      }
      keyColumns = keys.stream().mapToInt(Integer::intValue).toArray();
    }

    Row row(Object key, Struct value) {
      if (keyColumns.length == 0) {
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
        values[i] = keyPart(key, source.columns().get(i));
      }
      return Row.of(values);
    }

    private Object keyPart(Object key, Column column) {
      if (key == null) {
        return null;
      }
      if (keyColumns.length == 1) {
        return convert(key, column);
      }
      if (key instanceof Struct s) {
        Field f = findField(s.schema(), column.name());
        return f == null ? null : convert(s.get(f), column);
      }
      if (key instanceof Map<?, ?> m) {
        return convert(fieldOf(m, column.name()), column);
      }
      throw new DataException("the source has " + keyColumns.length + " key columns, so the record key must be a"
          + " Struct or Map with a field per key column");
    }

    Object read(Struct value, int column) {
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
      return convert(v, source.columns().get(column));
    }

    /**
     * The Connect Date a timestamp the rule outputs came from, when it is the very Instant this
     * reader last made (a timestamp projected unchanged), else null: the output then carries the
     * input's Date instead of a new copy of it.
     */
    java.util.Date dateOf(Instant instant) {
      return instant == lastInstant ? lastDate : null;
    }

    private static Object convert(Object value, Column column) {
      try {
        return toSql(value, column.type());
      } catch (RuntimeException e) {
        throw new DataException("column " + column.name() + ": " + e.getMessage(), e);
      }
    }
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

  /**
   * The source columns (by index) whose Connect Date the rule may read unconverted: TIMESTAMP
   * columns that the rule only copies ({@link CompiledRule#passThroughColumns()}). The library reads
   * TIMESTAMPs as Instants, but a value only copied is never read by it, so handing it the Date
   * saves converting there and back on every record.
   */
  static boolean[] copiedTimestamps(CompiledRule rule) {
    List<Column> columns = rule.source().columns();
    boolean[] copied = new boolean[columns.size()];
    for (int i : rule.passThroughColumns()) {
      copied[i] = columns.get(i).type().kind() == SqlType.Kind.TIMESTAMP;
    }
    return copied;
  }

  private static Field findField(Schema schema, String column) {
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

  // ---- rules -> Connect ------------------------------------------------------------------

  /** The Connect schema of a rule's output: a named, versioned, documented Struct of optional fields. */
  static Schema outputSchema(String ruleName, List<Column> output, String doc) {
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

  /** The optional Connect schema of a SQL type. */
  static Schema connectSchema(SqlType type) {
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

  /** A library value as Connect data of {@code schema} (one made by {@link #connectSchema}). */
  static Object toConnect(Object value, Schema schema) {
    if (value == null) {
      return null;
    }
    if (value instanceof Instant i) {
      return new java.util.Date(i.toEpochMilli());
    }
    if (value instanceof LocalDate d) {
      return new java.util.Date(d.toEpochDay() * 86_400_000L);
    }
    if (value instanceof LocalTime t) {
      return new java.util.Date(t.toNanoOfDay() / 1_000_000L);
    }
    if (value instanceof BigDecimal d) {
      return d.setScale(Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD)), RoundingMode.HALF_UP);
    }
    if (value instanceof io.strom.rules.types.StructValue s) {
      Struct out = new Struct(schema);
      for (Field f : schema.fields()) {
        out.put(f, toConnect(s.get(f.name()), f.schema()));
      }
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(o -> out.add(toConnect(o, schema.valueSchema())));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, toConnect(v, schema.valueSchema())));
      return out;
    }
    return value;
  }

  /**
   * Writes output rows as Connect Structs of one output schema (made by {@link #outputSchema}).
   * What each column needs is worked out once: values that already are the Java type of their
   * (optional, plain) field and the Dates made here for temporal fields go straight into the
   * Struct ({@link StructFields}), skipping {@code put}'s per-call validation; anything else
   * (decimals, arrays, maps, structs, or a value of an unexpected type) goes through the
   * validating {@code put}, so a wrong value still fails here as before.
   */
  static final class StructWriter {
    private final Schema schema;
    private final Field[] fields;
    /** The exact class a plain column's values have, null for other columns. */
    private final Class<?>[] plainClass;
    private final boolean[] temporal;
    private final boolean[] timestamp;

    StructWriter(Schema schema) {
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
    Struct write(Object[] values, StructReader source) {
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
          // a Connect timestamp the rule copied from its input unconverted (see copiedTimestamps)
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
        Object connect = toConnect(value, field.schema());
        if (temporal[i] && connect instanceof java.util.Date && !(value instanceof java.util.Date)) {
          StructFields.set(out, slots, field, connect); // a Date toConnect made for this logical type
        } else {
          out.put(field, connect);
        }
      }
      return out;
    }
  }

  /**
   * An output row as a schemaless map (for schemaless input): timestamps as epoch millis, dates
   * and times as ISO text, structs as maps, so that a schemaless JSON converter can write them.
   */
  static Map<String, Object> toMap(Object[] values, List<Column> output) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      out.put(output.get(i).name(), toSchemaless(values[i]));
    }
    return out;
  }

  private static Object toSchemaless(Object value) {
    if (value instanceof Instant i) {
      return i.toEpochMilli();
    }
    if (value instanceof LocalDate || value instanceof LocalTime) {
      return value.toString();
    }
    if (value instanceof io.strom.rules.types.StructValue s) {
      Map<String, Object> out = new LinkedHashMap<>();
      s.toMap().forEach((k, v) -> out.put(k, toSchemaless(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(ConnectRows::toSchemaless).toList();
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, toSchemaless(v)));
      return out;
    }
    return value;
  }

  // ---- schemaless input ------------------------------------------------------------------

  /**
   * The SQL type of a schemaless value (as JsonConverter gives it), or null for null and for
   * values SQL has no type for.
   */
  static SqlType sqlTypeOf(Object value) {
    if (value instanceof String) {
      return SqlType.STRING;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return SqlType.INTEGER;
    }
    if (value instanceof Long) {
      return SqlType.BIGINT;
    }
    if (value instanceof Double || value instanceof Float) {
      return SqlType.DOUBLE;
    }
    if (value instanceof BigDecimal d) {
      return SqlType.decimal(Math.max(d.precision(), Math.max(d.scale(), 1)), Math.max(d.scale(), 0));
    }
    if (value instanceof Boolean) {
      return SqlType.BOOLEAN;
    }
    if (value instanceof java.util.Date) {
      return SqlType.TIMESTAMP;
    }
    if (value instanceof List<?> list) {
      for (Object o : list) {
        SqlType t = sqlTypeOf(o);
        if (t != null) {
          return SqlType.array(t);
        }
      }
      return null;
    }
    if (value instanceof Map<?, ?> map) {
      List<SqlType.Field> fields = new ArrayList<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        SqlType t = sqlTypeOf(e.getValue());
        if (t != null) {
          fields.add(new SqlType.Field(String.valueOf(e.getKey()), t));
        }
      }
      return SqlType.struct(fields);
    }
    return null;
  }

  /** A Row of {@code source} over a schemaless map: fields match columns exactly or case-insensitively. */
  static Row mapRow(StreamSchema source, Object key, Map<?, ?> value) {
    List<Column> columns = source.columns();
    Object[] values = new Object[columns.size()];
    long keyCount = columns.stream().filter(Column::isKey).count();
    for (int i = 0; i < values.length; i++) {
      Column c = columns.get(i);
      Object raw;
      if (!c.isKey()) {
        raw = fieldOf(value, c.name());
      } else if (keyCount == 1 || key == null) {
        raw = key;
      } else if (key instanceof Map<?, ?> m) {
        raw = fieldOf(m, c.name());
      } else if (key instanceof Struct s) {
        Field f = findField(s.schema(), c.name());
        raw = f == null ? null : s.get(f);
      } else {
        throw new DataException("the source has " + keyCount + " key columns, so the record key must be a"
            + " Struct or Map with a field per key column");
      }
      try {
        values[i] = toSql(raw, c.type());
      } catch (RuntimeException e) {
        throw new DataException("column " + c.name() + ": " + e.getMessage(), e);
      }
    }
    return Row.of(values);
  }

  static String describe(Schema schema) {
    return schema.name() != null ? schema.type() + " " + schema.name() : schema.type().toString();
  }
}
