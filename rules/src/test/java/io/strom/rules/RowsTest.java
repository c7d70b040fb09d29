package io.strom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strom.rules.data.Row;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.types.SqlType;
import io.strom.rules.types.StructValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The key rule every host follows ({@link Rows#keyPart}), on the library's own key shapes. */
class RowsTest {

  private static final List<String> ONE = List.of("DEVICE");
  private static final List<String> TWO = List.of("SITE", "DEVICE");

  @Test
  void oneKeyColumnIsTheBareKeyOrTheFieldOfItsNameInAStructKey() {
    assertThat(Rows.keyPart("d1", "DEVICE", ONE)).isEqualTo("d1");
    assertThat(Rows.keyPart(null, "DEVICE", ONE)).isNull();
    StructValue withField = new StructValue(List.of("device", "site"), List.of("d2", "s1"));
    assertThat(Rows.keyPart(withField, "DEVICE", ONE)).isEqualTo("d2");
    StructValue withoutField = new StructValue(List.of("site"), List.of("s1"));
    assertThat(Rows.keyPart(withoutField, "DEVICE", ONE)).isSameAs(withoutField);
    // a map key is a value of a MAP column, taken whole
    Map<String, String> map = Map.of("device", "d3");
    assertThat(Rows.keyPart(map, "DEVICE", ONE)).isSameAs(map);
  }

  @Test
  void severalKeyColumnsAreFieldsOfAStructOrMapKey() {
    assertThat(Rows.keyPart(Map.of("site", "s1"), "SITE", TWO)).isEqualTo("s1");
    assertThat(Rows.keyPart(Map.of("site", "s1"), "DEVICE", TWO)).isNull();
    assertThat(Rows.keyPart(new StructValue(List.of("DEVICE"), List.of(4)), "DEVICE", TWO)).isEqualTo(4);
    assertThatThrownBy(() -> Rows.keyPart("s1", "SITE", TWO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[SITE, DEVICE]");
  }

  @Test
  void mapRowsUseTheKeyRule() {
    StreamSchema source = StreamSchema.builder("READINGS").key("SITE", SqlType.STRING).key("DEVICE", SqlType.INTEGER)
        .value("TEMP", SqlType.DOUBLE).build();
    Row row = Rows.fromMap(source, Map.of("Site", "s1", "device", "2"), Map.of("temp", "1.5"));
    assertThat(row.get(0)).isEqualTo("s1");
    assertThat(row.get(1)).isEqualTo(2);
    assertThat(row.get(2)).isEqualTo(1.5);
    assertThatThrownBy(() -> Rows.fromValueFields(source, "bare", List.of("1.5")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[SITE, DEVICE]");
  }
}
