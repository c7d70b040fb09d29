package io.strom.rules.types;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A SQL type of the rule language. Java values per type: BOOLEAN {@code Boolean}, INT
 * {@code Integer}, BIGINT {@code Long}, DOUBLE {@code Double}, DECIMAL {@code BigDecimal},
 * STRING {@code String}, TIMESTAMP {@code Instant}, DATE {@code LocalDate}, TIME
 * {@code LocalTime}, ARRAY {@code List}, MAP {@code Map} (string keys), STRUCT
 * {@link io.strom.rules.types.StructValue}; SQL NULL is Java {@code null}.
 *
 * <p>{@link #NULL} is the type of a bare {@code NULL} literal before it meets a typed operand.
 */
public final class SqlType {

  /** The families of types; parameters (precision, element types, fields) live on the instance. */
  public enum Kind { BOOLEAN, INTEGER, BIGINT, DOUBLE, DECIMAL, STRING, TIMESTAMP, DATE, TIME, ARRAY, MAP, STRUCT, NULL }

  /** A named field of a STRUCT type. */
  public record Field(String name, SqlType type) {
    public Field {
      requireNonNull(name, "name");
      requireNonNull(type, "type");
    }
  }

  public static final SqlType BOOLEAN = new SqlType(Kind.BOOLEAN, 0, 0, null, null, List.of());
  public static final SqlType INTEGER = new SqlType(Kind.INTEGER, 0, 0, null, null, List.of());
  public static final SqlType BIGINT = new SqlType(Kind.BIGINT, 0, 0, null, null, List.of());
  public static final SqlType DOUBLE = new SqlType(Kind.DOUBLE, 0, 0, null, null, List.of());
  public static final SqlType STRING = new SqlType(Kind.STRING, 0, 0, null, null, List.of());
  public static final SqlType TIMESTAMP = new SqlType(Kind.TIMESTAMP, 0, 0, null, null, List.of());
  public static final SqlType DATE = new SqlType(Kind.DATE, 0, 0, null, null, List.of());
  public static final SqlType TIME = new SqlType(Kind.TIME, 0, 0, null, null, List.of());
  public static final SqlType NULL = new SqlType(Kind.NULL, 0, 0, null, null, List.of());

  private final Kind kind;
  private final int precision;
  private final int scale;
  private final SqlType element;
  private final SqlType mapValue;
  private final List<Field> fields;

  private SqlType(Kind kind, int precision, int scale, SqlType element, SqlType mapValue, List<Field> fields) {
    this.kind = kind;
    this.precision = precision;
    this.scale = scale;
    this.element = element;
    this.mapValue = mapValue;
    this.fields = List.copyOf(fields);
  }

  public static SqlType decimal(int precision, int scale) {
    if (precision < 1 || scale < 0 || scale > precision) {
      throw new IllegalArgumentException("DECIMAL(" + precision + "," + scale + "): precision must be >= 1 and 0 <= scale <= precision");
    }
    return new SqlType(Kind.DECIMAL, precision, scale, null, null, List.of());
  }

  public static SqlType array(SqlType element) {
    return new SqlType(Kind.ARRAY, 0, 0, requireNonNull(element, "element"), null, List.of());
  }

  /** A MAP; keys are always STRING in Strom (as in ksqlDB's JSON maps). */
  public static SqlType map(SqlType value) {
    return new SqlType(Kind.MAP, 0, 0, STRING, requireNonNull(value, "value"), List.of());
  }

  public static SqlType struct(List<Field> fields) {
    return new SqlType(Kind.STRUCT, 0, 0, null, null, fields);
  }

  public Kind kind() {
    return kind;
  }

  public int precision() {
    return precision;
  }

  public int scale() {
    return scale;
  }

  /** Element type of an ARRAY. */
  public SqlType element() {
    return element;
  }

  /** Value type of a MAP. */
  public SqlType mapValue() {
    return mapValue;
  }

  public List<Field> fields() {
    return fields;
  }

  public boolean isNumeric() {
    return kind == Kind.INTEGER || kind == Kind.BIGINT || kind == Kind.DOUBLE || kind == Kind.DECIMAL;
  }

  public boolean isNull() {
    return kind == Kind.NULL;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SqlType t && kind == t.kind && precision == t.precision && scale == t.scale
        && Objects.equals(element, t.element) && Objects.equals(mapValue, t.mapValue) && fields.equals(t.fields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, precision, scale, element, mapValue, fields);
  }

  /** The type as written in SQL, e.g. {@code DECIMAL(4, 2)} or {@code ARRAY<STRING>}. */
  @Override
  public String toString() {
    return switch (kind) {
      case DECIMAL -> "DECIMAL(" + precision + ", " + scale + ")";
      case ARRAY -> "ARRAY<" + element + ">";
      case MAP -> "MAP<STRING, " + mapValue + ">";
      case STRUCT -> fields.stream().map(f -> "`" + f.name() + "` " + f.type())
          .collect(Collectors.joining(", ", "STRUCT<", ">"));
      default -> kind.name();
    };
  }

  /** Base type names accepted in SQL, with their aliases. */
  public static final Map<String, SqlType> NAMED = Map.ofEntries(
      Map.entry("BOOLEAN", BOOLEAN), Map.entry("INT", INTEGER), Map.entry("INTEGER", INTEGER),
      Map.entry("BIGINT", BIGINT), Map.entry("DOUBLE", DOUBLE), Map.entry("STRING", STRING),
      Map.entry("VARCHAR", STRING), Map.entry("TIMESTAMP", TIMESTAMP), Map.entry("DATE", DATE),
      Map.entry("TIME", TIME));
}
