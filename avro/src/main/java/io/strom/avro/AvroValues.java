package io.strom.avro;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.ResolvingDecoder;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Writes Connect values straight to an Avro {@link Encoder} and reads them straight from a
 * {@link Decoder}, walking the Avro schema and its Connect schema together. No intermediate
 * GenericRecord: that copy would cost as much as the encoding itself. Reading through a
 * {@link ResolvingDecoder} projects data written with another schema version onto the reader
 * schema (Avro's resolution rules: defaults for missing fields, skipping removed ones).
 */
final class AvroValues {

  private static final long MILLIS_PER_DAY = 24L * 60 * 60 * 1000;

  private AvroValues() {}

  // ---------------------------------------------------------------- write

  static void write(org.apache.avro.Schema avro, Schema connect, Object value, Encoder out) throws IOException {
    if (value == null && avro.getType() != org.apache.avro.Schema.Type.UNION
        && avro.getType() != org.apache.avro.Schema.Type.NULL) {
      throw new DataException("null value for a non-optional " + avro.getType().getName() + " schema");
    }
    switch (avro.getType()) {
      case UNION:
        writeUnion(avro, connect, value, out);
        break;
      case NULL:
        out.writeNull();
        break;
      case BOOLEAN:
        out.writeBoolean((Boolean) value);
        break;
      case INT:
        out.writeInt(value instanceof java.util.Date
            ? (int) logicalToAvro(avro.getLogicalType(), (java.util.Date) value)
            : ((Number) value).intValue());
        break;
      case LONG:
        out.writeLong(value instanceof java.util.Date
            ? logicalToAvro(avro.getLogicalType(), (java.util.Date) value)
            : ((Number) value).longValue());
        break;
      case FLOAT:
        out.writeFloat(((Number) value).floatValue());
        break;
      case DOUBLE:
        out.writeDouble(((Number) value).doubleValue());
        break;
      case STRING:
        out.writeString((String) value);
        break;
      case ENUM: {
        if (!avro.hasEnumSymbol((String) value)) {
          throw new DataException("'" + value + "' is not a symbol of enum " + avro.getFullName());
        }
        out.writeEnum(avro.getEnumOrdinal((String) value));
        break;
      }
      case BYTES:
        if (value instanceof ByteBuffer) {
          out.writeBytes(((ByteBuffer) value).duplicate());
        } else {
          out.writeBytes(bytes(avro, value));
        }
        break;
      case FIXED: {
        byte[] bytes = value instanceof ByteBuffer ? toArray((ByteBuffer) value) : bytes(avro, value);
        if (value instanceof BigDecimal && bytes.length < avro.getFixedSize()) {
          bytes = signExtend(bytes, avro.getFixedSize());
        }
        if (bytes.length != avro.getFixedSize()) {
          throw new DataException(bytes.length + " bytes for fixed " + avro.getFullName()
              + " of size " + avro.getFixedSize());
        }
        out.writeFixed(bytes);
        break;
      }
      case ARRAY:
        if (value instanceof Map) {
          writeMapAsEntries(avro.getElementType(), connect, (Map<?, ?>) value, out);
        } else {
          writeArray(avro.getElementType(), connect.valueSchema(), (List<?>) value, out);
        }
        break;
      case MAP:
        writeMap(avro.getValueType(), connect.valueSchema(), (Map<?, ?>) value, out);
        break;
      case RECORD:
        writeRecord(avro, connect, (Struct) value, out);
        break;
      default:
        throw new DataException("Unsupported Avro type " + avro.getType());
    }
  }

  private static void writeUnion(org.apache.avro.Schema avro, Schema connect, Object value, Encoder out)
      throws IOException {
    List<org.apache.avro.Schema> branches = avro.getTypes();
    if (value == null) {
      for (int i = 0; i < branches.size(); i++) {
        if (branches.get(i).getType() == org.apache.avro.Schema.Type.NULL) {
          out.writeIndex(i);
          out.writeNull();
          return;
        }
      }
      throw new DataException("null value for a union without null: " + avro);
    }
    boolean connectUnion = connect.type() == Schema.Type.STRUCT && AvroSchemas.UNION_NAME.equals(connect.name());
    if (connectUnion) {
      Struct union = (Struct) value;
      for (int i = 0; i < branches.size(); i++) {
        org.apache.avro.Schema branch = branches.get(i);
        Field field = connect.field(AvroSchemas.unionBranchName(branch));
        if (field != null && union.get(field) != null) {
          out.writeIndex(i);
          write(branch, field.schema(), union.get(field), out);
          return;
        }
      }
      throw new DataException("union struct has no value in any branch of " + avro);
    }
    for (int i = 0; i < branches.size(); i++) {
      if (branches.get(i).getType() != org.apache.avro.Schema.Type.NULL) {
        out.writeIndex(i);
        write(branches.get(i), connect, value, out);
        return;
      }
    }
    throw new DataException("no branch for a non-null value in " + avro);
  }

  private static void writeRecord(org.apache.avro.Schema avro, Schema connect, Struct struct, Encoder out)
      throws IOException {
    List<org.apache.avro.Schema.Field> avroFields = avro.getFields();
    List<Field> connectFields = connect.fields();
    for (int i = 0; i < avroFields.size(); i++) {
      org.apache.avro.Schema.Field avroField = avroFields.get(i);
      Field field = i < connectFields.size() && connectFields.get(i).name().equals(avroField.name())
          ? connectFields.get(i)
          : connect.field(avroField.name());
      if (field == null) {
        throw new DataException("the Connect schema has no field '" + avroField.name() + "' that Avro record "
            + avro.getFullName() + " needs");
      }
      write(avroField.schema(), field.schema(), struct.get(field), out);
    }
  }

  private static void writeArray(org.apache.avro.Schema items, Schema connectItems, List<?> list, Encoder out)
      throws IOException {
    out.writeArrayStart();
    out.setItemCount(list.size());
    for (Object item : list) {
      out.startItem();
      write(items, connectItems, item, out);
    }
    out.writeArrayEnd();
  }

  private static void writeMap(org.apache.avro.Schema values, Schema connectValues, Map<?, ?> map, Encoder out)
      throws IOException {
    out.writeMapStart();
    out.setItemCount(map.size());
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      out.startItem();
      out.writeString(entry.getKey().toString());
      write(values, connectValues, entry.getValue(), out);
    }
    out.writeMapEnd();
  }

  private static void writeMapAsEntries(org.apache.avro.Schema entry, Schema connectMap, Map<?, ?> map, Encoder out)
      throws IOException {
    org.apache.avro.Schema keySchema = entry.getField("key").schema();
    org.apache.avro.Schema valueSchema = entry.getField("value").schema();
    boolean keyFirst = entry.getField("key").pos() == 0;
    out.writeArrayStart();
    out.setItemCount(map.size());
    for (Map.Entry<?, ?> e : map.entrySet()) {
      out.startItem();
      if (keyFirst) {
        write(keySchema, connectMap.keySchema(), e.getKey(), out);
        write(valueSchema, connectMap.valueSchema(), e.getValue(), out);
      } else {
        write(valueSchema, connectMap.valueSchema(), e.getValue(), out);
        write(keySchema, connectMap.keySchema(), e.getKey(), out);
      }
    }
    out.writeArrayEnd();
  }

  private static byte[] bytes(org.apache.avro.Schema avro, Object value) {
    if (value instanceof BigDecimal) {
      LogicalType logical = avro.getLogicalType();
      if (!(logical instanceof LogicalTypes.Decimal)) {
        throw new DataException("a BigDecimal for Avro " + avro.getType().getName() + " without decimal logical type");
      }
      int scale = ((LogicalTypes.Decimal) logical).getScale();
      BigDecimal decimal = (BigDecimal) value;
      if (decimal.scale() != scale) {
        decimal = decimal.setScale(scale, RoundingMode.UNNECESSARY);
      }
      return decimal.unscaledValue().toByteArray();
    }
    return (byte[]) value;
  }

  /** A two's complement number padded to {@code size} bytes, as a fixed decimal needs. */
  private static byte[] signExtend(byte[] bytes, int size) {
    byte[] padded = new byte[size];
    byte pad = bytes.length > 0 && bytes[0] < 0 ? (byte) 0xff : 0;
    Arrays.fill(padded, 0, size - bytes.length, pad);
    System.arraycopy(bytes, 0, padded, size - bytes.length, bytes.length);
    return padded;
  }

  private static long logicalToAvro(LogicalType logical, java.util.Date value) {
    long millis = value.getTime();
    if (logical instanceof LogicalTypes.Date) {
      return Math.floorDiv(millis, MILLIS_PER_DAY);
    }
    if (logical instanceof LogicalTypes.TimeMillis) {
      return Math.floorMod(millis, MILLIS_PER_DAY);
    }
    return millis;
  }

  /** A Connect logical value (Date, Time, Timestamp) as the Avro number that encodes it. */
  static Object connectLogicalToAvro(Schema schema, Object value) {
    long millis = ((java.util.Date) value).getTime();
    if (Date.LOGICAL_NAME.equals(schema.name())) {
      return (int) Math.floorDiv(millis, MILLIS_PER_DAY);
    }
    if (Time.LOGICAL_NAME.equals(schema.name())) {
      return (int) Math.floorMod(millis, MILLIS_PER_DAY);
    }
    return millis;
  }

  /** An Avro number as the Connect logical value its Connect schema names, or the number itself. */
  static Object avroLogicalToConnect(Schema schema, Number value) {
    if (Date.LOGICAL_NAME.equals(schema.name())) {
      return new java.util.Date(value.longValue() * MILLIS_PER_DAY);
    }
    if (Time.LOGICAL_NAME.equals(schema.name()) || Timestamp.LOGICAL_NAME.equals(schema.name())) {
      return new java.util.Date(value.longValue());
    }
    return value;
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  // ---------------------------------------------------------------- read

  static Object read(org.apache.avro.Schema avro, Schema connect, Decoder in) throws IOException {
    switch (avro.getType()) {
      case UNION:
        return readUnion(avro, connect, in);
      case NULL:
        in.readNull();
        return null;
      case BOOLEAN:
        return in.readBoolean();
      case INT: {
        int value = in.readInt();
        LogicalType logical = avro.getLogicalType();
        if (logical instanceof LogicalTypes.Date) {
          return new java.util.Date(value * MILLIS_PER_DAY);
        }
        if (logical instanceof LogicalTypes.TimeMillis) {
          return new java.util.Date(value);
        }
        switch (connect.type()) {
          case INT8:
            return (byte) value;
          case INT16:
            return (short) value;
          default:
            return value;
        }
      }
      case LONG: {
        long value = in.readLong();
        return avro.getLogicalType() instanceof LogicalTypes.TimestampMillis ? new java.util.Date(value) : value;
      }
      case FLOAT:
        return in.readFloat();
      case DOUBLE:
        return in.readDouble();
      case STRING:
        return in.readString();
      case ENUM:
        return avro.getEnumSymbols().get(in.readEnum());
      case BYTES: {
        ByteBuffer buffer = in.readBytes(null);
        return decimalOrBytes(avro, toArray(buffer));
      }
      case FIXED: {
        byte[] bytes = new byte[avro.getFixedSize()];
        in.readFixed(bytes);
        return decimalOrBytes(avro, bytes);
      }
      case ARRAY:
        if (connect.type() == Schema.Type.MAP) {
          return readEntriesAsMap(avro.getElementType(), connect, in);
        }
        return readArray(avro.getElementType(), connect.valueSchema(), in);
      case MAP:
        return readMap(avro.getValueType(), connect.valueSchema(), in);
      case RECORD:
        return readRecord(avro, connect, in);
      default:
        throw new DataException("Unsupported Avro type " + avro.getType());
    }
  }

  private static Object readUnion(org.apache.avro.Schema avro, Schema connect, Decoder in) throws IOException {
    org.apache.avro.Schema branch = avro.getTypes().get(in.readIndex());
    if (branch.getType() == org.apache.avro.Schema.Type.NULL) {
      in.readNull();
      return null;
    }
    if (connect.type() == Schema.Type.STRUCT && AvroSchemas.UNION_NAME.equals(connect.name())) {
      Struct union = new Struct(connect);
      Field field = connect.field(AvroSchemas.unionBranchName(branch));
      union.put(field, read(branch, field.schema(), in));
      return union;
    }
    return read(branch, connect, in);
  }

  private static Struct readRecord(org.apache.avro.Schema avro, Schema connect, Decoder in) throws IOException {
    Struct struct = new Struct(connect);
    Object[] values = StructFields.valuesOf(struct);
    List<Field> connectFields = connect.fields();
    if (in instanceof ResolvingDecoder) {
      for (org.apache.avro.Schema.Field avroField : ((ResolvingDecoder) in).readFieldOrder()) {
        Field field = connectFields.get(avroField.pos());
        StructFields.set(struct, values, field, read(avroField.schema(), field.schema(), in));
      }
    } else {
      List<org.apache.avro.Schema.Field> avroFields = avro.getFields();
      for (int i = 0; i < avroFields.size(); i++) {
        Field field = connectFields.get(i);
        StructFields.set(struct, values, field, read(avroFields.get(i).schema(), field.schema(), in));
      }
    }
    return struct;
  }

  private static List<Object> readArray(org.apache.avro.Schema items, Schema connectItems, Decoder in)
      throws IOException {
    List<Object> list = new ArrayList<>();
    for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
      for (long i = 0; i < n; i++) {
        list.add(read(items, connectItems, in));
      }
    }
    return list;
  }

  private static Map<Object, Object> readMap(org.apache.avro.Schema values, Schema connectValues, Decoder in)
      throws IOException {
    Map<Object, Object> map = new HashMap<>();
    for (long n = in.readMapStart(); n != 0; n = in.mapNext()) {
      for (long i = 0; i < n; i++) {
        String key = in.readString();
        map.put(key, read(values, connectValues, in));
      }
    }
    return map;
  }

  private static Map<Object, Object> readEntriesAsMap(org.apache.avro.Schema entry, Schema connectMap, Decoder in)
      throws IOException {
    Map<Object, Object> map = new HashMap<>();
    for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
      for (long i = 0; i < n; i++) {
        Object key = null;
        Object value = null;
        org.apache.avro.Schema.Field[] order = in instanceof ResolvingDecoder
            ? ((ResolvingDecoder) in).readFieldOrder()
            : entry.getFields().toArray(new org.apache.avro.Schema.Field[0]);
        for (org.apache.avro.Schema.Field field : order) {
          if (field.name().equals("key")) {
            key = read(field.schema(), connectMap.keySchema(), in);
          } else {
            value = read(field.schema(), connectMap.valueSchema(), in);
          }
        }
        map.put(key, value);
      }
    }
    return map;
  }

  private static Object decimalOrBytes(org.apache.avro.Schema avro, byte[] bytes) {
    LogicalType logical = avro.getLogicalType();
    if (logical instanceof LogicalTypes.Decimal) {
      return new BigDecimal(new BigInteger(bytes), ((LogicalTypes.Decimal) logical).getScale());
    }
    return bytes;
  }
}
