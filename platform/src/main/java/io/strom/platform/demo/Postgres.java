package io.strom.platform.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL 17 server process (zonky's binaries from Maven Central, started by its own
 * {@code pg_ctl}), with a login role and database for the pipeline.
 */
final class Postgres implements AutoCloseable {

  static final String DATABASE = "strom";
  static final String USER = "strom";
  static final String PASSWORD = "strom";

  private final EmbeddedPostgres server;

  private Postgres(EmbeddedPostgres server) {
    this.server = server;
  }

  static Postgres start(Path dataDir, Path logFile) {
    try {
      EmbeddedPostgres server = EmbeddedPostgres.builder()
          .setPort(Ports.free())
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          // A demo trades durability on power loss for speed; crash safety of the server stays.
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("max_connections", "100")
          .start();
      Postgres postgres = new Postgres(server);
      postgres.createDatabase();
      return postgres;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL", e);
    }
  }

  private void createDatabase() {
    try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
      s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the " + DATABASE + " database", e);
    }
  }

  int port() {
    return server.getPort();
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  /** A connection as the pipeline's user (the caller closes it). */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
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
