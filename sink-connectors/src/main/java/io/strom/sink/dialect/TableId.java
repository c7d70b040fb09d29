package io.strom.sink.dialect;

import java.util.Objects;

/** A table, optionally schema-qualified; names are used exactly as given (quoted in SQL). */
public record TableId(String schema, String table) {

  public TableId {
    Objects.requireNonNull(table, "table");
  }

  @Override
  public String toString() {
    return schema == null ? table : schema + "." + table;
  }
}
