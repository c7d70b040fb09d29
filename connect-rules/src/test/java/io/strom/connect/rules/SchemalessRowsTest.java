package io.strom.connect.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strom.rules.data.Column;
import io.strom.rules.data.Row;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.types.SqlType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class SchemalessRowsTest {

  private static final StreamSchema TWO_KEYS = StreamSchema.builder("READINGS").key("SITE", SqlType.STRING)
      .key("DEVICE", SqlType.INTEGER).value("TEMP", SqlType.DOUBLE).build();

  @Test
  void fieldsMatchColumnsInAnyCaseAndConvertToTheColumnType() {
    StreamSchema source = StreamSchema.builder("READINGS").key("DEVICE", SqlType.STRING)
        .value("TEMP", SqlType.DOUBLE).value("SEEN", SqlType.TIMESTAMP).build();
    Row row = SchemalessRows.row(source, "d1", Map.of("temp", 3, "SEEN", new java.util.Date(5)));
    assertThat(row.get(0)).isEqualTo("d1");
    assertThat(row.get(1)).isEqualTo(3.0);
    assertThat(row.get(2)).isEqualTo(Instant.ofEpochMilli(5));
  }

  @Test
  void keysFollowTheSameRuleAsStructRecords() {
    Row fromMap = SchemalessRows.row(TWO_KEYS, Map.of("site", "s1", "device", 2), Map.of("temp", 1.0));
    assertThat(fromMap.get(0)).isEqualTo("s1");
    assertThat(fromMap.get(1)).isEqualTo(2);

    Schema keySchema = SchemaBuilder.struct().field("SITE", Schema.STRING_SCHEMA).build();
    Row fromStruct = SchemalessRows.row(TWO_KEYS, new Struct(keySchema).put("SITE", "s2"), Map.of());
    assertThat(fromStruct.get(0)).isEqualTo("s2");
    assertThat(fromStruct.get(1)).isNull();

    assertThatThrownBy(() -> SchemalessRows.row(TWO_KEYS, 17, Map.of()))
        .isInstanceOf(DataException.class).hasMessageContaining("[SITE, DEVICE]");
  }

  @Test
  void typesOfSchemalessValues() {
    assertThat(SchemalessRows.sqlTypeOf(3)).isEqualTo(SqlType.INTEGER);
    assertThat(SchemalessRows.sqlTypeOf(3L)).isEqualTo(SqlType.BIGINT);
    assertThat(SchemalessRows.sqlTypeOf(new BigDecimal("1.25"))).isEqualTo(SqlType.decimal(3, 2));
    assertThat(SchemalessRows.sqlTypeOf(List.of())).isNull();
    assertThat(SchemalessRows.sqlTypeOf(Map.of("a", "x")))
        .isEqualTo(SqlType.struct(List.of(new SqlType.Field("a", SqlType.STRING))));
  }

  @Test
  void outputsAsSchemalessMaps() {
    List<Column> output = StreamSchema.builder("OUT").value("AT", SqlType.TIMESTAMP).value("DAY", SqlType.DATE)
        .value("S", SqlType.struct(List.of(new SqlType.Field("x", SqlType.TIMESTAMP)))).build().columns();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("x", Instant.ofEpochMilli(9));
    Map<String, Object> out = SchemalessRows.toMap(new Object[] {Instant.ofEpochMilli(7), LocalDate.of(2026, 1, 2),
        io.strom.rules.types.StructValue.of(s)}, output);
    assertThat(out).containsExactly(Map.entry("AT", 7L), Map.entry("DAY", "2026-01-02"),
        Map.entry("S", Map.of("x", 9L)));
  }
}
