package io.strom.rules;

import io.strom.rules.ast.Expression;
import io.strom.rules.ast.Location;
import io.strom.rules.ast.Query;
import io.strom.rules.ast.Statement;
import io.strom.rules.data.WindowType;
import java.util.ArrayList;
import java.util.List;

/** Describes parsed statements for hosts, each with its own slice of the script's text. */
final class ScriptStatements {

  private ScriptStatements() {}

  static List<RuleStatement> describe(String sql, List<Statement> statements) {
    List<RuleStatement> described = new ArrayList<>();
    for (int i = 0; i < statements.size(); i++) {
      Location next = i + 1 < statements.size() ? statements.get(i + 1).location() : null;
      described.add(describe(statements.get(i), textOf(sql, statements.get(i).location(), next)));
    }
    return List.copyOf(described);
  }

  private static RuleStatement describe(Statement statement, String text) {
    RuleStatement.Position at = position(statement.location());
    if (statement instanceof Statement.CreateSource s) {
      return new RuleStatement(RuleStatement.Kind.SOURCE_DECLARATION, s.kind() == Statement.Kind.TABLE,
          s.name().name(), text, null, topicOf(s.properties(), s.name().name()), null, false, false, at, null, null);
    }
    if (statement instanceof Statement.CreateAs c) {
      return rule(RuleStatement.Kind.CREATE_AS_SELECT, c.kind() == Statement.Kind.TABLE, c.name().name(),
          topicOf(c.properties(), c.name().name()), c.query(), text, at);
    }
    Query query = ((Statement.BareQuery) statement).query();
    return rule(RuleStatement.Kind.BARE_SELECT, false, null, null, query, text, at);
  }

  private static RuleStatement rule(RuleStatement.Kind kind, boolean table, String name, String topic, Query query,
      String text, RuleStatement.Position at) {
    WindowType window = query.window() == null ? null : WindowType.valueOf(query.window().kind().name());
    return new RuleStatement(kind, table, name, text, query.from().name().name(), topic, window,
        query.emit() == Query.Emit.FINAL, query.where() != null, at, position(query.location()),
        query.window() == null ? null : position(query.window().location()),
        query.joins() == null ? List.of() : query.joins().stream().map(j -> j.right().name().name()).toList());
  }

  private static String topicOf(List<Statement.Property> properties, String name) {
    for (Statement.Property p : properties) {
      if (p.name().name().equalsIgnoreCase("KAFKA_TOPIC") && p.value() instanceof Expression.StringLiteral s) {
        return s.value();
      }
    }
    return name;
  }

  private static RuleStatement.Position position(Location location) {
    return new RuleStatement.Position(location.line(), location.column());
  }

  /**
   * The text from {@code start} to {@code next} (or the end), padded with newlines and spaces so
   * that the positions in errors from compiling it alone are those in the whole script.
   */
  private static String textOf(String sql, Location start, Location next) {
    int from = offset(sql, start);
    int to = next == null ? sql.length() : offset(sql, next);
    return "\n".repeat(start.line() - 1) + " ".repeat(start.column() - 1) + sql.substring(from, to);
  }

  private static int offset(String sql, Location location) {
    int line = 1;
    int i = 0;
    while (line < location.line() && i < sql.length()) {
      if (sql.charAt(i++) == '\n') {
        line++;
      }
    }
    return Math.min(sql.length(), i + location.column() - 1);
  }
}
