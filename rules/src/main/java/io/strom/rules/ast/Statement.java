package io.strom.rules.ast;

import static java.util.Objects.requireNonNull;

import io.strom.rules.types.SqlType;
import java.util.List;

/** A statement of a rule script. */
public sealed interface Statement {

  Location location();

  enum Kind { STREAM, TABLE }

  enum KeyKind { NONE, KEY, PRIMARY_KEY }

  /** {@code name TYPE [KEY | PRIMARY KEY]} in a source declaration. */
  record ColumnDeclaration(Identifier name, SqlType type, KeyKind keyKind, Location location) {
    public ColumnDeclaration {
      requireNonNull(name, "name");
      requireNonNull(type, "type");
      requireNonNull(keyKind, "keyKind");
    }
  }

  /** {@code NAME = literal} in a WITH clause. */
  record Property(Identifier name, Expression value, Location location) {
    public Property {
      requireNonNull(name, "name");
      requireNonNull(value, "value");
    }
  }

  /** {@code CREATE STREAM s (col TYPE [KEY], ...) WITH (...)}: declares a source. */
  record CreateSource(Kind kind, Identifier name, List<ColumnDeclaration> columns, List<Property> properties,
      Location location) implements Statement {
    public CreateSource {
      requireNonNull(kind, "kind");
      requireNonNull(name, "name");
      columns = List.copyOf(columns);
      properties = List.copyOf(properties);
    }
  }

  /** {@code CREATE STREAM|TABLE t [WITH (...)] AS SELECT ...}: a rule. */
  record CreateAs(Kind kind, Identifier name, List<Property> properties, Query query, Location location)
      implements Statement {
    public CreateAs {
      requireNonNull(kind, "kind");
      requireNonNull(name, "name");
      properties = List.copyOf(properties);
      requireNonNull(query, "query");
    }
  }

  /** A bare {@code SELECT ...}: a rule whose name the host gives. */
  record BareQuery(Query query, Location location) implements Statement {
    public BareQuery {
      requireNonNull(query, "query");
    }
  }
}
