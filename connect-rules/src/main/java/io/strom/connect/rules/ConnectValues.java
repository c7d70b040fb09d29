package io.strom.connect.rules;

import io.strom.rules.data.Column;
import io.strom.rules.types.Coercions;
import io.strom.rules.types.SqlType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Connect values as the Java values of the rules library and back: logical Timestamp, Date and
 * Time as java.time, Connect Structs (or maps) as rule structs, numbers widened to the column type.
 */
public final class ConnectValues {

  private ConnectValues() {}

  /**
   * A Connect value as the library's value of {@code column}'s type.
   *
   * @throws DataException naming the column when the value does not convert
   */
  public static Object toColumn(Object value, Column column) {
    try {
      return toSql(value, column.type());
    } catch (RuntimeException e) {
      throw new DataException("column " + column.name() + ": " + e.getMessage(), e);
    }
  }

  /** A Connect value (of a schema or schemaless) as the Java value the library expects for {@code type}. */
  public static Object toSql(Object value, SqlType type) {
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
            values.add(toSql(Coercions.field(map, f.name()), f.type()));
          }
          return new io.strom.rules.types.StructValue(names, values);
        }
        break;
      default:
        break;
    }
    return Coercions.toType(value, type);
  }

  /** A library value as Connect data of {@code schema} (one made by {@link ConnectSchemas#connectSchema}). */
  public static Object toConnect(Object value, Schema schema) {
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
}
