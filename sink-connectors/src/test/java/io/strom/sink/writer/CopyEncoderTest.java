package io.strom.sink.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strom.sink.buffer.RowLayout;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class CopyEncoderTest {

  private static String encode(Schema schema, Object value) {
    CopyEncoder encoder = new CopyEncoder();
    encoder.row(List.of(new RowLayout.Column("c", schema, false)), new Object[] {value});
    return new String(encoder.bytes(), 0, encoder.length(), StandardCharsets.UTF_8);
  }

  @Test
  void escapesTheCharactersCopyTextGivesMeaning() {
    assertThat(encode(Schema.STRING_SCHEMA, "a\tb\nc\\d\re ü")).isEqualTo("a\\tb\\nc\\\\d\\re ü\n");
    assertThat(encode(Schema.OPTIONAL_STRING_SCHEMA, null)).isEqualTo("\\N\n");
  }

  @Test
  void writesScalarsInPostgresInputSyntax() {
    assertThat(encode(Schema.BYTES_SCHEMA, new byte[] {0x0a, (byte) 0xff})).isEqualTo("\\\\x0aff\n");
    assertThat(encode(Schema.BOOLEAN_SCHEMA, false)).isEqualTo("f\n");
    assertThat(encode(Schema.INT64_SCHEMA, 0L)).isEqualTo("0\n");
    assertThat(encode(Schema.INT64_SCHEMA, 1_234_567_890_123L)).isEqualTo("1234567890123\n");
    assertThat(encode(Schema.INT64_SCHEMA, Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE + "\n");
    assertThat(encode(Schema.INT64_SCHEMA, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE + "\n");
    assertThat(encode(Schema.INT8_SCHEMA, (byte) -8)).isEqualTo("-8\n");
    assertThat(encode(Schema.FLOAT64_SCHEMA, Double.NaN)).isEqualTo("NaN\n");
    assertThat(encode(Schema.FLOAT64_SCHEMA, Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity\n");
    assertThat(encode(Schema.STRING_SCHEMA, new BigDecimal("1E+3"))).isEqualTo("1000\n");
    assertThat(encode(Timestamp.SCHEMA, new java.util.Date(0))).isEqualTo("1970-01-01T00:00:00Z\n");
    assertThat(encode(Timestamp.SCHEMA, Instant.ofEpochMilli(1))).isEqualTo("1970-01-01T00:00:00.001Z\n");
  }

  @Test
  void nestedValuesBecomeJsonWithCopyEscapes() {
    Schema inner = SchemaBuilder.struct().field("s", Schema.STRING_SCHEMA).field("n", Schema.FLOAT64_SCHEMA).build();
    Struct struct = new Struct(inner).put("s", "x\"\ty").put("n", Double.POSITIVE_INFINITY);
    assertThat(encode(inner, struct)).isEqualTo("{\"s\":\"x\\\\\"\\\\ty\",\"n\":\"Infinity\"}\n");
    assertThat(encode(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), Map.of("k", 1)))
        .isEqualTo("{\"k\":1}\n");
  }

  @Test
  void anUnknownValueTypeIsADataException() {
    assertThatThrownBy(() -> encode(Schema.STRING_SCHEMA, new Object())).isInstanceOf(DataException.class);
  }
}
