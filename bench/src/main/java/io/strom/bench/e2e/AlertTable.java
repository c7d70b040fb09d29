package io.strom.bench.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the alert table in PostgreSQL: every {@code pollMillis} it takes the rows committed since
 * the last poll and notes, per row, the wall time at which the poll's statement started (its
 * snapshot), so a row is timed no later than one poll interval plus one statement after its
 * commit. It takes the rows with {@code DELETE ... RETURNING}: only rows a committed transaction
 * made visible come back, each exactly once, and the table stays small, so a poll costs the same in
 * the tenth step as in the first (a full scan of a growing table would load the machine it
 * measures). The sink only inserts into this table, so removing its rows does not disturb it.
 */
final class AlertTable implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AlertTable.class);
  private static final String UNDEFINED_TABLE = "42P01";

  /** Alert key → wall time (epoch ms) of the first poll that saw the row. */
  private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong rows = new AtomicLong();
  private final Connection connection;
  private final String delete;
  private final long pollMillis;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private volatile Exception failure;

  AlertTable(String jdbcUrl, String user, String password, String table, String keyColumn, String timeColumn,
             long pollMillis) throws SQLException {
    this.connection = DriverManager.getConnection(jdbcUrl, user, password);
    connection.setAutoCommit(true);
    this.delete = "DELETE FROM " + table + " RETURNING " + keyColumn + ", (extract(epoch FROM " + timeColumn
        + ") * 1000)::bigint";
    this.pollMillis = pollMillis;
    thread = new Thread(this::poll, "e2e-alert-table");
    thread.setDaemon(true);
    thread.start();
  }

  private void poll() {
    try (Statement statement = connection.createStatement()) {
      while (running.get()) {
        long started = System.currentTimeMillis();
        try (ResultSet rs = statement.executeQuery(delete)) {
          while (rs.next()) {
            rows.incrementAndGet();
            String key = ReadingLog.alertKey(rs.getString(1), rs.getLong(2));
            if (firstSeen.putIfAbsent(key, started) != null) {
              duplicates.incrementAndGet();
            }
          }
        } catch (SQLException e) {
          if (!UNDEFINED_TABLE.equals(e.getSQLState())) {
            throw e;
          }
          // the sink creates the table with its first alert (auto.create)
        }
        long rest = pollMillis - (System.currentTimeMillis() - started);
        if (rest > 0) {
          Thread.sleep(rest);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException | RuntimeException e) {
      log.error("polling the alert table failed", e);
      failure = e;
    }
  }

  /** When the alert's row first became visible (epoch ms), or null if not yet. */
  Long firstSeen(String alertKey) {
    if (failure != null) {
      throw new IllegalStateException("polling the alert table failed", failure);
    }
    return firstSeen.get(alertKey);
  }

  void forget(String alertKey) {
    firstSeen.remove(alertKey);
  }

  /** Rows seen twice (an exactly-once sink writes none). */
  long duplicates() {
    return duplicates.get();
  }

  long rows() {
    return rows.get();
  }

  @Override
  public void close() throws SQLException, InterruptedException {
    running.set(false);
    thread.join(10_000);
    connection.close();
  }
}
