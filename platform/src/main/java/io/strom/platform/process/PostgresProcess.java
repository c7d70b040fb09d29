package io.strom.platform.process;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The launcher's side of PostgreSQL: starts a child process running {@link PostgresSupervisorMain},
 * which runs a real PostgreSQL 17 server (zonky's binaries from Maven Central) with a login role
 * and database for the pipeline; then waits until it answers, connects to it, and stops it.
 */
public final class PostgresProcess implements AutoCloseable {

  public static final String DATABASE = "strom";
  public static final String USER = "strom";
  public static final String PASSWORD = "strom";
  /** Environment variable naming the folder for the extracted binaries ({@code --postgres-binaries}). */
  public static final String ENV_BINARIES = "STROM_PG_BINARIES";

  private final JavaProcess process;
  private final int port;
  private volatile String password = PASSWORD;

  private PostgresProcess(JavaProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts the server; {@code binariesDir} is where zonky extracts its PostgreSQL binaries (null:
   * its default, {@code /tmp/embedded-pg}). The supervisor's own log is in {@code logFormat}; the
   * server's is PostgreSQL's.
   */
  public static PostgresProcess start(Path dataDir, Path logDir, Path binariesDir, LogFormat logFormat) {
    int port = Ports.free();
    List<String> args = new ArrayList<>(List.of(Integer.toString(port), dataDir.toString(),
        logDir.resolve("postgres-server.log").toString()));
    if (binariesDir != null) {
      args.add(binariesDir.toAbsolutePath().toString());
    }
    // The first start on a machine extracts zonky's txz bundle in this JVM: measured, 64 and 96 MB
    // of heap die with OutOfMemoryError there, 192 MB does not.
    JavaProcess process = JavaProcess.start("postgres", Classpaths.full(), PostgresSupervisorMain.class.getName(),
        args, List.of("-Xmx192m", "-XX:+UseSerialGC"), Map.of(), logDir.resolve("postgres.log"), logFormat);
    PostgresProcess postgres = new PostgresProcess(process, port);
    process.awaitReady("PostgreSQL", Duration.ofSeconds(90), postgres::answers);
    return postgres;
  }

  public int port() {
    return port;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  /** A connection as the pipeline's user (the caller closes it). */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), USER, password);
  }

  /** The pipeline user's password: {@link #PASSWORD} unless {@link #changePassword} replaced it. */
  public String password() {
    return password;
  }

  /** Gives the pipeline's user a new password ({@code ALTER ROLE}); this process's connections then use it. */
  public void changePassword(String newPassword) {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      // ALTER ROLE takes no bind parameters; the password is ours (URL-safe Base64), quotes doubled anyway.
      s.execute("ALTER ROLE " + USER + " PASSWORD '" + newPassword.replace("'", "''") + "'");
      password = newPassword;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot change the password of " + USER, e);
    }
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
