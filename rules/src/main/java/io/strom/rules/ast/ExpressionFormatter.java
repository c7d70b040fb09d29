package io.strom.rules.ast;

import io.strom.rules.ast.Expression.*;
import java.util.stream.Collectors;

/** Renders expressions back to SQL text for error messages and generated names. */
final class ExpressionFormatter {

  private ExpressionFormatter() {}

  static String format(Expression e) {
    if (e instanceof NullLiteral n) {
      return "null";
    }
    if (e instanceof BooleanLiteral b) {
      return b.value() ? "true" : "false";
    }
    if (e instanceof StringLiteral s) {
      return "'" + s.value().replace("'", "''") + "'";
    }
    if (e instanceof IntegerLiteral i) {
      return Long.toString(i.value());
    }
    if (e instanceof DecimalLiteral d) {
      return d.value().toPlainString();
    }
    if (e instanceof DoubleLiteral d) {
      return Double.toString(d.value());
    }
    if (e instanceof ColumnRef c) {
      return (c.qualifier() == null ? "" : name(c.qualifier()) + ".") + name(c.name());
    }
    if (e instanceof Arithmetic a) {
      return "(" + format(a.left()) + " " + a.op().symbol + " " + format(a.right()) + ")";
    }
    if (e instanceof Negate n) {
      return "-" + format(n.operand());
    }
    if (e instanceof Comparison c) {
      return "(" + format(c.left()) + " " + c.op().symbol + " " + format(c.right()) + ")";
    }
    if (e instanceof DistinctFrom d) {
      return "(" + format(d.left()) + (d.not() ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ") + format(d.right()) + ")";
    }
    if (e instanceof Logical l) {
      return "(" + format(l.left()) + " " + l.op() + " " + format(l.right()) + ")";
    }
    if (e instanceof Not n) {
      return "(NOT " + format(n.operand()) + ")";
    }
    if (e instanceof IsNull n) {
      return "(" + format(n.operand()) + (n.not() ? " IS NOT NULL)" : " IS NULL)");
    }
    if (e instanceof Between b) {
      return "(" + format(b.value()) + (b.not() ? " NOT BETWEEN " : " BETWEEN ") + format(b.lower()) + " AND " + format(b.upper()) + ")";
    }
    if (e instanceof InList i) {
      return "(" + format(i.value()) + (i.not() ? " NOT IN " : " IN ") + i.items().stream().map(ExpressionFormatter::format).collect(Collectors.joining(", ", "(", ")")) + ")";
    }
    if (e instanceof Like l) {
      return "(" + format(l.value()) + (l.not() ? " NOT LIKE " : " LIKE ") + format(l.pattern()) + (l.escape() == null ? "" : " ESCAPE '" + l.escape() + "'") + ")";
    }
    if (e instanceof SearchedCase c) {
      return "(CASE" + whens(c.whens()) + elseText(c.elseResult()) + " END)";
    }
    if (e instanceof SimpleCase c) {
      return "(CASE " + format(c.operand()) + whens(c.whens()) + elseText(c.elseResult()) + " END)";
    }
    if (e instanceof Cast c) {
      return "CAST(" + format(c.operand()) + " AS " + c.type() + ")";
    }
    if (e instanceof FunctionCall f) {
      return name(f.name()) + (f.star() ? (f.arguments().isEmpty() ? "(*)" : "(" + format(f.arguments().get(0)) + ".*)") : f.arguments().stream().map(ExpressionFormatter::format).collect(Collectors.joining(", ", "(", ")")));
    }
    if (e instanceof ArrayConstructor a) {
      return a.items().stream().map(ExpressionFormatter::format) .collect(Collectors.joining(", ", "ARRAY[", "]"));
    }
    if (e instanceof Subscript s) {
      return format(s.base()) + "[" + format(s.index()) + "]";
    }
    if (e instanceof Dereference d) {
      return format(d.base()) + "->" + name(d.field());
    }
    throw new IllegalStateException("unknown expression " + e.getClass());
  }


  private static String whens(java.util.List<WhenClause> whens) {
    return whens.stream().map(w -> " WHEN " + format(w.condition()) + " THEN " + format(w.result()))
        .collect(Collectors.joining());
  }

  private static String elseText(Expression e) {
    return e == null ? "" : " ELSE " + format(e);
  }

  private static String name(Identifier id) {
    return id.name().matches("[A-Z_][A-Z0-9_]*") ? id.name() : "`" + id.name() + "`";
  }
}
