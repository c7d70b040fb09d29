package io.strom.rules.ast;

import static java.util.Objects.requireNonNull;

import io.strom.rules.types.SqlType;
import java.math.BigDecimal;
import java.util.List;

/**
 * An expression of the rule language as written (immutable, with its location). The analyzer
 * resolves names and types; nothing here knows columns or types of a source.
 */
public sealed interface Expression {

  Location location();

  /** The expression as SQL text, for messages (e.g. {@code (ID >= 'x')}). */
  default String sql() {
    return ExpressionFormatter.format(this);
  }

  record NullLiteral(Location location) implements Expression {}

  record BooleanLiteral(boolean value, Location location) implements Expression {}

  record StringLiteral(String value, Location location) implements Expression {
    public StringLiteral {
      requireNonNull(value, "value");
    }
  }

  /** An integer literal: INT if it fits, else BIGINT. */
  record IntegerLiteral(long value, Location location) implements Expression {}

  /** A literal with a decimal point such as {@code 2.5}: DECIMAL (as in ksqlDB). */
  record DecimalLiteral(BigDecimal value, Location location) implements Expression {
    public DecimalLiteral {
      requireNonNull(value, "value");
    }
  }

  /** A literal with an exponent such as {@code 1e-1}: DOUBLE. */
  record DoubleLiteral(double value, Location location) implements Expression {}

  /** A column, optionally qualified by its source's name or alias. */
  record ColumnRef(Identifier qualifier, Identifier name, Location location) implements Expression {
    public ColumnRef {
      requireNonNull(name, "name");
    }
  }

  enum ArithmeticOp {
    ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), MODULUS("%");

    public final String symbol;

    ArithmeticOp(String symbol) {
      this.symbol = symbol;
    }
  }

  record Arithmetic(ArithmeticOp op, Expression left, Expression right, Location location) implements Expression {
    public Arithmetic {
      requireNonNull(op, "op");
      requireNonNull(left, "left");
      requireNonNull(right, "right");
    }
  }

  record Negate(Expression operand, Location location) implements Expression {
    public Negate {
      requireNonNull(operand, "operand");
    }
  }

  /** Comparison operators, named as ksqlDB names them in messages. */
  enum ComparisonOp {
    EQUAL("="), NOT_EQUAL("<>"), LESS_THAN("<"), LESS_THAN_OR_EQUAL("<="), GREATER_THAN(">"),
    GREATER_THAN_OR_EQUAL(">=");

    public final String symbol;

    ComparisonOp(String symbol) {
      this.symbol = symbol;
    }
  }

  record Comparison(ComparisonOp op, Expression left, Expression right, Location location) implements Expression {
    public Comparison {
      requireNonNull(op, "op");
      requireNonNull(left, "left");
      requireNonNull(right, "right");
    }
  }

  /** {@code a IS [NOT] DISTINCT FROM b}: null-safe (in)equality. */
  record DistinctFrom(Expression left, Expression right, boolean not, Location location) implements Expression {
    public DistinctFrom {
      requireNonNull(left, "left");
      requireNonNull(right, "right");
    }
  }

  enum LogicalOp { AND, OR }

  record Logical(LogicalOp op, Expression left, Expression right, Location location) implements Expression {
    public Logical {
      requireNonNull(op, "op");
      requireNonNull(left, "left");
      requireNonNull(right, "right");
    }
  }

  record Not(Expression operand, Location location) implements Expression {
    public Not {
      requireNonNull(operand, "operand");
    }
  }

  record IsNull(Expression operand, boolean not, Location location) implements Expression {
    public IsNull {
      requireNonNull(operand, "operand");
    }
  }

  record Between(Expression value, Expression lower, Expression upper, boolean not, Location location)
      implements Expression {
    public Between {
      requireNonNull(value, "value");
      requireNonNull(lower, "lower");
      requireNonNull(upper, "upper");
    }
  }

  record InList(Expression value, List<Expression> items, boolean not, Location location) implements Expression {
    public InList {
      requireNonNull(value, "value");
      items = List.copyOf(items);
    }
  }

  /** {@code value [NOT] LIKE pattern [ESCAPE 'c']}; {@code escape} is null when not given. */
  record Like(Expression value, Expression pattern, Character escape, boolean not, Location location)
      implements Expression {
    public Like {
      requireNonNull(value, "value");
      requireNonNull(pattern, "pattern");
    }
  }

  record WhenClause(Expression condition, Expression result) {
    public WhenClause {
      requireNonNull(condition, "condition");
      requireNonNull(result, "result");
    }
  }

  /** {@code CASE WHEN c THEN r ... [ELSE e] END}; {@code elseResult} is null when absent. */
  record SearchedCase(List<WhenClause> whens, Expression elseResult, Location location) implements Expression {
    public SearchedCase {
      whens = List.copyOf(whens);
    }
  }

  /** {@code CASE operand WHEN v THEN r ... [ELSE e] END}. */
  record SimpleCase(Expression operand, List<WhenClause> whens, Expression elseResult, Location location)
      implements Expression {
    public SimpleCase {
      requireNonNull(operand, "operand");
      whens = List.copyOf(whens);
    }
  }

  record Cast(Expression operand, SqlType type, Location location) implements Expression {
    public Cast {
      requireNonNull(operand, "operand");
      requireNonNull(type, "type");
    }
  }

  /** A call of a scalar or aggregate function; {@code star} for {@code COUNT(*)}. */
  record FunctionCall(Identifier name, List<Expression> arguments, boolean star, Location location)
      implements Expression {
    public FunctionCall {
      requireNonNull(name, "name");
      arguments = List.copyOf(arguments);
    }
  }

  record ArrayConstructor(List<Expression> items, Location location) implements Expression {
    public ArrayConstructor {
      items = List.copyOf(items);
    }
  }

  /** {@code base[index]}: 1-based array element (negative counts from the end) or map value. */
  record Subscript(Expression base, Expression index, Location location) implements Expression {
    public Subscript {
      requireNonNull(base, "base");
      requireNonNull(index, "index");
    }
  }

  /** {@code base->field}: a STRUCT field. */
  record Dereference(Expression base, Identifier field, Location location) implements Expression {
    public Dereference {
      requireNonNull(base, "base");
      requireNonNull(field, "field");
    }
  }
}
