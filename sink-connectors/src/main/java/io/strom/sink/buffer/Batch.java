package io.strom.sink.buffer;

import io.strom.sink.dialect.TableId;
import java.util.ArrayList;
import java.util.List;

/** Rows for one table, of one kind and one layout, written by one statement (COPY) in a flush. */
public final class Batch {

  /**
   * INSERT appends rows; UPSERT inserts or replaces rows by primary key; DELETE removes the rows
   * with the given primary keys.
   */
  public enum Kind { INSERT, UPSERT, DELETE }

  private final TableId table;
  private final Kind kind;
  private final RowLayout layout;
  private final List<PendingRow> rows = new ArrayList<>();

  Batch(TableId table, Kind kind, RowLayout layout) {
    this.table = table;
    this.kind = kind;
    this.layout = layout;
  }

  public TableId table() {
    return table;
  }

  public Kind kind() {
    return kind;
  }

  public RowLayout layout() {
    return layout;
  }

  public List<PendingRow> rows() {
    return rows;
  }

  boolean accepts(Kind kind, RowLayout layout) {
    return this.kind == kind && this.layout == layout;
  }
}
