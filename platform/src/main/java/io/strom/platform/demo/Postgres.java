package io.strom.platform.demo;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real PostgreSQL 17 server (zonky's binaries from Maven Central) under its own supervisor
 * process ({@link PostgresServer}), with a login role and database for the pipeline.
 */
final class Postgres implements AutoCloseable {

  static final String DATABASE = "strom";
  static final String USER = "strom";
  static final String PASSWORD = "strom";

  private final JavaProcess process;
  private final int port;

  private Postgres(JavaProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  static Postgres start(Path dataDir, Path logDir) {
    int port = Ports.free();
    JavaProcess process = JavaProcess.start("postgres", Classpaths.full(), PostgresServer.class.getName(),
        List.of(Integer.toString(port), dataDir.toString(), logDir.resolve("postgres-server.log").toString()),
        List.of("-Xmx64m", "-XX:+UseSerialGC"), Map.of(), logDir.resolve("postgres.log"));
    Postgres postgres = new Postgres(process, port);
    process.awaitReady("PostgreSQL", Duration.ofSeconds(90), postgres::answers);
    return postgres;
  }

  int port() {
    return port;
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  JavaProcess process() {
    return process;
  }

  /** A connection as the pipeline's user (the caller closes it). */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
  }

  private boolean answers() {
    if (!Ports.listening(port)) {
      return false;
    }
    try (Connection c = connect()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
