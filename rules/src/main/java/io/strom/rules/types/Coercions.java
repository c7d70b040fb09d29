package io.strom.rules.types;

import io.strom.rules.types.SqlType.Kind;
import io.strom.rules.types.StructValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Conversions between SQL types (CAST and implicit widening) and from loosely typed host values
 * (JSON numbers, strings) to the Java value of a column's type, with ksqlDB's rules: {@code "2"}
 * becomes INT 2, a number becomes a STRING by its text, field names match case-insensitively.
 */
public final class Coercions {

  private Coercions() {}

  /**
   * ksqlDB's boolean text: any non-empty prefix of "true" or "yes" is true, of "false" or "no" is
   * false (case-insensitive); anything else is null.
   */
  public static Boolean parseBoolean(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.isEmpty()) {
      return null;
    }
    if ("true".startsWith(s) || "yes".startsWith(s)) {
      return Boolean.TRUE;
    }
    if ("false".startsWith(s) || "no".startsWith(s)) {
      return Boolean.FALSE;
    }
    return null;
  }

  /** Whether {@code CAST(x AS to)} is allowed for an x of type {@code from}. */
  public static boolean castable(SqlType from, SqlType to) {
    if (from.isNull() || from.equals(to)) {
      return true;
    }
    Kind f = from.kind();
    Kind t = to.kind();
    if (from.isNumeric() && to.isNumeric()) {
      return true;
    }
    if (t == Kind.STRING) {
      return f != Kind.NULL;
    }
    if (f == Kind.STRING) {
      return to.isNumeric() || t == Kind.BOOLEAN || t == Kind.TIMESTAMP || t == Kind.DATE || t == Kind.TIME;
    }
    if (f == Kind.BIGINT && t == Kind.TIMESTAMP || f == Kind.TIMESTAMP && t == Kind.BIGINT) {
      return true;
    }
    if (f == Kind.TIMESTAMP && (t == Kind.DATE || t == Kind.TIME) || f == Kind.DATE && t == Kind.TIMESTAMP) {
      return true;
    }
    if (f == Kind.ARRAY && t == Kind.ARRAY) {
      return castable(from.element(), to.element());
    }
    if (f == Kind.MAP && t == Kind.MAP) {
      return castable(from.mapValue(), to.mapValue());
    }
    return false;
  }

  /** A number as the Java value of a numeric type (DOUBLE to integers truncates, as Java and ksqlDB do). */
  public static Object convertNumber(Object value, SqlType to) {
    Number n = (Number) value;
    return switch (to.kind()) {
      case INTEGER -> n instanceof BigDecimal d ? d.intValue() : n.intValue();
      case BIGINT -> n instanceof BigDecimal d ? d.longValue() : n.longValue();
      case DOUBLE -> n.doubleValue();
      case DECIMAL -> toDecimal(n, to);
      default -> throw new IllegalArgumentException("not a numeric type: " + to);
    };
  }

  private static BigDecimal toDecimal(Number n, SqlType to) {
    BigDecimal d;
    if (n instanceof BigDecimal b) {
      d = b;
    } else if (n instanceof Double || n instanceof Float) {
      double v = n.doubleValue();
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        throw new ArithmeticException("cannot convert " + v + " to " + to);
      }
      d = BigDecimal.valueOf(v);
    } else if (n instanceof BigInteger bi) {
      d = new BigDecimal(bi);
    } else {
      d = BigDecimal.valueOf(n.longValue());
    }
    BigDecimal scaled = d.setScale(to.scale(), RoundingMode.HALF_UP);
    if (scaled.precision() > to.precision()) {
      throw new ArithmeticException("value " + d.toPlainString() + " does not fit " + to);
    }
    return scaled;
  }

  /**
   * CAST of a non-null value of type {@code from} to {@code to}.
   *
   * @throws IllegalArgumentException or {@link ArithmeticException} when the value does not convert
   */
  public static Object cast(Object value, SqlType from, SqlType to) {
    if (value == null) {
      return null;
    }
    if (from.isNumeric() && to.isNumeric()) {
      return convertNumber(value, to);
    }
    return toType(value, to);
  }

  /**
   * A host value (as a JSON parser or a schemaless record gives it) as the Java value of
   * {@code type}, or null.
   *
   * @throws IllegalArgumentException naming the type when the value does not convert
   */
  public static Object toType(Object value, SqlType type) {
    if (value == null) {
      return null;
    }
    try {
      switch (type.kind()) {
        case BOOLEAN:
          if (value instanceof Boolean) {
            return value;
          }
          if (value instanceof String s) {
            Boolean b = parseBoolean(s);
            if (b != null) {
              return b;
            }
          }
          break;
        case INTEGER:
          if (value instanceof Integer) {
            return value;
          }
          if (value instanceof Number n) {
            return n.intValue();
          }
          if (value instanceof String s) {
            return Integer.parseInt(s.trim());
          }
          break;
        case BIGINT:
          if (value instanceof Long) {
            return value;
          }
          if (value instanceof Number n) {
            return n.longValue();
          }
          if (value instanceof String s) {
            return Long.parseLong(s.trim());
          }
          if (value instanceof Instant i) {
            return i.toEpochMilli();
          }
          break;
        case DOUBLE:
          if (value instanceof Double) {
            return value;
          }
          if (value instanceof Number n) {
            return n.doubleValue();
          }
          if (value instanceof String s) {
            return Double.parseDouble(s.trim());
          }
          break;
        case DECIMAL:
          if (value instanceof Number n) {
            return toDecimal(n, type);
          }
          if (value instanceof String s) {
            return toDecimal(new BigDecimal(s.trim()), type);
          }
          break;
        case STRING:
          if (value instanceof String) {
            return value;
          }
          if (value instanceof BigDecimal d) {
            return d.toPlainString();
          }
          if (value instanceof Number || value instanceof Boolean || value instanceof Instant
              || value instanceof LocalDate || value instanceof LocalTime) {
            return value.toString();
          }
          break;
        case TIMESTAMP:
          if (value instanceof Instant) {
            return value;
          }
          if (value instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue());
          }
          if (value instanceof String s) {
            return Instant.parse(s.trim());
          }
          break;
        case DATE:
          if (value instanceof LocalDate) {
            return value;
          }
          if (value instanceof Number n) {
            return LocalDate.ofEpochDay(n.longValue());
          }
          if (value instanceof String s) {
            return LocalDate.parse(s.trim());
          }
          if (value instanceof Instant i) {
            return LocalDate.ofInstant(i, java.time.ZoneOffset.UTC);
          }
          break;
        case TIME:
          if (value instanceof LocalTime) {
            return value;
          }
          if (value instanceof Number n) {
            return LocalTime.ofNanoOfDay(n.longValue() * 1_000_000L);
          }
          if (value instanceof String s) {
            return LocalTime.parse(s.trim());
          }
          break;
        case ARRAY:
          if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
              out.add(toType(o, type.element()));
            }
            return java.util.Collections.unmodifiableList(out);
          }
          break;
        case MAP:
          if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
              out.put(String.valueOf(e.getKey()), toType(e.getValue(), type.mapValue()));
            }
            return java.util.Collections.unmodifiableMap(out);
          }
          break;
        case STRUCT:
          if (value instanceof StructValue s) {
            value = s.toMap();
          }
          if (value instanceof Map<?, ?> map) {
            List<String> names = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            for (SqlType.Field f : type.fields()) {
              names.add(f.name());
              values.add(toType(field(map, f.name()), f.type()));
            }
            return new StructValue(names, values);
          }
          break;
        default:
          break;
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot read " + describe(value) + " as " + type + ": " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("cannot read " + describe(value) + " as " + type);
  }

  /** The entry of a map by exact name, else by case-insensitive name (ksqlDB's JSON field matching). */
  public static Object field(Map<?, ?> map, String name) {
    Object v = map.get(name);
    if (v != null || map.containsKey(name)) {
      return v;
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (String.valueOf(e.getKey()).equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String describe(Object value) {
    String text = String.valueOf(value);
    return (value instanceof String ? "'" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'"
        : text.length() > 40 ? text.substring(0, 40) + "..." : text) + " (" + value.getClass().getSimpleName() + ")";
  }
}
