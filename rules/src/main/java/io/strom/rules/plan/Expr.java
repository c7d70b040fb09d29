package io.strom.rules.plan;

import static java.util.Objects.requireNonNull;

import io.strom.rules.ast.Expression.ArithmeticOp;
import io.strom.rules.ast.Expression.ComparisonOp;
import io.strom.rules.functions.ScalarFunction;
import io.strom.rules.types.SqlType;
import java.util.List;

/**
 * An analyzed expression: every name resolved to a position, every node typed, implicit widening
 * made explicit ({@link Convert}). The code generator turns it into evaluators once; nothing here
 * is looked up per record.
 */
public sealed interface Expr {

  SqlType type();

  record Constant(Object value, SqlType type) implements Expr {
    public Constant {
      requireNonNull(type, "type");
    }
  }

  /** The value of the source column at {@code index}. */
  record ColumnValue(int index, String name, SqlType type) implements Expr {}

  /** ROWTIME: the record's event time in epoch millis. */
  record RowTime() implements Expr {
    @Override
    public SqlType type() {
      return SqlType.BIGINT;
    }
  }

  /** WINDOWSTART or WINDOWEND of the window being emitted. */
  record WindowBound(boolean start) implements Expr {
    @Override
    public SqlType type() {
      return SqlType.BIGINT;
    }
  }

  /** After aggregation: the value of the {@code index}-th GROUP BY expression. */
  record GroupKey(int index, SqlType type) implements Expr {}

  /** After aggregation: the current result of the {@code index}-th aggregate call. */
  record AggregateResult(int index, SqlType type) implements Expr {}

  /** Arithmetic on operands already converted to {@code type}, or string concatenation when STRING. */
  record Arithmetic(ArithmeticOp op, Expr left, Expr right, SqlType type) implements Expr {}

  record Negate(Expr operand, SqlType type) implements Expr {}

  /** Comparison of operands converted to one common type; false when either is null (ksqlDB). */
  record Comparison(ComparisonOp op, Expr left, Expr right) implements Expr {
    @Override
    public SqlType type() {
      return SqlType.BOOLEAN;
    }
  }

  /** {@code IS [NOT] DISTINCT FROM}: null-safe; {@code not} means IS NOT DISTINCT (equality). */
  record DistinctFrom(Expr left, Expr right, boolean not) implements Expr {
    @Override
    public SqlType type() {
      return SqlType.BOOLEAN;
    }
  }

  record And(Expr left, Expr right) implements Expr {
    @Override
    public SqlType type() {
      return SqlType.BOOLEAN;
    }
  }

  record Or(Expr left, Expr right) implements Expr {
    @Override
    public SqlType type() {
      return SqlType.BOOLEAN;
    }
  }

  record Not(Expr operand) implements Expr {
    @Override
    public SqlType type() {
      return SqlType.BOOLEAN;
    }
  }

  record IsNull(Expr operand, boolean not) implements Expr {
    @Override
    public SqlType type() {
      return SqlType.BOOLEAN;
    }
  }

  record Between(Expr value, Expr lower, Expr upper, boolean not) implements Expr {
    @Override
    public SqlType type() {
      return SqlType.BOOLEAN;
    }
  }

  /** {@code value [NOT] IN (items)}; items already converted to the value's type. */
  record In(Expr value, List<Expr> items, boolean not) implements Expr {
    public In {
      items = List.copyOf(items);
    }

    @Override
    public SqlType type() {
      return SqlType.BOOLEAN;
    }
  }

  record Like(Expr value, Expr pattern, Character escape, boolean not) implements Expr {
    @Override
    public SqlType type() {
      return SqlType.BOOLEAN;
    }
  }

  /** Searched CASE; results converted to {@code type}; {@code elseResult} may be null. */
  record Case(List<Expr> conditions, List<Expr> results, Expr elseResult, SqlType type) implements Expr {
    public Case {
      conditions = List.copyOf(conditions);
      results = List.copyOf(results);
    }
  }

  /** Explicit CAST or implicit widening to {@code type}. */
  record Convert(Expr operand, SqlType type) implements Expr {}

  /** A scalar function call; arguments already converted to the resolved parameter types. */
  record Call(ScalarFunction.Resolved function, List<Expr> arguments, SqlType type) implements Expr {
    public Call {
      arguments = List.copyOf(arguments);
    }
  }

  record ArrayOf(List<Expr> items, SqlType type) implements Expr {
    public ArrayOf {
      items = List.copyOf(items);
    }
  }

  /** Array element (1-based, negative from the end) or map value. */
  record Subscript(Expr base, Expr index, SqlType type) implements Expr {}

  /** A STRUCT field by position. */
  record Field(Expr base, int fieldIndex, SqlType type) implements Expr {}

  /** How {@link Navigation} finds its row among the rows of a match. */
  enum Navigate { FIRST, LAST, PREV }

  /**
   * A column of one row of a pattern match: FIRST / LAST count {@code offset} rows from the first
   * or last row mapped to {@code variable} (-1: every row of the match), PREV goes {@code offset}
   * rows back from the last row of the variable. Null when there is no such row.
   *
   * @param column the source column, or -1 for ROWTIME
   */
  record Navigation(Navigate navigate, int variable, int offset, int column, SqlType type) implements Expr {}

  /**
   * COUNT, SUM, AVG, MIN or MAX over the rows of a match mapped to {@code variable} (-1: every row);
   * {@code argument} reads one row (null for COUNT(*) and COUNT(A.*)).
   */
  record MatchAggregate(String function, int variable, Expr argument, SqlType type) implements Expr {}
}
