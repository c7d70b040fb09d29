package io.strom.rules.plan;

import io.strom.rules.data.Column;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the source columns a stateless rule only copies: every reference to the column is a whole
 * projection item that lands in a value (non-key) output column. A host may hand such a value
 * through in its own representation, since the rule never looks at it.
 */
public final class PassThroughColumns {

  private PassThroughColumns() {}

  /**
   * Indexes (ascending) of the source's value columns that the plan reads only to copy them
   * unchanged into value output columns: not in WHERE, not inside another expression, not as the
   * event time. Empty for aggregations and patterns (their inputs feed aggregates or matches, not outputs).
   */
  public static List<Integer> of(RulePlan plan) {
    List<Column> columns = plan.source().columns();
    if (plan.aggregation() != null || plan.pattern() != null || plan.join() != null) {
      return List.of();
    }
    int[] uses = new int[columns.size()];
    int[] copies = new int[columns.size()];
    countUses(plan.where(), uses);
    for (int i = 0; i < plan.projection().size(); i++) {
      Expr item = plan.projection().get(i);
      countUses(item, uses);
      if (item instanceof Expr.ColumnValue c && !plan.output().get(i).isKey()) {
        copies[c.index()]++;
      }
    }
    String eventTime = plan.source().timestampColumn();
    int eventTimeColumn = eventTime == null ? -1 : plan.source().indexOf(eventTime);
    List<Integer> passed = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      if (!columns.get(i).isKey() && copies[i] > 0 && copies[i] == uses[i] && i != eventTimeColumn) {
        passed.add(i);
      }
    }
    return List.copyOf(passed);
  }

  /** Counts the column references in an expression tree (null is no expression). */
  private static void countUses(Expr expr, int[] uses) {
    if (expr == null) {
      return;
    }
    if (expr instanceof Expr.ColumnValue c) {
      uses[c.index()]++;
      return;
    }
    for (Expr child : children(expr)) {
      countUses(child, uses);
    }
  }

  /** The direct sub-expressions of a node; a node type missing here fails loudly rather than hiding a use. */
  private static List<Expr> children(Expr expr) {
    List<Expr> children = new ArrayList<>();
    if (expr instanceof Expr.Constant || expr instanceof Expr.RowTime || expr instanceof Expr.WindowBound
        || expr instanceof Expr.GroupKey || expr instanceof Expr.AggregateResult) {
      return children;
    } else if (expr instanceof Expr.Arithmetic e) {
      children.add(e.left());
      children.add(e.right());
    } else if (expr instanceof Expr.Negate e) {
      children.add(e.operand());
    } else if (expr instanceof Expr.Comparison e) {
      children.add(e.left());
      children.add(e.right());
    } else if (expr instanceof Expr.DistinctFrom e) {
      children.add(e.left());
      children.add(e.right());
    } else if (expr instanceof Expr.And e) {
      children.add(e.left());
      children.add(e.right());
    } else if (expr instanceof Expr.Or e) {
      children.add(e.left());
      children.add(e.right());
    } else if (expr instanceof Expr.Not e) {
      children.add(e.operand());
    } else if (expr instanceof Expr.IsNull e) {
      children.add(e.operand());
    } else if (expr instanceof Expr.Between e) {
      children.add(e.value());
      children.add(e.lower());
      children.add(e.upper());
    } else if (expr instanceof Expr.In e) {
      children.add(e.value());
      children.addAll(e.items());
    } else if (expr instanceof Expr.Like e) {
      children.add(e.value());
      children.add(e.pattern());
    } else if (expr instanceof Expr.Case e) {
      children.addAll(e.conditions());
      children.addAll(e.results());
      children.add(e.elseResult());
    } else if (expr instanceof Expr.Convert e) {
      children.add(e.operand());
    } else if (expr instanceof Expr.Call e) {
      children.addAll(e.arguments());
    } else if (expr instanceof Expr.ArrayOf e) {
      children.addAll(e.items());
    } else if (expr instanceof Expr.Subscript e) {
      children.add(e.base());
      children.add(e.index());
    } else if (expr instanceof Expr.Field e) {
      children.add(e.base());
    } else {
      throw new IllegalStateException("unknown expression node " + expr.getClass().getSimpleName());
    }
    return children;
  }
}
