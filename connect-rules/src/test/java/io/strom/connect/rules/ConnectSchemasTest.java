package io.strom.connect.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strom.rules.data.Column;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.types.SqlType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class ConnectSchemasTest {

  @Test
  void aDerivedSourceHasTheFieldsSqlCanTypeUpperCased() {
    Schema value = SchemaBuilder.struct().field("device_id", Schema.STRING_SCHEMA).field("raw", Schema.BYTES_SCHEMA)
        .field("at", Timestamp.SCHEMA).field("price", Decimal.schema(2))
        .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build()).build();
    StreamSchema source = ConnectSchemas.deriveSource("READINGS", value);
    assertThat(source.columns()).extracting(Column::name).containsExactly("DEVICE_ID", "AT", "PRICE", "TAGS");
    assertThat(source.columns()).extracting(Column::type)
        .containsExactly(SqlType.STRING, SqlType.TIMESTAMP, SqlType.decimal(38, 2), SqlType.array(SqlType.STRING));
  }

  @Test
  void recordsThatAreNotStructsOrHaveFieldsDifferingOnlyInCaseAreRefused() {
    assertThatThrownBy(() -> ConnectSchemas.deriveSource("S", Schema.STRING_SCHEMA))
        .isInstanceOf(DataException.class).hasMessageContaining("STRING");
    Schema twins = SchemaBuilder.struct().field("a", Schema.STRING_SCHEMA).field("A", Schema.STRING_SCHEMA).build();
    assertThatThrownBy(() -> ConnectSchemas.deriveSource("S", twins))
        .isInstanceOf(DataException.class).hasMessageContaining("differ only in case");
  }

  @Test
  void outputSchemasKeepTheSqlTypesSoTheyReadBackAsTheSame() {
    List<Column> output = StreamSchema.builder("OUT").key("ID", SqlType.STRING).value("PRICE", SqlType.decimal(10, 3))
        .value("AT", SqlType.TIMESTAMP).build().columns();
    Schema schema = ConnectSchemas.outputSchema("HOT", output, "doc");
    assertThat(schema.name()).isEqualTo("io.strom.rules.HOT");
    assertThat(schema.fields()).allMatch(f -> f.schema().isOptional());
    for (Column c : output) {
      assertThat(ConnectSchemas.sqlType(schema.field(c.name()).schema())).isEqualTo(c.type());
    }
    assertThat(ConnectSchemas.keySchema("HOT", output)).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
    List<Column> twoKeys = StreamSchema.builder("OUT").key("A", SqlType.STRING).key("B", SqlType.BIGINT).build()
        .columns();
    assertThat(ConnectSchemas.keySchema("HOT", twoKeys).fields()).extracting(f -> f.name()).containsExactly("A", "B");
    assertThat(ConnectSchemas.keySchema("HOT", output.subList(1, 3))).isNull();
  }

  @Test
  void outputValuesWriteAsConnectDataOfTheirSchema() {
    List<Column> output = StreamSchema.builder("OUT").value("PRICE", SqlType.decimal(10, 3))
        .value("AT", SqlType.TIMESTAMP).value("N", SqlType.BIGINT).build().columns();
    Schema schema = ConnectSchemas.outputSchema("HOT", output, "doc");
    Struct out = new StructWriter(schema).write(new Object[] {new BigDecimal("1.5"), Instant.ofEpochMilli(3), 4L},
        null);
    assertThat(out.get("PRICE")).isEqualTo(new BigDecimal("1.500"));
    assertThat(out.get("AT")).isEqualTo(new java.util.Date(3));
    assertThat(out.get("N")).isEqualTo(4L);
    out.validate();
  }
}
