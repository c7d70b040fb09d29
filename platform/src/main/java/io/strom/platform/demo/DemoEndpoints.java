package io.strom.platform.demo;

import io.strom.platform.process.PostgresProcess;
import io.strom.platform.process.PropertiesFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where a running demo's servers listen, written to {@code <data-dir>/endpoints.properties} once
 * its connectors are registered (the ports are free ones, different each run), so that commands
 * such as {@code ./strom replay} can find the demo without being told.
 */
public record DemoEndpoints(String connectUrl, String bootstrapServers, String jdbcUrl, String jdbcUser,
                            String jdbcPassword) {

  public static final String FILE = "endpoints.properties";

  static DemoEndpoints of(DemoPlatform platform) {
    return new DemoEndpoints(platform.restUrls().get(0), platform.bootstrapServers(), platform.jdbcUrl(),
        PostgresProcess.USER, PostgresProcess.PASSWORD);
  }

  void write(Path dataDir) {
    Properties props = new Properties();
    props.setProperty("connect.url", connectUrl);
    props.setProperty("bootstrap.servers", bootstrapServers);
    props.setProperty("jdbc.url", jdbcUrl);
    props.setProperty("jdbc.user", jdbcUser);
    props.setProperty("jdbc.password", jdbcPassword);
    PropertiesFile.write(dataDir.resolve(FILE), props, "Strom demo: where this run's servers listen (deleted with the run)");
  }

  /** The endpoints of the demo whose data directory is {@code dataDir}; fails when no demo runs there. */
  public static DemoEndpoints read(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("no running demo in " + dataDir + " (no " + FILE
          + "); start one with ./strom demo, or name the servers with --connect, --bootstrap-servers and --jdbc-url");
    }
    Properties props = PropertiesFile.read(file);
    return new DemoEndpoints(props.getProperty("connect.url"), props.getProperty("bootstrap.servers"),
        props.getProperty("jdbc.url"), props.getProperty("jdbc.user"), props.getProperty("jdbc.password"));
  }
}
