package io.strom.connect.rules;

import io.strom.rules.Column;
import io.strom.rules.CompiledRule;
import io.strom.rules.plan.Expr;
import io.strom.rules.plan.RulePlan;
import io.strom.rules.types.SqlType;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * The source columns (by index) whose Connect Date the rule may read unconverted: TIMESTAMP
 * columns that a rule without aggregation only copies, each use being a whole, non-key SELECT
 * item (not in WHERE, not inside an expression, not the TIMESTAMP property's event-time column).
 * The library reads TIMESTAMPs as Instants, but a value only copied is never read by it, so
 * handing it the Date saves converting there and back on every record ({@link StructReader},
 * {@link StructWriter}). When in doubt (an expression tree this cannot inspect), no column
 * qualifies.
 */
public final class CopiedTimestamps {

  private CopiedTimestamps() {}

  public static boolean[] of(CompiledRule rule) {
    RulePlan plan = rule.plan();
    List<Column> columns = plan.source().columns();
    boolean[] copied = new boolean[columns.size()];
    if (plan.aggregation() != null) {
      return copied;
    }
    int[] uses = new int[copied.length];
    int[] copies = new int[copied.length];
    try {
      countColumnUses(plan.where(), uses);
      for (int i = 0; i < plan.projection().size(); i++) {
        Expr item = plan.projection().get(i);
        countColumnUses(item, uses);
        if (item instanceof Expr.ColumnValue c && !plan.output().get(i).isKey()) {
          copies[c.index()]++;
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      return copied;
    }
    String eventTime = plan.source().timestampColumn();
    int eventTimeColumn = eventTime == null ? -1 : plan.source().indexOf(eventTime);
    for (int i = 0; i < copied.length; i++) {
      copied[i] = columns.get(i).type().kind() == SqlType.Kind.TIMESTAMP && !columns.get(i).isKey()
          && copies[i] > 0 && copies[i] == uses[i] && i != eventTimeColumn;
    }
    return copied;
  }

  /** Counts the column references in an expression tree (Expr nodes are records of Exprs and lists of them). */
  private static void countColumnUses(Object node, int[] uses) throws ReflectiveOperationException {
    if (node instanceof Expr.ColumnValue c) {
      uses[c.index()]++;
    } else if (node instanceof List<?> list) {
      for (Object item : list) {
        countColumnUses(item, uses);
      }
    } else if (node instanceof Expr && node instanceof Record record) {
      for (RecordComponent component : record.getClass().getRecordComponents()) {
        countColumnUses(component.getAccessor().invoke(record), uses);
      }
    }
  }
}
