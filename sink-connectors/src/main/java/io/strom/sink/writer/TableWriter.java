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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.DataException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches inside the caller's transaction: inserts with one COPY, upserts with a COPY into a
 * temporary staging table and one {@code INSERT ... ON CONFLICT DO UPDATE}, deletes with a COPY of
 * the keys and one {@code DELETE ... USING}. When a batch fails on its data (SQLState classes 22
 * and 23: a value that does not fit, a violated constraint) it is rolled back to a savepoint and
 * written again row by row, so only the rows that cannot be written are handed to the
 * {@link RowFailureHandler}; the rest land in the same transaction.
 *
 * <p>COPY uses the binary format where every column's type allows it ({@link BinaryCopyEncoder}),
 * else the text format. A batch whose values the binary encoder does not take is rolled back to
 * its savepoint and written in text, and its layout stays on text from then on. Rows written one
 * by one (the bad-row path) always go in text, so PostgreSQL's input functions judge them.
 */
public final class TableWriter {

  /** Receives each row that cannot be written, with the reason. */
  public interface RowFailureHandler {
    void failed(PendingRow row, Exception reason);
  }

  private static final Logger log = LoggerFactory.getLogger(TableWriter.class);
  private static final int CHUNK_BYTES = 1 << 20;

  private final PostgresDialect dialect;
  private final TableManager tables;
  private final CopyEncoder encoder = new CopyEncoder();
  private final BinaryCopyEncoder binary = new BinaryCopyEncoder();
  /** Layouts whose values the binary encoder refused once: written in text from then on. */
  private final Set<RowLayout> textLayouts = new HashSet<>();
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
    Map<String, String> columnTypes = tables.ensure(connection, batch.table(), batch.layout());
    List<PendingRow> rows = batch.kind() == Batch.Kind.INSERT ? batch.rows()
        : lastPerKey(batch.rows(), batch.layout());
    BinaryCopyEncoder.Kind[] kinds = textLayouts.contains(batch.layout()) ? null
        : BinaryCopyEncoder.plan(batch.layout().columns(), columnTypes);
    Savepoint savepoint = connection.setSavepoint();
    try {
      try {
        writeRows(connection, batch, rows, kinds);
      } catch (BinaryCopyEncoder.NotBinary e) {
        log.debug("Writing batches of {} in the COPY text format from now on: {}", batch.table(), e.getMessage());
        textLayouts.add(batch.layout());
        connection.rollback(savepoint);
        writeRows(connection, batch, rows, null);
      }
      connection.releaseSavepoint(savepoint);
      return;
    } catch (SQLException | DataException e) {
      rethrowUnlessBadRow(e);
      connection.rollback(savepoint);
    }
    for (PendingRow row : rows) {
      Savepoint single = connection.setSavepoint();
      try {
        writeRows(connection, batch, List.of(row), null);
        connection.releaseSavepoint(single);
      } catch (SQLException | DataException e) {
        rethrowUnlessBadRow(e);
        connection.rollback(single);
        failures.failed(row, e);
      }
    }
  }

  /** {@code kinds}: the binary format's column kinds, or null for the text format. */
  private void writeRows(Connection connection, Batch batch, List<PendingRow> rows, BinaryCopyEncoder.Kind[] kinds)
      throws SQLException {
    TableId table = batch.table();
    RowLayout layout = batch.layout();
    List<String> columns = layout.columnNames();
    if (batch.kind() == Batch.Kind.INSERT) {
      copy(connection, dialect.qualified(table), layout, rows, kinds);
      return;
    }
    String staging = "strom_stage_" + (++stagingTables);
    execute(connection, dialect.createStaging(staging, table, columns));
    copy(connection, dialect.quote(staging), layout, rows, kinds);
    execute(connection, batch.kind() == Batch.Kind.UPSERT
        ? dialect.upsertFromStaging(table, staging, columns, layout.primaryKey())
        : dialect.deleteFromStaging(table, staging, layout.primaryKey()));
    execute(connection, "DROP TABLE " + dialect.quote(staging));
  }

  private void copy(Connection connection, String target, RowLayout layout, List<PendingRow> rows,
                    BinaryCopyEncoder.Kind[] kinds) throws SQLException {
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(kinds == null
        ? dialect.copyIn(target, layout.columnNames()) : dialect.copyInBinary(target, layout.columnNames()));
    try {
      if (kinds != null) {
        copyBinary(copy, rows, kinds);
        return;
      }
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

  private void copyBinary(CopyIn copy, List<PendingRow> rows, BinaryCopyEncoder.Kind[] kinds) throws SQLException {
    binary.reset();
    binary.header();
    for (PendingRow row : rows) {
      binary.row(kinds, row.values());
      if (binary.length() >= CHUNK_BYTES) {
        copy.writeToCopy(binary.bytes(), 0, binary.length());
        binary.reset();
      }
    }
    binary.trailer();
    copy.writeToCopy(binary.bytes(), 0, binary.length());
    copy.endCopy();
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
