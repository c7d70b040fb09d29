package io.strom.platform.process;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The main class of the PostgreSQL child process that {@link PostgresProcess} launches, the
 * server's supervisor: starts the real server (zonky's binaries, through their {@code pg_ctl}),
 * creates the pipeline's role and database, and stops the server on SIGTERM. Being a separate
 * process in its own session keeps the server out of reach of a Ctrl-C meant for the demo, which
 * stops it last.
 *
 * <p>Arguments: {@code PORT DATA_DIR SERVER_LOG [BINARIES_DIR]}; without {@code BINARIES_DIR}
 * zonky extracts (once) to {@code /tmp/embedded-pg}.
 */
public final class PostgresSupervisorMain {

  private PostgresSupervisorMain() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Path dataDir = Path.of(args[1]);
    Path serverLog = Path.of(args[2]);
    Path binariesDir = args.length > 3 ? Path.of(args[3]) : null;
    // The hook is in place before the server starts: a SIGTERM during start-up waits for it to
    // finish and then stops it, rather than leaving a postmaster behind.
    AtomicReference<EmbeddedPostgres> started = new AtomicReference<>();
    CountDownLatch startUpDone = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        startUpDone.await(120, TimeUnit.SECONDS);
        if (started.get() != null) {
          started.get().close();
        }
      } catch (Exception e) {
        System.err.println("stopping PostgreSQL failed: " + e);
      }
      stopped.countDown();
    }, "postgres-stop"));
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
      if (binariesDir != null) {
        builder.setOverrideWorkingDirectory(binariesDir.toFile());
      }
      started.set(builder
          .setPort(port)
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          .setOutputRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
          .setErrorRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
          // A demo trades durability on power loss for speed; crash safety of the server stays.
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("max_connections", "100")
          .start());
    } finally {
      startUpDone.countDown();
    }
    EmbeddedPostgres server = started.get();
    createDatabase(server);
    System.out.println("PostgreSQL ready on port " + port);
    stopped.await();
  }

  private static void createDatabase(EmbeddedPostgres server) throws SQLException {
    try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + PostgresProcess.USER + "'")) {
        if (rs.next()) {
          return; // a kept data directory
        }
      }
      s.execute("CREATE ROLE " + PostgresProcess.USER + " LOGIN PASSWORD '" + PostgresProcess.PASSWORD + "'");
      s.execute("CREATE DATABASE " + PostgresProcess.DATABASE + " OWNER " + PostgresProcess.USER);
    }
  }
}
