package io.strom.sink.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strom.sink.buffer.RowLayout;
import io.strom.sink.writer.BinaryCopyEncoder.Kind;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

class BinaryCopyEncoderTest {

  private static List<RowLayout.Column> columns(Schema... schemas) {
    return Arrays.stream(schemas).map(s -> new RowLayout.Column("c" + Arrays.asList(schemas).indexOf(s), s, false))
        .toList();
  }

  @Test
  void takesALayoutOnlyWhenEveryTableColumnHasExactlyTheTypeItSends() {
    List<RowLayout.Column> layout = columns(Schema.STRING_SCHEMA, Timestamp.SCHEMA, Schema.INT32_SCHEMA);
    assertThat(BinaryCopyEncoder.plan(layout, Map.of("c0", "text", "c1", "timestamptz", "c2", "int4")))
        .containsExactly(Kind.TEXT, Kind.TIMESTAMPTZ, Kind.INT4);
    assertThat(BinaryCopyEncoder.plan(layout, Map.of("c0", "varchar", "c1", "timestamptz", "c2", "int4")))
        .containsExactly(Kind.TEXT, Kind.TIMESTAMPTZ, Kind.INT4);
    assertThat(BinaryCopyEncoder.plan(layout, Map.of("c0", "text", "c1", "timestamptz", "c2", "int8")))
        .as("an INT32 field in a bigint column").isNull();
    assertThat(BinaryCopyEncoder.plan(layout, Map.of("c0", "text", "c1", "timestamp", "c2", "int4"))).isNull();
    assertThat(BinaryCopyEncoder.plan(columns(Decimal.schema(2)), Map.of("c0", "numeric")))
        .as("decimals go as text").isNull();
  }

  @Test
  void writesTheBinaryCopyLayout() {
    BinaryCopyEncoder encoder = new BinaryCopyEncoder();
    encoder.row(new Kind[] {Kind.INT4, Kind.TEXT, Kind.TIMESTAMPTZ}, new Object[] {258, "hé", new java.util.Date(946_684_800_001L)});
    byte[] bytes = Arrays.copyOf(encoder.bytes(), encoder.length());
    assertThat(bytes).containsExactly(
        0, 3, // fields
        0, 0, 0, 4, 0, 0, 1, 2, // int4 258
        0, 0, 0, 3, 'h', (byte) 0xc3, (byte) 0xa9, // UTF-8
        0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0x03, (byte) 0xe8); // 1 ms after PostgreSQL's epoch, in µs
  }

  @Test
  void refusesValuesItWouldHaveToConvert() {
    BinaryCopyEncoder encoder = new BinaryCopyEncoder();
    assertThatThrownBy(() -> encoder.row(new Kind[] {Kind.INT2}, new Object[] {70_000}))
        .isInstanceOf(BinaryCopyEncoder.NotBinary.class);
    assertThatThrownBy(() -> encoder.row(new Kind[] {Kind.TIMESTAMPTZ}, new Object[] {java.time.Instant.ofEpochSecond(0, 1)}))
        .as("PostgreSQL rounds nanoseconds in text input").isInstanceOf(BinaryCopyEncoder.NotBinary.class);
    assertThatThrownBy(() -> encoder.row(new Kind[] {Kind.FLOAT8}, new Object[] {"1.5"}))
        .isInstanceOf(BinaryCopyEncoder.NotBinary.class);
  }

  @Test
  void writesTheRulesLibrarysTimeValuesLikeConnectsDates() {
    java.util.Date date = new java.util.Date(1_700_000_000_123L);
    assertThat(encode(Kind.TIMESTAMPTZ, java.time.Instant.ofEpochMilli(date.getTime()))).isEqualTo(encode(Kind.TIMESTAMPTZ, date));
    assertThat(encode(Kind.DATE, java.time.LocalDate.of(2023, 11, 14)))
        .isEqualTo(encode(Kind.DATE, new java.util.Date(19_675L * 86_400_000L)));
    assertThat(encode(Kind.TIME, java.time.LocalTime.of(0, 0, 1, 5_000_000)))
        .isEqualTo(encode(Kind.TIME, new java.util.Date(1_005L)));
  }

  private static List<Byte> encode(Kind kind, Object value) {
    BinaryCopyEncoder encoder = new BinaryCopyEncoder();
    encoder.row(new Kind[] {kind}, new Object[] {value});
    List<Byte> bytes = new java.util.ArrayList<>();
    for (int i = 0; i < encoder.length(); i++) {
      bytes.add(encoder.bytes()[i]);
    }
    return bytes;
  }
}
