package io.strom.rules.runtime.aggregate;

/**
 * The kinds of Java values that aggregates take and return (the SQL value mapping of
 * docs/rules.md, Types), so the runtime needs no dependency on the analyzer's SQL types.
 */
public enum ValueKind {
  BOOLEAN,
  INT,
  BIGINT,
  DOUBLE,
  DECIMAL,
  STRING,
  TIMESTAMP,
  DATE,
  TIME,
  ARRAY,
  MAP,
  STRUCT;

  public boolean isNumeric() {
    return this == INT || this == BIGINT || this == DOUBLE || this == DECIMAL;
  }
}
