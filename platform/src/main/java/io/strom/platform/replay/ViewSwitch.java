package io.strom.platform.replay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Map;

/**
 * Points stable views at a new table set, all in one transaction, so readers see either every old
 * table or every new one. A view that does not exist yet is created; one whose columns the new
 * table changes (which {@code CREATE OR REPLACE VIEW} refuses) is dropped and created again in the
 * same transaction. A table (or anything else but a view) with a view's name is never touched:
 * the switch refuses before it changes anything.
 */
final class ViewSwitch {

  /** PostgreSQL's SQLStates for a view whose columns CREATE OR REPLACE VIEW cannot change. */
  private static final String INVALID_TABLE_DEFINITION = "42P16";
  private static final String DATATYPE_MISMATCH = "42804";

  private ViewSwitch() {}

  /** {@code views}: view name to the table it is to show, both in the connection's current schema. */
  static void switchViews(Connection connection, Map<String, String> views) throws SQLException {
    for (Map.Entry<String, String> view : views.entrySet()) {
      String tableKind = kind(connection, view.getValue());
      if (tableKind == null) {
        throw new IllegalStateException("table " + view.getValue() + " does not exist (its rule has written nothing"
            + " yet): no view switched");
      }
      String viewKind = kind(connection, view.getKey());
      if (viewKind != null && !viewKind.equals("v")) {
        throw new IllegalStateException(view.getKey() + " exists and is not a view: no view switched (name the views"
            + " with --view-format)");
      }
    }
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement s = connection.createStatement()) {
      for (Map.Entry<String, String> view : views.entrySet()) {
        String name = quote(view.getKey());
        String select = "SELECT * FROM " + quote(view.getValue());
        Savepoint before = connection.setSavepoint();
        try {
          s.execute("CREATE OR REPLACE VIEW " + name + " AS " + select);
        } catch (SQLException e) {
          if (!INVALID_TABLE_DEFINITION.equals(e.getSQLState()) && !DATATYPE_MISMATCH.equals(e.getSQLState())) {
            throw e;
          }
          connection.rollback(before);
          s.execute("DROP VIEW " + name);
          s.execute("CREATE VIEW " + name + " AS " + select);
        }
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** pg_class.relkind of a relation in the current schema ('r' table, 'v' view, ...), or null. */
  private static String kind(Connection connection, String name) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT c.relkind FROM pg_class c"
        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relname = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
