package io.strom.connect.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strom.rules.data.Row;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.types.SqlType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class StructReaderTest {

  private static final Schema VALUE = SchemaBuilder.struct().field("Temp", Schema.FLOAT32_SCHEMA)
      .field("seen", Timestamp.SCHEMA).field("n", Schema.INT32_SCHEMA).build();

  private static final StreamSchema ONE_KEY = StreamSchema.builder("READINGS").key("DEVICE", SqlType.STRING)
      .value("TEMP", SqlType.DOUBLE).value("SEEN", SqlType.TIMESTAMP).value("N", SqlType.BIGINT).build();

  private static final StreamSchema TWO_KEYS = StreamSchema.builder("READINGS").key("SITE", SqlType.STRING)
      .key("DEVICE", SqlType.INTEGER).value("TEMP", SqlType.DOUBLE).build();

  private static Struct value() {
    return new Struct(VALUE).put("Temp", 21.5f).put("seen", new java.util.Date(1_000)).put("n", 7);
  }

  @Test
  void connectRecordsBecomeRowsOfTheRuleTypes() {
    Row row = new StructReader(ONE_KEY, VALUE).row("d1", value());
    assertThat(row.get(0)).isEqualTo("d1");
    assertThat(row.get(1)).isEqualTo(21.5);
    assertThat(row.get(2)).isEqualTo(Instant.ofEpochMilli(1_000));
    assertThat(row.get(3)).isEqualTo(7L);
  }

  @Test
  void oneKeyColumnReadsTheFieldOfItsNameFromAStructKey() {
    Schema keySchema = SchemaBuilder.struct().field("device", Schema.STRING_SCHEMA).field("region", Schema.STRING_SCHEMA)
        .build();
    Struct key = new Struct(keySchema).put("device", "d7").put("region", "eu");
    assertThat(new StructReader(ONE_KEY, VALUE).row(key, value()).get(0)).isEqualTo("d7");
  }

  @Test
  void oneKeyColumnTakesAStructKeyWithoutSuchAFieldWhole() {
    StreamSchema structKey = StreamSchema.builder("READINGS")
        .key("ID", SqlType.struct(List.of(new SqlType.Field("site", SqlType.STRING)))).value("N", SqlType.BIGINT)
        .build();
    Schema keySchema = SchemaBuilder.struct().field("site", Schema.STRING_SCHEMA).build();
    Object id = new StructReader(structKey, VALUE).row(new Struct(keySchema).put("site", "s1"), value()).get(0);
    assertThat(((io.strom.rules.types.StructValue) id).get("site")).isEqualTo("s1");

    // a key column of another type than the whole key's is an error naming it, not a silent null
    Struct unrelated = new Struct(keySchema).put("site", "s1");
    StructReader reader = new StructReader(StreamSchema.builder("READINGS").key("DEVICE", SqlType.INTEGER)
        .value("N", SqlType.BIGINT).build(), VALUE);
    assertThatThrownBy(() -> reader.row(unrelated, value())).isInstanceOf(DataException.class)
        .hasMessageContaining("DEVICE");
  }

  @Test
  void severalKeyColumnsReadFieldsOfAStructOrMapKey() {
    Schema keySchema = SchemaBuilder.struct().field("site", Schema.STRING_SCHEMA).field("DEVICE", Schema.INT64_SCHEMA)
        .build();
    Row fromStruct = new StructReader(TWO_KEYS, VALUE).row(new Struct(keySchema).put("site", "s1").put("DEVICE", 4L),
        value());
    assertThat(fromStruct.get(0)).isEqualTo("s1");
    assertThat(fromStruct.get(1)).isEqualTo(4);
    assertThat(fromStruct.get(2)).isEqualTo(21.5);

    Row fromMap = new StructReader(TWO_KEYS, VALUE).row(Map.of("Site", "s2"), value());
    assertThat(fromMap.get(0)).isEqualTo("s2");
    assertThat(fromMap.get(1)).isNull();

    assertThat(new StructReader(TWO_KEYS, VALUE).row(null, value()).get(0)).isNull();
  }

  @Test
  void severalKeyColumnsAndABareKeyIsAnErrorNamingTheColumns() {
    assertThatThrownBy(() -> new StructReader(TWO_KEYS, VALUE).row("s1", value()))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("[SITE, DEVICE]")
        .hasMessageContaining("String");
  }

  @Test
  void anEagerRowConvertsEveryColumnWhenItIsMadeALazyOneWhenTheRuleReadsIt() {
    Schema text = SchemaBuilder.struct().field("n", Schema.STRING_SCHEMA).build();
    Struct bad = new Struct(text).put("n", "seven");
    StreamSchema keyless = StreamSchema.builder("READINGS").value("N", SqlType.BIGINT).build();
    assertThatThrownBy(() -> new StructReader(keyless, text).row(null, bad))
        .isInstanceOf(DataException.class).hasMessageContaining("column N");

    Row lazy = new StructReader(keyless, text, false, new boolean[1]).row(null, bad);
    assertThatThrownBy(() -> lazy.get(0)).isInstanceOf(DataException.class).hasMessageContaining("column N");
  }

  @Test
  void aReusedRowFollowsTheLatestStruct() {
    StreamSchema keyless = StreamSchema.builder("READINGS").value("N", SqlType.BIGINT).build();
    StructReader reader = new StructReader(keyless, VALUE, true, new boolean[1]);
    Row first = reader.row(null, value());
    Row second = reader.row(null, value().put("n", 8));
    assertThat(second).isSameAs(first);
    assertThat(first.get(0)).isEqualTo(8L);
  }
}
