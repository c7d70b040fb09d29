package io.strom.sink.writer;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Nested values (Struct, Array, Map) as JSON text for {@code jsonb} columns: structs and maps
 * become objects, arrays arrays, bytes base64 strings, dates and times ISO-8601 strings, decimals
 * numbers. Non-finite floats, which JSON lacks, become the strings "NaN" and "Infinity".
 */
final class JsonText {

  private JsonText() {}

  static String of(Object value, Schema schema) {
    StringBuilder out = new StringBuilder();
    write(out, value, schema);
    return out.toString();
  }

  private static void write(StringBuilder out, Object value, Schema schema) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Struct struct) {
      out.append('{');
      boolean first = true;
      for (Field field : struct.schema().fields()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, field.name());
        out.append(':');
        write(out, struct.get(field), field.schema());
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      Schema elements = schema == null ? null : schema.valueSchema();
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(out, list.get(i), elements);
      }
      out.append(']');
    } else if (value instanceof Map<?, ?> map) {
      Schema values = schema == null ? null : schema.valueSchema();
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, String.valueOf(entry.getKey()));
        out.append(':');
        write(out, entry.getValue(), values);
      }
      out.append('}');
    } else if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
        || value instanceof Short || value instanceof Byte) {
      out.append(value);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isFinite(d)) {
        out.append(value);
      } else {
        string(out, value.toString());
      }
    } else if (value instanceof BigDecimal decimal) {
      out.append(decimal.toPlainString());
    } else if (value instanceof byte[] bytes) {
      string(out, Base64.getEncoder().encodeToString(bytes));
    } else if (value instanceof ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      string(out, Base64.getEncoder().encodeToString(bytes));
    } else if (value instanceof java.util.Date date) {
      string(out, temporal(date, schema));
    } else if (value instanceof Instant || value instanceof LocalDate || value instanceof LocalTime) {
      string(out, value.toString());
    } else {
      string(out, value.toString());
    }
  }

  static String temporal(java.util.Date date, Schema schema) {
    String logical = schema == null ? Timestamp.LOGICAL_NAME : schema.name();
    if (Date.LOGICAL_NAME.equals(logical)) {
      return LocalDate.ofEpochDay(Math.floorDiv(date.getTime(), 86_400_000L)).toString();
    }
    if (Time.LOGICAL_NAME.equals(logical)) {
      return LocalTime.ofNanoOfDay(Math.floorMod(date.getTime(), 86_400_000L) * 1_000_000L).toString();
    }
    return Instant.ofEpochMilli(date.getTime()).toString();
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
