package io.strom.sink.buffer;

import java.util.List;
import org.apache.kafka.connect.data.Schema;

/**
 * The columns one batch writes, in order, and which of them form the primary key. Rows of a batch
 * are {@code Object[]} in this order. Records whose schemas are equal share one layout instance,
 * so a changed schema is seen as a different layout (and starts a new batch).
 */
public record RowLayout(List<Column> columns, List<String> primaryKey) {

  /** One column: its name, the Connect schema of its values, and whether it may hold null. */
  public record Column(String name, Schema schema, boolean notNull) {}

  public List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  /** Positions of the primary key columns within {@link #columns()}. */
  public int[] primaryKeyPositions() {
    List<String> names = columnNames();
    return primaryKey.stream().mapToInt(names::indexOf).toArray();
  }
}
