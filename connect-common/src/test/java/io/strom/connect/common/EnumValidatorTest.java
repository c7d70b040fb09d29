package io.strom.connect.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class EnumValidatorTest {

  enum Mode { INSERT, UPSERT }

  @Test
  void acceptsTheNamesOfAnEnumInAnyCaseAndListsThemInLowerCase() {
    EnumValidator validator = EnumValidator.of(Mode.class);

    assertThatCode(() -> {
      validator.ensureValid("insert.mode", "upsert");
      validator.ensureValid("insert.mode", "UPSERT");
      validator.ensureValid("insert.mode", "Insert");
    }).doesNotThrowAnyException();
    assertThat(validator).hasToString("one of insert, upsert (any case)");
  }

  @Test
  void rejectsOtherValuesAndNullNamingTheKey() {
    EnumValidator validator = EnumValidator.of(Mode.class);

    assertThatThrownBy(() -> validator.ensureValid("insert.mode", "merge"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid value merge for configuration insert.mode: must be one of insert, upsert (any case)");
    assertThatThrownBy(() -> validator.ensureValid("insert.mode", null))
        .isInstanceOf(ConfigException.class).hasMessageContaining("for configuration insert.mode");
  }

  @Test
  void givenNamesAreListedAsSpelledAndMatchedInAnyCase() {
    EnumValidator validator = EnumValidator.in("URL", "USER_INFO");

    assertThatCode(() -> validator.ensureValid("source", "user_info")).doesNotThrowAnyException();
    assertThatThrownBy(() -> validator.ensureValid("source", "SASL_INHERIT")).isInstanceOf(ConfigException.class);
    assertThat(validator).hasToString("one of URL, USER_INFO (any case)");
  }

  @Test
  void parseReadsAValueBackByTheSameCaseRule() {
    assertThat(EnumValidator.parse(Mode.class, "upsert")).isEqualTo(Mode.UPSERT);
    assertThat(EnumValidator.parse(Mode.class, "Insert")).isEqualTo(Mode.INSERT);
    assertThatThrownBy(() -> EnumValidator.parse(Mode.class, "merge")).isInstanceOf(IllegalArgumentException.class);
  }
}
