package io.strom.avro;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
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
 * Maps Connect schemas to Avro schemas and back, with the conventions of Confluent's AvroData so
 * that schemas registered by either converter look the same: {@code connect.name},
 * {@code connect.version}, {@code connect.doc}, {@code connect.parameters} and
 * {@code connect.type} (int8/int16) properties, optional schemas as unions with null (default
 * null), maps with non-string keys as arrays of {@code io.confluent.connect.avro.MapEntry} records,
 * Connect's logical types as Avro logical types, enums and multi-branch unions from other tools.
 * Stateless; {@link AvroData} caches the results.
 */
final class AvroSchemas {

  static final String NAMESPACE = "io.confluent.connect.avro";
  static final String DEFAULT_RECORD_NAME = NAMESPACE + ".ConnectDefault";
  static final String MAP_ENTRY_NAME = NAMESPACE + ".MapEntry";
  static final String UNION_NAME = NAMESPACE + ".Union";
  static final String ENUM_PARAMETER = NAMESPACE + ".Enum";
  static final String FIXED_SIZE_PARAMETER = "connect.fixed.size";
  static final String DECIMAL_PRECISION_PARAMETER = "connect.decimal.precision";
  static final int DEFAULT_DECIMAL_PRECISION = 64;

  static final String CONNECT_NAME = "connect.name";
  static final String CONNECT_VERSION = "connect.version";
  static final String CONNECT_DOC = "connect.doc";
  static final String CONNECT_PARAMETERS = "connect.parameters";
  static final String CONNECT_TYPE = "connect.type";

  private AvroSchemas() {}

  // ---------------------------------------------------------------- Connect -> Avro

  static org.apache.avro.Schema toAvro(Schema schema) {
    return new ToAvro().convert(schema, true);
  }

  /** One conversion: numbers unnamed records so that names stay unique inside one Avro schema. */
  private static final class ToAvro {
    private int unnamedRecords;
    private int mapEntries;

    org.apache.avro.Schema convert(Schema schema, boolean withOptional) {
      org.apache.avro.Schema base = base(schema);
      if (!withOptional || !schema.isOptional()) {
        return base;
      }
      org.apache.avro.Schema nullSchema = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL);
      if (base.getType() == org.apache.avro.Schema.Type.UNION) {
        List<org.apache.avro.Schema> branches = new ArrayList<>();
        branches.add(nullSchema);
        branches.addAll(base.getTypes());
        return org.apache.avro.Schema.createUnion(branches);
      }
      // A non-null default must match the first branch of a union (Avro's rule).
      return schema.defaultValue() != null
          ? org.apache.avro.Schema.createUnion(base, nullSchema)
          : org.apache.avro.Schema.createUnion(nullSchema, base);
    }

    private org.apache.avro.Schema base(Schema schema) {
      org.apache.avro.Schema avro;
      switch (schema.type()) {
        case INT8:
          avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
          avro.addProp(CONNECT_TYPE, "int8");
          break;
        case INT16:
          avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
          avro.addProp(CONNECT_TYPE, "int16");
          break;
        case INT32:
          avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
          if (Date.LOGICAL_NAME.equals(schema.name())) {
            LogicalTypes.date().addToSchema(avro);
          } else if (Time.LOGICAL_NAME.equals(schema.name())) {
            LogicalTypes.timeMillis().addToSchema(avro);
          }
          break;
        case INT64:
          avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG);
          if (Timestamp.LOGICAL_NAME.equals(schema.name())) {
            LogicalTypes.timestampMillis().addToSchema(avro);
          }
          break;
        case FLOAT32:
          avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.FLOAT);
          break;
        case FLOAT64:
          avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.DOUBLE);
          break;
        case BOOLEAN:
          avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BOOLEAN);
          break;
        case STRING:
          avro = stringOrEnum(schema);
          break;
        case BYTES:
          avro = bytesLike(schema);
          break;
        case ARRAY:
          avro = org.apache.avro.Schema.createArray(convert(schema.valueSchema(), true));
          break;
        case MAP:
          avro = map(schema);
          break;
        case STRUCT:
          if (UNION_NAME.equals(schema.name())) {
            List<org.apache.avro.Schema> branches = new ArrayList<>();
            for (Field field : schema.fields()) {
              branches.add(convert(field.schema(), false));
            }
            return org.apache.avro.Schema.createUnion(branches);
          }
          avro = record(schema);
          break;
        default:
          throw new DataException("Unsupported Connect type " + schema.type());
      }
      addConnectProps(schema, avro);
      return avro;
    }

    private org.apache.avro.Schema stringOrEnum(Schema schema) {
      Map<String, String> parameters = schema.parameters();
      if (parameters != null && parameters.containsKey(ENUM_PARAMETER)) {
        String prefix = ENUM_PARAMETER + ".";
        List<String> symbols = new ArrayList<>();
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
          if (parameter.getKey().startsWith(prefix)) {
            symbols.add(parameter.getValue());
          }
        }
        return org.apache.avro.Schema.createEnum(
            parameters.get(ENUM_PARAMETER), schema.doc(), null, symbols);
      }
      return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING);
    }

    private org.apache.avro.Schema bytesLike(Schema schema) {
      Map<String, String> parameters = schema.parameters();
      org.apache.avro.Schema avro;
      if (parameters != null && parameters.containsKey(FIXED_SIZE_PARAMETER)) {
        String name = schema.name() != null ? schema.name() : NAMESPACE + ".FixedBytes";
        avro = org.apache.avro.Schema.createFixed(
            name, schema.doc(), null, Integer.parseInt(parameters.get(FIXED_SIZE_PARAMETER)));
      } else {
        avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES);
      }
      if (Decimal.LOGICAL_NAME.equals(schema.name())) {
        int scale = Integer.parseInt(parameters.get(Decimal.SCALE_FIELD));
        String precision = parameters.get(DECIMAL_PRECISION_PARAMETER);
        LogicalTypes.decimal(precision == null ? DEFAULT_DECIMAL_PRECISION : Integer.parseInt(precision), scale)
            .addToSchema(avro);
      }
      return avro;
    }

    private org.apache.avro.Schema map(Schema schema) {
      Schema keySchema = schema.keySchema();
      if (keySchema.type() == Schema.Type.STRING && !keySchema.isOptional()) {
        return org.apache.avro.Schema.createMap(convert(schema.valueSchema(), true));
      }
      // Avro names are unique within a schema: a second such map gets MapEntry2, and so on.
      mapEntries++;
      org.apache.avro.Schema entry = org.apache.avro.Schema.createRecord(
          mapEntries == 1 ? MAP_ENTRY_NAME : MAP_ENTRY_NAME + mapEntries, null, null, false);
      List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
      fields.add(field("key", schema.keySchema()));
      fields.add(field("value", schema.valueSchema()));
      entry.setFields(fields);
      return org.apache.avro.Schema.createArray(entry);
    }

    private org.apache.avro.Schema record(Schema schema) {
      String name = schema.name();
      if (name == null) {
        unnamedRecords++;
        name = unnamedRecords == 1 ? DEFAULT_RECORD_NAME : DEFAULT_RECORD_NAME + unnamedRecords;
      }
      org.apache.avro.Schema record = org.apache.avro.Schema.createRecord(name, schema.doc(), null, false);
      List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
      for (Field field : schema.fields()) {
        fields.add(field(field.name(), field.schema()));
      }
      record.setFields(fields);
      return record;
    }

    private org.apache.avro.Schema.Field field(String name, Schema schema) {
      org.apache.avro.Schema avro = convert(schema, true);
      Object defaultValue = null;
      if (schema.defaultValue() != null) {
        defaultValue = defaultToJson(schema, schema.defaultValue());
      } else if (schema.isOptional()) {
        defaultValue = JsonProperties.NULL_VALUE;
      }
      return new org.apache.avro.Schema.Field(name, avro, null, defaultValue);
    }

    private static void addConnectProps(Schema schema, org.apache.avro.Schema avro) {
      if (schema.version() != null) {
        avro.addProp(CONNECT_VERSION, schema.version());
      }
      if (schema.doc() != null) {
        avro.addProp(CONNECT_DOC, schema.doc());
      }
      if (schema.parameters() != null && !schema.parameters().isEmpty()) {
        avro.addProp(CONNECT_PARAMETERS, new LinkedHashMap<>(schema.parameters()));
      }
      if (schema.name() != null) {
        avro.addProp(CONNECT_NAME, schema.name());
      }
    }
  }

  /** A Connect default value as the Java value Avro turns into a JSON default. */
  private static Object defaultToJson(Schema schema, Object value) {
    if (value == null) {
      return JsonProperties.NULL_VALUE;
    }
    if (value instanceof java.util.Date) {
      return AvroValues.connectLogicalToAvro(schema, value);
    }
    if (value instanceof BigDecimal) {
      return Decimal.fromLogical(schema, (BigDecimal) value);
    }
    switch (schema.type()) {
      case INT8:
      case INT16:
        return ((Number) value).intValue();
      case BYTES:
        return value instanceof ByteBuffer ? toArray((ByteBuffer) value) : value;
      case ARRAY: {
        List<Object> items = new ArrayList<>();
        for (Object item : (List<?>) value) {
          items.add(defaultToJson(schema.valueSchema(), item));
        }
        return items;
      }
      case MAP: {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          map.put(entry.getKey(), defaultToJson(schema.valueSchema(), entry.getValue()));
        }
        return map;
      }
      case STRUCT: {
        Map<String, Object> record = new LinkedHashMap<>();
        Struct struct = (Struct) value;
        for (Field field : schema.fields()) {
          record.put(field.name(), defaultToJson(field.schema(), struct.get(field)));
        }
        return record;
      }
      default:
        return value;
    }
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  // ---------------------------------------------------------------- Avro -> Connect

  static Schema toConnect(org.apache.avro.Schema avro) {
    return toConnect(avro, false, null);
  }

  private static Schema toConnect(org.apache.avro.Schema avro, boolean optional, Object avroDefault) {
    SchemaBuilder builder;
    LogicalType logical = avro.getLogicalType();
    switch (avro.getType()) {
      case BOOLEAN:
        builder = SchemaBuilder.bool();
        break;
      case INT:
        if (logical instanceof LogicalTypes.Date) {
          builder = Date.builder();
        } else if (logical instanceof LogicalTypes.TimeMillis) {
          builder = Time.builder();
        } else if ("int8".equals(avro.getProp(CONNECT_TYPE))) {
          builder = SchemaBuilder.int8();
        } else if ("int16".equals(avro.getProp(CONNECT_TYPE))) {
          builder = SchemaBuilder.int16();
        } else {
          builder = SchemaBuilder.int32();
        }
        break;
      case LONG:
        builder = logical instanceof LogicalTypes.TimestampMillis ? Timestamp.builder() : SchemaBuilder.int64();
        break;
      case FLOAT:
        builder = SchemaBuilder.float32();
        break;
      case DOUBLE:
        builder = SchemaBuilder.float64();
        break;
      case STRING:
        builder = SchemaBuilder.string();
        break;
      case BYTES:
      case FIXED:
        if (logical instanceof LogicalTypes.Decimal) {
          LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) logical;
          builder = Decimal.builder(decimal.getScale());
          if (decimal.getPrecision() != DEFAULT_DECIMAL_PRECISION) {
            builder.parameter(DECIMAL_PRECISION_PARAMETER, Integer.toString(decimal.getPrecision()));
          }
        } else {
          builder = SchemaBuilder.bytes();
        }
        if (avro.getType() == org.apache.avro.Schema.Type.FIXED) {
          builder.parameter(FIXED_SIZE_PARAMETER, Integer.toString(avro.getFixedSize()));
          if (logical == null) {
            builder.name(avro.getFullName());
          }
        }
        break;
      case ENUM:
        builder = SchemaBuilder.string().parameter(ENUM_PARAMETER, avro.getFullName());
        for (String symbol : avro.getEnumSymbols()) {
          builder.parameter(ENUM_PARAMETER + "." + symbol, symbol);
        }
        break;
      case ARRAY: {
        org.apache.avro.Schema items = avro.getElementType();
        if (isMapEntry(items)) {
          builder = SchemaBuilder.map(
              toConnectField(items.getField("key")), toConnectField(items.getField("value")));
        } else {
          builder = SchemaBuilder.array(toConnect(items, false, null));
        }
        break;
      }
      case MAP:
        builder = SchemaBuilder.map(Schema.STRING_SCHEMA, toConnect(avro.getValueType(), false, null));
        break;
      case RECORD:
        builder = SchemaBuilder.struct();
        if (!avro.getFullName().startsWith(DEFAULT_RECORD_NAME)) {
          builder.name(avro.getFullName()); // an unnamed Connect struct stays unnamed
        }
        if (avro.getDoc() != null) {
          builder.doc(avro.getDoc());
        }
        for (org.apache.avro.Schema.Field field : avro.getFields()) {
          builder.field(field.name(), toConnectField(field));
        }
        break;
      case UNION:
        return union(avro, optional, avroDefault);
      case NULL:
        throw new DataException("An Avro null schema has no Connect equivalent outside a union");
      default:
        throw new DataException("Unsupported Avro type " + avro.getType());
    }
    applyConnectProps(avro, builder);
    if (optional) {
      builder.optional();
    }
    if (avroDefault != null && avroDefault != JsonProperties.NULL_VALUE) {
      Object connectDefault = defaultToConnect(avro, builder, avroDefault);
      if (connectDefault != null) {
        builder.defaultValue(connectDefault);
      }
    }
    return builder.build();
  }

  private static Schema toConnectField(org.apache.avro.Schema.Field field) {
    return toConnect(field.schema(), false, field.hasDefaultValue() ? field.defaultVal() : null);
  }

  private static Schema union(org.apache.avro.Schema avro, boolean optional, Object avroDefault) {
    List<org.apache.avro.Schema> nonNull = new ArrayList<>();
    for (org.apache.avro.Schema branch : avro.getTypes()) {
      if (branch.getType() != org.apache.avro.Schema.Type.NULL) {
        nonNull.add(branch);
      }
    }
    boolean hasNull = nonNull.size() < avro.getTypes().size();
    if (nonNull.size() == 1) {
      return toConnect(nonNull.get(0), optional || hasNull, avroDefault);
    }
    SchemaBuilder union = SchemaBuilder.struct().name(UNION_NAME);
    for (org.apache.avro.Schema branch : nonNull) {
      union.field(unionBranchName(branch), toConnect(branch, true, null));
    }
    if (optional || hasNull) {
      union.optional();
    }
    return union.build();
  }

  /** The field name of a union branch in Connect's struct: the simple name for named types. */
  static String unionBranchName(org.apache.avro.Schema branch) {
    switch (branch.getType()) {
      case RECORD:
      case ENUM:
      case FIXED:
        return branch.getName();
      default:
        return branch.getType().getName();
    }
  }

  static boolean isMapEntry(org.apache.avro.Schema schema) {
    return schema.getType() == org.apache.avro.Schema.Type.RECORD
        && schema.getFullName().startsWith(MAP_ENTRY_NAME)
        && schema.getFields().size() == 2
        && schema.getField("key") != null
        && schema.getField("value") != null;
  }

  @SuppressWarnings("unchecked")
  private static void applyConnectProps(org.apache.avro.Schema avro, SchemaBuilder builder) {
    Object name = avro.getObjectProp(CONNECT_NAME);
    if (name instanceof String && builder.name() == null) {
      builder.name((String) name);
    }
    Object version = avro.getObjectProp(CONNECT_VERSION);
    if (version instanceof Number && builder.version() == null) {
      builder.version(((Number) version).intValue());
    }
    Object doc = avro.getObjectProp(CONNECT_DOC);
    if (doc instanceof String && builder.doc() == null) {
      builder.doc((String) doc);
    }
    Object parameters = avro.getObjectProp(CONNECT_PARAMETERS);
    if (parameters instanceof Map) {
      for (Map.Entry<String, Object> parameter : ((Map<String, Object>) parameters).entrySet()) {
        if (builder.parameters() == null || !builder.parameters().containsKey(parameter.getKey())) {
          builder.parameter(parameter.getKey(), String.valueOf(parameter.getValue()));
        }
      }
    }
  }

  /** An Avro field default (as Avro's {@code defaultVal()} returns it) as a Connect value. */
  @SuppressWarnings("unchecked")
  private static Object defaultToConnect(org.apache.avro.Schema avro, Schema schema, Object value) {
    if (value == null || value == JsonProperties.NULL_VALUE) {
      return null;
    }
    switch (schema.type()) {
      case INT8:
        return ((Number) value).byteValue();
      case INT16:
        return ((Number) value).shortValue();
      case INT32:
        return schema.name() != null
            ? AvroValues.avroLogicalToConnect(schema, ((Number) value).intValue())
            : ((Number) value).intValue();
      case INT64:
        return schema.name() != null
            ? AvroValues.avroLogicalToConnect(schema, ((Number) value).longValue())
            : ((Number) value).longValue();
      case FLOAT32:
        return ((Number) value).floatValue();
      case FLOAT64:
        return ((Number) value).doubleValue();
      case BOOLEAN:
      case STRING:
        return value;
      case BYTES: {
        byte[] bytes = value instanceof byte[] ? (byte[]) value
            : String.valueOf(value).getBytes(StandardCharsets.ISO_8859_1);
        return Decimal.LOGICAL_NAME.equals(schema.name()) ? Decimal.toLogical(schema, bytes) : bytes;
      }
      case ARRAY: {
        if (avro.getType() != org.apache.avro.Schema.Type.ARRAY) {
          return null;
        }
        List<Object> items = new ArrayList<>();
        for (Object item : (List<Object>) value) {
          items.add(defaultToConnect(avro.getElementType(), schema.valueSchema(), item));
        }
        return items;
      }
      case MAP: {
        if (avro.getType() != org.apache.avro.Schema.Type.MAP) {
          return null;
        }
        Map<Object, Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : ((Map<String, Object>) value).entrySet()) {
          map.put(entry.getKey(), defaultToConnect(avro.getValueType(), schema.valueSchema(), entry.getValue()));
        }
        return map;
      }
      case STRUCT: {
        if (avro.getType() != org.apache.avro.Schema.Type.RECORD) {
          return null;
        }
        Struct struct = new Struct(schema);
        Map<String, Object> record = (Map<String, Object>) value;
        for (org.apache.avro.Schema.Field field : avro.getFields()) {
          Object fieldValue = record.containsKey(field.name()) ? record.get(field.name())
              : field.hasDefaultValue() ? field.defaultVal() : null;
          Field connectField = schema.field(field.name());
          struct.put(connectField, defaultToConnect(nonNullBranch(field.schema()), connectField.schema(), fieldValue));
        }
        return struct;
      }
      default:
        return null;
    }
  }

  private static org.apache.avro.Schema nonNullBranch(org.apache.avro.Schema schema) {
    if (schema.getType() != org.apache.avro.Schema.Type.UNION) {
      return schema;
    }
    for (org.apache.avro.Schema branch : schema.getTypes()) {
      if (branch.getType() != org.apache.avro.Schema.Type.NULL) {
        return branch;
      }
    }
    return schema;
  }
}
