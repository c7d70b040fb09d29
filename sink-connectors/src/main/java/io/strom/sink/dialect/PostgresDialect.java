package io.strom.sink.dialect;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Everything PostgreSQL-specific the sink says in SQL: identifier quoting, the column type of a
 * Connect schema, DDL, the COPY, upsert and delete statements, and which errors are transient.
 * Another database would be another class with the same methods (the buffering and writing do not
 * know which one they talk to beyond this class).
 */
public final class PostgresDialect {

  /** PostgreSQL's NAMEDATALEN - 1: longer identifiers are silently truncated by the server. */
  public static final int MAX_IDENTIFIER_BYTES = 63;

  /**
   * Refuses a table or column name the server would truncate (two long names could then become
   * one column), naming where it came from.
   *
   * @throws DataException when {@code identifier} is longer than {@link #MAX_IDENTIFIER_BYTES} in UTF-8
   */
  public static void requireIdentifierFits(String identifier, String what) {
    int bytes = identifier.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_IDENTIFIER_BYTES) {
      throw new DataException(what + " '" + identifier + "' is " + bytes + " bytes long; PostgreSQL identifiers "
          + "hold at most " + MAX_IDENTIFIER_BYTES + " bytes and longer ones would be truncated");
    }
  }

  public String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  public String qualified(TableId id) {
    return id.schema() == null ? quote(id.table()) : quote(id.schema()) + "." + quote(id.table());
  }

  /** The column type a field of this schema gets when the sink creates or evolves a table. */
  public String columnType(Schema schema) {
    if (schema.name() != null) {
      switch (schema.name()) {
        case Decimal.LOGICAL_NAME: return "numeric";
        case Date.LOGICAL_NAME: return "date";
        case Time.LOGICAL_NAME: return "time";
        case Timestamp.LOGICAL_NAME: return "timestamptz";
        default: break;
      }
    }
    return switch (schema.type()) {
      case INT8, INT16 -> "smallint";
      case INT32 -> "integer";
      case INT64 -> "bigint";
      case FLOAT32 -> "real";
      case FLOAT64 -> "double precision";
      case BOOLEAN -> "boolean";
      case STRING -> "text";
      case BYTES -> "bytea";
      case STRUCT, ARRAY, MAP -> "jsonb";
    };
  }

  public String columnDefinition(String name, Schema schema, boolean notNull) {
    return quote(name) + " " + columnType(schema) + (notNull ? " NOT NULL" : "");
  }

  public String createTable(TableId table, List<String> columnDefinitions, List<String> primaryKey) {
    StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(qualified(table)).append(" (")
        .append(String.join(", ", columnDefinitions));
    if (!primaryKey.isEmpty()) {
      sql.append(", PRIMARY KEY (").append(quotedList(primaryKey)).append(')');
    }
    return sql.append(')').toString();
  }

  /** Evolution only ever adds nullable columns: rows written before have no value for them. */
  public String addColumn(TableId table, String name, Schema schema) {
    return "ALTER TABLE " + qualified(table) + " ADD COLUMN IF NOT EXISTS " + columnDefinition(name, schema, false);
  }

  /** The columns of an existing table (no rows when it does not exist). */
  public String columnsQuery() {
    return "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
        + "WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped";
  }

  public String tableExistsQuery() {
    return "SELECT to_regclass(?) IS NOT NULL";
  }

  /** Serializes DDL on one table between tasks; released when the transaction ends. */
  public String ddlLock() {
    return "SELECT pg_advisory_xact_lock(hashtext(?))";
  }

  public String copyIn(String table, List<String> columns) {
    return "COPY " + table + " (" + quotedList(columns) + ") FROM STDIN";
  }

  public String copyInBinary(String table, List<String> columns) {
    return copyIn(table, columns) + " (FORMAT binary)";
  }

  /** A session-private table shaped like some columns of the target, gone at commit. */
  public String createStaging(String staging, TableId like, List<String> columns) {
    return "CREATE TEMP TABLE " + quote(staging) + " ON COMMIT DROP AS SELECT " + quotedList(columns)
        + " FROM " + qualified(like) + " WITH NO DATA";
  }

  public String upsertFromStaging(TableId table, String staging, List<String> columns, List<String> primaryKey) {
    List<String> updated = columns.stream().filter(c -> !primaryKey.contains(c)).toList();
    String action = updated.isEmpty() ? "DO NOTHING"
        : "DO UPDATE SET " + updated.stream().map(c -> quote(c) + " = EXCLUDED." + quote(c))
            .collect(Collectors.joining(", "));
    return "INSERT INTO " + qualified(table) + " (" + quotedList(columns) + ") SELECT " + quotedList(columns)
        + " FROM " + quote(staging) + " ON CONFLICT (" + quotedList(primaryKey) + ") " + action;
  }

  public String deleteFromStaging(TableId table, String staging, List<String> primaryKey) {
    String match = primaryKey.stream().map(c -> "t." + quote(c) + " = s." + quote(c))
        .collect(Collectors.joining(" AND "));
    return "DELETE FROM " + qualified(table) + " t USING " + quote(staging) + " s WHERE " + match;
  }

  /**
   * Whether retrying later can succeed: connection exceptions (08), transaction rollbacks such as
   * serialization failures and deadlocks (40), insufficient resources (53), a server shutting
   * down or starting (57P), a lock not granted within lock_timeout (55P03) and a statement
   * canceled by statement_timeout (57014); also a pool that could not hand out a connection in time.
   */
  public boolean isTransient(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") || state.startsWith("40") || state.startsWith("53") || state.startsWith("57P")
            || state.equals("55P03") || state.equals("57014")) {
          return true;
        }
      }
      if (t instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }

  private String quotedList(List<String> names) {
    return names.stream().map(this::quote).collect(Collectors.joining(", "));
  }
}
