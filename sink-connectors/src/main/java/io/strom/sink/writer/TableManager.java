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
import java.util.HashSet;
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
  private final Map<TableId, Set<String>> knownColumns = new HashMap<>();

  public TableManager(PostgresDialect dialect, boolean autoCreate, boolean autoEvolve) {
    this.dialect = dialect;
    this.autoCreate = autoCreate;
    this.autoEvolve = autoEvolve;
  }

  public void ensure(Connection connection, TableId table, RowLayout layout) throws SQLException {
    Set<String> known = knownColumns.get(table);
    if (known != null && known.containsAll(layout.columnNames())) {
      return;
    }
    if (autoCreate || autoEvolve) {
      try (PreparedStatement lock = connection.prepareStatement(dialect.ddlLock())) {
        lock.setString(1, dialect.qualified(table));
        lock.execute();
      }
    }
    Set<String> columns = readColumns(connection, table);
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
      columns.addAll(layout.columnNames());
    } else {
      List<RowLayout.Column> missing = layout.columns().stream().filter(c -> !columns.contains(c.name())).toList();
      if (!missing.isEmpty()) {
        if (!autoEvolve) {
          throw new ConnectException("table " + table + " lacks columns "
              + missing.stream().map(RowLayout.Column::name).toList() + " and auto.evolve is false");
        }
        for (RowLayout.Column column : missing) {
          execute(connection, dialect.addColumn(table, column.name(), column.schema()));
          columns.add(column.name());
        }
        log.info("Added columns {} to table {}", missing.stream().map(RowLayout.Column::name).toList(), table);
      }
    }
    knownColumns.put(table, columns);
  }

  /** Called after a rollback: DDL of that transaction is gone, so is what we learned. */
  public void forget() {
    knownColumns.clear();
  }

  private Set<String> readColumns(Connection connection, TableId table) throws SQLException {
    Set<String> columns = new HashSet<>();
    try (PreparedStatement query = connection.prepareStatement(dialect.columnsQuery())) {
      query.setString(1, dialect.qualified(table));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          columns.add(rows.getString(1));
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
