package io.strom.rules.analyzer;

import io.strom.rules.ast.Identifier;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * ksqlDB's naming of a projection's columns, as single-source and join queries share it: an
 * unquoted alias may not be a reserved column name, and an expression with no name of its own
 * gets the first free {@code KSQL_COL_n}, skipping the sources' columns and every alias.
 */
final class ProjectedNames {

  private final Set<String> taken;
  private int next;

  /** {@code aliases} may hold nulls (items without an alias); {@code reserved} is upper case. */
  ProjectedNames(Collection<String> sourceColumns, Collection<Identifier> aliases, Set<String> reserved) {
    taken = new HashSet<>(sourceColumns);
    for (Identifier alias : aliases) {
      if (alias == null) {
        continue;
      }
      if (reserved.contains(alias.name().toUpperCase(Locale.ROOT)) && !alias.quoted()) {
        throw new AnalysisException(alias.location(), "`" + alias.name() + "` is a reserved column name."
            + " You cannot use it as an alias for a column.");
      }
      taken.add(alias.name());
    }
  }

  /** The next {@code KSQL_COL_n} no source column or alias has taken. */
  String generated() {
    while (taken.contains("KSQL_COL_" + next)) {
      next++;
    }
    String name = "KSQL_COL_" + next++;
    taken.add(name);
    return name;
  }
}
