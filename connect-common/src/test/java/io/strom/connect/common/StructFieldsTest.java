package io.strom.connect.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class StructFieldsTest {

  private static final Schema SCHEMA = SchemaBuilder.struct().name("reading")
      .field("id", Schema.STRING_SCHEMA)
      .field("temperature", Schema.OPTIONAL_FLOAT64_SCHEMA)
      .build();

  @Test
  void reachesTheValuesOfStructOnThisKafka() {
    // if Kafka renames Struct's internals this fails, so the fast path is not lost silently
    Struct struct = new Struct(SCHEMA);
    assertThat(StructFields.valuesOf(struct)).hasSize(2).containsOnlyNulls();
  }

  @Test
  void setsFieldsAsPutWould() {
    Struct struct = new Struct(SCHEMA);
    Object[] values = StructFields.valuesOf(struct);
    StructFields.set(struct, values, SCHEMA.field("id"), "d-1");
    StructFields.set(struct, values, SCHEMA.field("temperature"), 21.5);

    assertThat(struct).isEqualTo(new Struct(SCHEMA).put("id", "d-1").put("temperature", 21.5));
    assertThat(struct.getString("id")).isEqualTo("d-1");
    struct.validate();
  }

  @Test
  void withoutTheArrayFallsBackToValidatingPut() {
    Struct struct = new Struct(SCHEMA);
    StructFields.set(struct, null, SCHEMA.field("temperature"), 3.0);
    assertThat(struct.getFloat64("temperature")).isEqualTo(3.0);

    assertThatThrownBy(() -> StructFields.set(struct, null, SCHEMA.field("id"), 7))
        .isInstanceOf(DataException.class);
  }

  @Test
  void uncheckedValuesSurfaceWhenTheStructIsValidated() {
    Struct struct = new Struct(SCHEMA);
    StructFields.set(struct, StructFields.valuesOf(struct), SCHEMA.field("id"), 7);
    assertThatThrownBy(struct::validate).isInstanceOf(DataException.class);
  }
}
