package io.strom.rules.types;

import io.strom.rules.types.SqlType;
import io.strom.rules.types.SqlType.Kind;

/** Numeric widening rules shared by the analyzer and function resolution. */
public final class NumericWidening {

  private NumericWidening() {}

  private static int rank(Kind kind) {
    return switch (kind) {
      case INTEGER -> 1;
      case BIGINT -> 2;
      case DECIMAL -> 3;
      case DOUBLE -> 4;
      default -> 0;
    };
  }

  /** True when a value of {@code from} converts to {@code to} without an explicit CAST. */
  public static boolean widens(SqlType from, SqlType to) {
    int f = rank(from.kind());
    int t = rank(to.kind());
    return f > 0 && t > 0 && f <= t;
  }

  /**
   * The type both numeric operands widen to (ksqlDB's rules: INT op BIGINT is BIGINT, anything
   * with DOUBLE is DOUBLE, integers with DECIMAL are DECIMAL), or null when either isn't numeric.
   */
  public static SqlType commonNumeric(SqlType a, SqlType b) {
    if (!a.isNumeric() || !b.isNumeric()) {
      return null;
    }
    if (a.kind() == Kind.DOUBLE || b.kind() == Kind.DOUBLE) {
      return SqlType.DOUBLE;
    }
    if (a.kind() == Kind.DECIMAL || b.kind() == Kind.DECIMAL) {
      SqlType da = toDecimal(a);
      SqlType db = toDecimal(b);
      int scale = Math.max(da.scale(), db.scale());
      int integer = Math.max(da.precision() - da.scale(), db.precision() - db.scale());
      return SqlType.decimal(Math.min(38, integer + scale), scale);
    }
    if (a.kind() == Kind.BIGINT || b.kind() == Kind.BIGINT) {
      return SqlType.BIGINT;
    }
    return SqlType.INTEGER;
  }

  /** The DECIMAL that holds every value of an integer type (as ksqlDB: INT is DECIMAL(10,0), BIGINT DECIMAL(19,0)). */
  public static SqlType toDecimal(SqlType t) {
    return switch (t.kind()) {
      case INTEGER -> SqlType.decimal(10, 0);
      case BIGINT -> SqlType.decimal(19, 0);
      default -> t;
    };
  }
}
