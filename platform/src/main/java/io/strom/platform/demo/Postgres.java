package io.strom.platform.demo;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
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
  /** Environment variable naming the folder for the extracted binaries ({@code --postgres-binaries}). */
  static final String ENV_BINARIES = "STROM_PG_BINARIES";

  private final JavaProcess process;
  private final int port;

  private Postgres(JavaProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts the server; {@code binariesDir} is where zonky extracts its PostgreSQL binaries (null:
   * its default, {@code /tmp/embedded-pg}).
   */
  static Postgres start(Path dataDir, Path logDir, Path binariesDir) {
    int port = Ports.free();
    List<String> args = new ArrayList<>(List.of(Integer.toString(port), dataDir.toString(),
        logDir.resolve("postgres-server.log").toString()));
    if (binariesDir != null) {
      args.add(binariesDir.toAbsolutePath().toString());
    }
    // The first start on a machine extracts zonky's txz bundle in this JVM: measured, 64 and 96 MB
    // of heap die with OutOfMemoryError there, 192 MB does not.
    JavaProcess process = JavaProcess.start("postgres", Classpaths.full(), PostgresServer.class.getName(),
        args, List.of("-Xmx192m", "-XX:+UseSerialGC"), Map.of(), logDir.resolve("postgres.log"));
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
