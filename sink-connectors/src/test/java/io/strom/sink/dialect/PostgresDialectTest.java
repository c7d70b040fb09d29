package io.strom.sink.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class PostgresDialectTest {

  private final PostgresDialect dialect = new PostgresDialect();

  @Test
  void lockAndStatementTimeoutsAreTransientOtherErrorsOfTheirClassesAreNot() {
    assertThat(dialect.isTransient(new SQLException("lock timeout", "55P03"))).isTrue();
    assertThat(dialect.isTransient(new SQLException("statement timeout", "57014"))).isTrue();
    assertThat(dialect.isTransient(new SQLException("admin shutdown", "57P01"))).isTrue();
    assertThat(dialect.isTransient(new SQLException("object in use", "55006"))).isFalse();
    assertThat(dialect.isTransient(new SQLException("value too long", "22001"))).isFalse();
  }

  @Test
  void identifiersOver63BytesAreRefusedCountingUtf8Bytes() {
    PostgresDialect.requireIdentifierFits("a".repeat(63), "column");
    assertThatThrownBy(() -> PostgresDialect.requireIdentifierFits("a".repeat(64), "the column name of value field"))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("the column name of value field '" + "a".repeat(64) + "' is 64 bytes long");
    // 32 two-byte characters: 32 characters, 64 bytes
    assertThatThrownBy(() -> PostgresDialect.requireIdentifierFits("é".repeat(32), "table"))
        .isInstanceOf(DataException.class).hasMessageContaining("64 bytes");
  }
}
