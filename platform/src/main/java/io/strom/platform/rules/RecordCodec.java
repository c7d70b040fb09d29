package io.strom.platform.rules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strom.rules.CompiledRule;
import io.strom.rules.Rows;
import io.strom.rules.data.Column;
import io.strom.rules.data.OutputRecord;
import io.strom.rules.data.Row;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.types.StructValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads and writes records as the CLI and the conformance cases hold them: JSON values (objects)
 * or DELIMITED values (CSV strings of the value columns, ksqlDB's format via commons-csv), keys as
 * JSON (a bare value, or an object for several key columns).
 */
final class RecordCodec {

  static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private final boolean delimited;

  RecordCodec(boolean delimited) {
    this.delimited = delimited;
  }

  /** The value of an input record as a row of {@code source}; null for a record without a value. */
  Row row(StreamSchema source, JsonNode key, JsonNode value) {
    Object keyObject = key == null || key.isNull() ? null : JSON.convertValue(key, Object.class);
    if (value == null || value.isNull()) {
      return null;
    }
    if (delimited) {
      return Rows.fromValueFields(source, keyObject, parseCsv(value.asText()));
    }
    if (!value.isObject()) {
      throw new IllegalArgumentException("a JSON record value must be an object, not " + value);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = JSON.convertValue(value, Map.class);
    return Rows.fromMap(source, keyObject, fields);
  }

  static Object keyObject(JsonNode key) {
    return key == null || key.isNull() ? null : JSON.convertValue(key, Object.class);
  }

  private static List<String> parseCsv(String line) {
    try {
      List<CSVRecord> records = CSVFormat.DEFAULT.parse(new StringReader(line)).getRecords();
      List<String> fields = new ArrayList<>();
      if (!records.isEmpty()) {
        records.get(0).forEach(fields::add);
      }
      return fields;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An output record as a JSON object: {@code {"topic", "key", "value", "timestamp", "window"}}. */
  ObjectNode toJson(CompiledRule rule, OutputRecord out) {
    ObjectNode node = NODES.objectNode();
    node.put("topic", rule.topic());
    node.set("key", json(out.key()));
    node.set("value", value(rule, out));
    node.put("timestamp", out.timestamp());
    if (out.window() != null) {
      ObjectNode window = node.putObject("window");
      window.put("start", out.window().start());
      window.put("end", out.window().end());
      window.put("type", out.window().type() == io.strom.rules.data.WindowType.SESSION ? "session" : "time");
    }
    return node;
  }

  /** The value part: value columns only (key columns live in the key, as in ksqlDB). */
  JsonNode value(CompiledRule rule, OutputRecord out) {
    if (out.values() == null) {
      return NODES.nullNode();
    }
    List<Column> columns = rule.output();
    if (delimited) {
      List<Object> fields = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        if (!columns.get(i).isKey()) {
          Object v = out.values()[i];
          fields.add(v == null ? null : v instanceof BigDecimal d ? d.toPlainString() : v);
        }
      }
      return NODES.textNode(csv(fields));
    }
    ObjectNode value = NODES.objectNode();
    for (int i = 0; i < columns.size(); i++) {
      if (!columns.get(i).isKey()) {
        value.set(columns.get(i).name(), json(out.values()[i]));
      }
    }
    return value;
  }

  private static String csv(List<Object> fields) {
    StringBuilder sb = new StringBuilder();
    try (CSVPrinter printer = new CSVPrinter(sb, CSVFormat.DEFAULT.builder().setRecordSeparator("").get())) {
      printer.printRecord(fields);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sb.toString();
  }

  /** A SQL value as JSON; NaN and infinities as strings, as ksqlDB's JSON serializer writes them. */
  static JsonNode json(Object v) {
    if (v == null) {
      return NODES.nullNode();
    }
    if (v instanceof StructValue s) {
      ObjectNode o = NODES.objectNode();
      for (int i = 0; i < s.names().size(); i++) {
        o.set(s.names().get(i), json(s.get(i)));
      }
      return o;
    }
    if (v instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? NODES.textNode(d.toString()) : NODES.numberNode(d);
    }
    if (v instanceof Integer i) {
      return NODES.numberNode(i);
    }
    if (v instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (v instanceof BigDecimal d) {
      return NODES.numberNode(d);
    }
    if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (v instanceof String s) {
      return NODES.textNode(s);
    }
    if (v instanceof Instant i) {
      return NODES.numberNode(i.toEpochMilli());
    }
    if (v instanceof LocalDate d) {
      return NODES.numberNode(d.toEpochDay());
    }
    if (v instanceof LocalTime t) {
      return NODES.numberNode(t.toNanoOfDay() / 1_000_000L);
    }
    if (v instanceof List<?> list) {
      var array = NODES.arrayNode();
      list.forEach(x -> array.add(json(x)));
      return array;
    }
    if (v instanceof Map<?, ?> map) {
      ObjectNode o = NODES.objectNode();
      map.forEach((k, x) -> o.set(String.valueOf(k), json(x)));
      return o;
    }
    return NODES.textNode(v.toString());
  }
}
