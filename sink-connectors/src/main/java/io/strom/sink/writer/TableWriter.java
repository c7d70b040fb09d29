package io.strom.sink.writer;

import io.strom.sink.buffer.Batch;
import io.strom.sink.buffer.PendingRow;
import io.strom.sink.buffer.RowLayout;
import io.strom.sink.dialect.PostgresDialect;
import io.strom.sink.dialect.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.DataException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes batches inside the caller's transaction: inserts with one COPY, upserts with a COPY into a
 * temporary staging table and one {@code INSERT ... ON CONFLICT DO UPDATE}, deletes with a COPY of
 * the keys and one {@code DELETE ... USING}. When a batch fails on its data (SQLState classes 22
 * and 23: a value that does not fit, a violated constraint) it is rolled back to a savepoint and
 * written again row by row, so only the rows that cannot be written are handed to the
 * {@link RowFailureHandler}; the rest land in the same transaction.
 */
public final class TableWriter {

  /** Receives each row that cannot be written, with the reason. */
  public interface RowFailureHandler {
    void failed(PendingRow row, Exception reason);
  }

  private static final int CHUNK_BYTES = 1 << 20;

  private final PostgresDialect dialect;
  private final TableManager tables;
  private final CopyEncoder encoder = new CopyEncoder();
  private int stagingTables;

  public TableWriter(PostgresDialect dialect, TableManager tables) {
    this.dialect = dialect;
    this.tables = tables;
  }

  /** Writes a batch; throws SQLException for anything other than a bad row (transient or not). */
  public void write(Connection connection, Batch batch, RowFailureHandler failures)
      throws SQLException {
    if (batch.rows().isEmpty()) {
      return;
    }
    tables.ensure(connection, batch.table(), batch.layout());
    List<PendingRow> rows = batch.kind() == Batch.Kind.INSERT ? batch.rows()
        : lastPerKey(batch.rows(), batch.layout());
    Savepoint savepoint = connection.setSavepoint();
    try {
      writeRows(connection, batch, rows);
      connection.releaseSavepoint(savepoint);
      return;
    } catch (SQLException | DataException e) {
      rethrowUnlessBadRow(e);
      connection.rollback(savepoint);
    }
    for (PendingRow row : rows) {
      Savepoint single = connection.setSavepoint();
      try {
        writeRows(connection, batch, List.of(row));
        connection.releaseSavepoint(single);
      } catch (SQLException | DataException e) {
        rethrowUnlessBadRow(e);
        connection.rollback(single);
        failures.failed(row, e);
      }
    }
  }

  private void writeRows(Connection connection, Batch batch, List<PendingRow> rows)
      throws SQLException {
    TableId table = batch.table();
    RowLayout layout = batch.layout();
    List<String> columns = layout.columnNames();
    if (batch.kind() == Batch.Kind.INSERT) {
      copy(connection, dialect.qualified(table), layout, rows);
      return;
    }
    String staging = "strom_stage_" + (++stagingTables);
    execute(connection, dialect.createStaging(staging, table, columns));
    copy(connection, dialect.quote(staging), layout, rows);
    execute(connection, batch.kind() == Batch.Kind.UPSERT
        ? dialect.upsertFromStaging(table, staging, columns, layout.primaryKey())
        : dialect.deleteFromStaging(table, staging, layout.primaryKey()));
    execute(connection, "DROP TABLE " + dialect.quote(staging));
  }

  private void copy(Connection connection, String target, RowLayout layout, List<PendingRow> rows)
      throws SQLException {
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
        .copyIn(dialect.copyIn(target, layout.columnNames()));
    try {
      encoder.reset();
      for (PendingRow row : rows) {
        encoder.row(layout.columns(), row.values());
        if (encoder.length() >= CHUNK_BYTES) {
          copy.writeToCopy(encoder.bytes(), 0, encoder.length());
          encoder.reset();
        }
      }
      if (encoder.length() > 0) {
        copy.writeToCopy(encoder.bytes(), 0, encoder.length());
      }
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        try {
          copy.cancelCopy();
        } catch (SQLException ignored) {
          // the failure that got us here is the one to report
        }
      }
    }
  }

  /** An upsert or delete statement may touch each key once: keep the last row per key. */
  private static List<PendingRow> lastPerKey(List<PendingRow> rows, RowLayout layout) {
    int[] positions = layout.primaryKeyPositions();
    Map<List<Object>, PendingRow> last = new LinkedHashMap<>();
    for (PendingRow row : rows) {
      Object[] key = new Object[positions.length];
      for (int i = 0; i < positions.length; i++) {
        Object value = row.values()[positions[i]];
        key[i] = value instanceof byte[] bytes ? java.nio.ByteBuffer.wrap(bytes) : value;
      }
      last.remove(Arrays.asList(key));
      last.put(Arrays.asList(key), row);
    }
    return new ArrayList<>(last.values());
  }

  private static void rethrowUnlessBadRow(Exception e) throws SQLException {
    if (e instanceof DataException) {
      return;
    }
    SQLException sql = (SQLException) e;
    String state = sql.getSQLState();
    if (state == null || !(state.startsWith("22") || state.startsWith("23"))) {
      throw sql;
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
