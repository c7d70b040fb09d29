package io.strom.platform.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's PostgreSQL 15 as a plain server process under {@code pg_ctl}, for the fault matrix: it
 * can be stopped hard ({@code pg_ctl stop -m immediate}, no checkpoint, clients cut off) and
 * started again on the same data directory. {@code synchronous_commit} stays on, so a commit the
 * sink was told about survives the stop, as on a production server.
 */
final class DebianPostgres implements AutoCloseable {

  private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
  static final String USER = "postgres";

  private final Path dir;
  private final int port;

  private DebianPostgres(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  static boolean installed() {
    return Files.isExecutable(BIN.resolve("pg_ctl"));
  }

  /** A fresh cluster in a new folder under /tmp (the postgres user cannot enter /root). */
  static DebianPostgres create() {
    try {
      Path dir = Files.createTempDirectory(Path.of("/tmp"), "strom-faults-pg-");
      DebianPostgres pg = new DebianPostgres(dir, Ports.free());
      if (isRoot()) {
        run(List.of("chown", "-R", USER, dir.toString()));
      }
      pg.asPostgres(List.of(BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
          "-E", "UTF8", "--locale=C.UTF-8", "--auth=trust", "--no-sync"));
      pg.start();
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a PostgreSQL folder", e);
    }
  }

  /** Starts (or starts again) the server on its data directory; returns once it accepts connections. */
  void start() {
    asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
        "-l", dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
        "-c listen_addresses=127.0.0.1 -c port=" + port + " -c unix_socket_directories=" + dir
            + " -c synchronous_commit=on -c fsync=off -c max_connections=100", "start"));
  }

  /** {@code pg_ctl stop -m immediate}: every backend is cut off, no shutdown checkpoint (crash recovery on start). */
  void stopImmediate() {
    asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
        "-w", "stop"));
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), USER, "");
  }

  void createDatabase(String database) {
    try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + database, e);
    }
  }

  private void asPostgres(List<String> command) {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      full.addAll(List.of("runuser", "-u", USER, "--"));
    }
    full.addAll(command);
    run(full, dir);
  }

  private static void run(List<String> command) {
    run(command, Path.of("/tmp"));
  }

  private static void run(List<String> command, Path workDir) {
    try {
      Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(Duration.ofSeconds(90).toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("failed with exit code " + p.exitValue() + ": " + command);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + command, e);
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  @Override
  public void close() {
    try {
      stopImmediate();
    } catch (RuntimeException e) {
      // already stopped
    }
    Folders.delete(dir);
  }
}
