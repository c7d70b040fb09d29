package io.strom.sink.writer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Nested values (Struct, Array, Map) as JSON text for {@code jsonb} columns, written with
 * Jackson's streaming generator: structs and maps become objects, arrays arrays, bytes base64
 * strings, dates and times ISO-8601 strings, decimals plain numbers. Non-finite floats, which
 * JSON lacks, become the strings "NaN" and "Infinity".
 */
final class JsonText {

  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
      .build();

  private JsonText() {}

  static String of(Object value, Schema schema) {
    StringWriter text = new StringWriter();
    try (JsonGenerator out = JSON.createGenerator(text)) {
      write(out, value, schema);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON to a string", e); // a StringWriter does not fail
    }
    return text.toString();
  }

  private static void write(JsonGenerator out, Object value, Schema schema) throws IOException {
    if (value == null) {
      out.writeNull();
    } else if (value instanceof Struct struct) {
      out.writeStartObject();
      for (Field field : struct.schema().fields()) {
        out.writeFieldName(field.name());
        write(out, struct.get(field), field.schema());
      }
      out.writeEndObject();
    } else if (value instanceof List<?> list) {
      Schema elements = schema == null ? null : schema.valueSchema();
      out.writeStartArray();
      for (Object element : list) {
        write(out, element, elements);
      }
      out.writeEndArray();
    } else if (value instanceof Map<?, ?> map) {
      Schema values = schema == null ? null : schema.valueSchema();
      out.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.writeFieldName(String.valueOf(entry.getKey()));
        write(out, entry.getValue(), values);
      }
      out.writeEndObject();
    } else if (value instanceof String s) {
      out.writeString(s);
    } else if (value instanceof Boolean b) {
      out.writeBoolean(b);
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      out.writeNumber(((Number) value).longValue());
    } else if (value instanceof Float f) {
      if (Float.isFinite(f)) {
        out.writeNumber(f);
      } else {
        out.writeString(f.toString());
      }
    } else if (value instanceof Double d) {
      if (Double.isFinite(d)) {
        out.writeNumber(d);
      } else {
        out.writeString(d.toString());
      }
    } else if (value instanceof BigDecimal decimal) {
      out.writeNumber(decimal);
    } else if (value instanceof byte[] bytes) {
      out.writeBinary(bytes);
    } else if (value instanceof ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      out.writeBinary(bytes);
    } else if (value instanceof java.util.Date date) {
      out.writeString(temporal(date, schema));
    } else {
      out.writeString(value.toString()); // Instant, LocalDate, LocalTime and anything else: its own text
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
}
