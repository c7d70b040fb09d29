package io.strom.connect.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigKeyExceptionTest {

  @Test
  void keepsTheKeyBesideKafkasMessage() {
    ConfigKeyException e = new ConfigKeyException("rules.statement", "[A]", "no rule A; the script holds B");

    assertThat(e.key()).isEqualTo("rules.statement");
    assertThat(e).hasMessage("Invalid value [A] for configuration rules.statement: no rule A; the script holds B");
  }
}
