package io.strom.rules.plan;

import io.strom.rules.runtime.aggregate.ValueKind;
import io.strom.rules.types.SqlType;

/** The runtime's value kind of a SQL type (the runtime does not know SQL types). */
public final class ValueKinds {

  private ValueKinds() {}

  public static ValueKind of(SqlType type) {
    return switch (type.kind()) {
      case BOOLEAN -> ValueKind.BOOLEAN;
      case INTEGER -> ValueKind.INT;
      case BIGINT -> ValueKind.BIGINT;
      case DOUBLE -> ValueKind.DOUBLE;
      case DECIMAL -> ValueKind.DECIMAL;
      case TIMESTAMP -> ValueKind.TIMESTAMP;
      case DATE -> ValueKind.DATE;
      case TIME -> ValueKind.TIME;
      case ARRAY -> ValueKind.ARRAY;
      case MAP -> ValueKind.MAP;
      case STRUCT -> ValueKind.STRUCT;
      case STRING, NULL -> ValueKind.STRING;
    };
  }
}
