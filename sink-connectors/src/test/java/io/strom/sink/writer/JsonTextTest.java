package io.strom.sink.writer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

class JsonTextTest {

  @Test
  void writesNestedValuesAsJsonThatParsesBack() throws Exception {
    Schema inner = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA)
        .field("b", Schema.OPTIONAL_STRING_SCHEMA).build();
    Schema schema = SchemaBuilder.struct()
        .field("text", Schema.STRING_SCHEMA)
        .field("inner", inner)
        .field("list", SchemaBuilder.array(Schema.FLOAT64_SCHEMA).build())
        .field("bytes", Schema.BYTES_SCHEMA)
        .field("dec", org.apache.kafka.connect.data.Decimal.schema(2))
        .field("day", Date.SCHEMA).field("tod", Time.SCHEMA).field("ts", Timestamp.SCHEMA)
        .build();
    Map<String, Object> dict = new LinkedHashMap<>();
    dict.put("x", 1.5f);
    dict.put("y", null);
    Struct value = new Struct(schema)
        .put("text", "quote \" backslash \\ newline \n tab \t bell \u0007 é")
        .put("inner", new Struct(inner).put("a", 7))
        .put("list", Arrays.asList(0.5, Double.NaN, Double.POSITIVE_INFINITY))
        .put("bytes", new byte[] {0, 1, (byte) 0xff})
        .put("dec", new BigDecimal("1E+3").setScale(2))
        .put("day", new java.util.Date(19_723L * 86_400_000L))
        .put("tod", new java.util.Date((13 * 3600 + 14 * 60 + 15) * 1000L + 250))
        .put("ts", new java.util.Date(1_704_110_400_123L));

    String text = JsonText.of(value, schema);

    assertThat(text).isEqualTo("{\"text\":\"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007 é\","
        + "\"inner\":{\"a\":7,\"b\":null},\"list\":[0.5,\"NaN\",\"Infinity\"],\"bytes\":\"AAH/\","
        + "\"dec\":1000.00,\"day\":\"2024-01-01\",\"tod\":\"13:14:15.250\",\"ts\":\"2024-01-01T12:00:00.123Z\"}");
    assertThat(new ObjectMapper().readTree(text).path("text").asText())
        .isEqualTo("quote \" backslash \\ newline \n tab \t bell \u0007 é");
    assertThat(JsonText.of(dict, SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_FLOAT32_SCHEMA).build()))
        .isEqualTo("{\"x\":1.5,\"y\":null}");
    assertThat(JsonText.of(List.of(ByteBuffer.wrap(new byte[] {1, 2})), null)).isEqualTo("[\"AQI=\"]");
    assertThat(JsonText.of(Map.of(3, true), null)).isEqualTo("{\"3\":true}");
  }
}
