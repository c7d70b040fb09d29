package io.strom.sink.writer;

import io.strom.sink.buffer.RowLayout;
import io.strom.sink.dialect.PostgresDialect;
import io.strom.sink.dialect.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a target table exists with every column a layout writes: creates it
 * ({@code auto.create}) or adds nullable columns ({@code auto.evolve}) inside the flush
 * transaction, under an advisory lock so that two tasks do not race on the same DDL.
 * Known columns are cached; the cache is dropped when a transaction rolls back, because its DDL
 * rolled back with it.
 */
public final class TableManager {

  private static final Logger log = LoggerFactory.getLogger(TableManager.class);

  private final PostgresDialect dialect;
  private final boolean autoCreate;
  private final boolean autoEvolve;
  /** Per table, its columns' names and types ({@code pg_type.typname}). */
  private final Map<TableId, Map<String, String>> knownColumns = new HashMap<>();

  public TableManager(PostgresDialect dialect, boolean autoCreate, boolean autoEvolve) {
    this.dialect = dialect;
    this.autoCreate = autoCreate;
    this.autoEvolve = autoEvolve;
  }

  /**
   * Returns the table's column types by name ({@code pg_type.typname}), after any DDL the layout
   * needed; the writer picks the binary COPY format only where they match what it sends.
   */
  public Map<String, String> ensure(Connection connection, TableId table, RowLayout layout) throws SQLException {
    Map<String, String> known = knownColumns.get(table);
    if (known != null && known.keySet().containsAll(layout.columnNames())) {
      return known;
    }
    if (autoCreate || autoEvolve) {
      try (PreparedStatement lock = connection.prepareStatement(dialect.ddlLock())) {
        lock.setString(1, dialect.qualified(table));
        lock.execute();
      }
    }
    Map<String, String> types = readColumns(connection, table);
    Set<String> columns = types.keySet();
    boolean ddl = false;
    if (columns.isEmpty() && !exists(connection, table)) {
      if (!autoCreate) {
        throw new ConnectException("table " + table + " does not exist and auto.create is false");
      }
      List<String> definitions = new ArrayList<>();
      for (RowLayout.Column column : layout.columns()) {
        definitions.add(dialect.columnDefinition(column.name(), column.schema(), column.notNull()));
      }
      execute(connection, dialect.createTable(table, definitions, layout.primaryKey()));
      log.info("Created table {} with columns {}", table, layout.columnNames());
      ddl = true;
    } else {
      List<RowLayout.Column> missing = layout.columns().stream().filter(c -> !columns.contains(c.name())).toList();
      if (!missing.isEmpty()) {
        if (!autoEvolve) {
          throw new ConnectException("table " + table + " lacks columns "
              + missing.stream().map(RowLayout.Column::name).toList() + " and auto.evolve is false");
        }
        for (RowLayout.Column column : missing) {
          execute(connection, dialect.addColumn(table, column.name(), column.schema()));
        }
        log.info("Added columns {} to table {}", missing.stream().map(RowLayout.Column::name).toList(), table);
        ddl = true;
      }
    }
    if (ddl) {
      types = readColumns(connection, table); // the new columns' types are the catalog's to say
    }
    knownColumns.put(table, types);
    return types;
  }

  /** Called after a rollback: DDL of that transaction is gone, so is what we learned. */
  public void forget() {
    knownColumns.clear();
  }

  private Map<String, String> readColumns(Connection connection, TableId table) throws SQLException {
    Map<String, String> columns = new HashMap<>();
    try (PreparedStatement query = connection.prepareStatement(dialect.columnsQuery())) {
      query.setString(1, dialect.qualified(table));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          columns.put(rows.getString(1), rows.getString(2));
        }
      }
    }
    return columns;
  }

  private boolean exists(Connection connection, TableId table) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(dialect.tableExistsQuery())) {
      query.setString(1, dialect.qualified(table));
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() && rows.getBoolean(1);
      }
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
