package io.strom.rules.data;

import static java.util.Objects.requireNonNull;

import io.strom.rules.types.SqlType;

/** A column of a source or an output: its name (case as the rule resolved it), type and key flag. */
public record Column(String name, SqlType type, boolean isKey) {

  public Column {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
  }

  public static Column key(String name, SqlType type) {
    return new Column(name, type, true);
  }

  public static Column value(String name, SqlType type) {
    return new Column(name, type, false);
  }

  @Override
  public String toString() {
    return "`" + name + "` " + type + (isKey ? " KEY" : "");
  }
}
