package io.strom.connect.rules;

import io.strom.rules.CompiledRule;
import io.strom.rules.data.Column;
import io.strom.rules.types.SqlType;
import java.util.List;

/**
 * The source columns (by index) whose Connect Date the rule may read unconverted: TIMESTAMP
 * columns that the rule only copies ({@link CompiledRule#passThroughColumns()}). The library reads
 * TIMESTAMPs as Instants, but a value only copied is never read by it, so handing it the Date
 * saves converting there and back on every record ({@link StructReader}, {@link StructWriter}).
 */
public final class CopiedTimestamps {

  private CopiedTimestamps() {}

  public static boolean[] of(CompiledRule rule) {
    List<Column> columns = rule.source().columns();
    boolean[] copied = new boolean[columns.size()];
    for (int i : rule.passThroughColumns()) {
      copied[i] = columns.get(i).type().kind() == SqlType.Kind.TIMESTAMP;
    }
    return copied;
  }
}
