package io.strom.registry;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Strom's schema registry: Confluent's REST API (see {@link RestApi}) over schemas kept in a
 * compacted Kafka topic (see {@link SchemaStore}). Starts in-process ({@link #start(Map)}) or as
 * its own process ({@link #main(String[])}).
 *
 * <p>Settings use Confluent's names where Confluent has one: {@code listeners}
 * (default {@code http://127.0.0.1:8081}; port 0 picks a free port),
 * {@code kafkastore.bootstrap.servers} (required), {@code kafkastore.topic} (default
 * {@code _schemas}), {@code kafkastore.topic.replication.factor} (default: the broker's),
 * {@code schema.compatibility.level} (default {@code backward}). Keys starting with
 * {@code kafkastore.client.} go to the Kafka clients without that prefix (e.g. security settings).
 * An {@code https://} listener and {@code authentication.method=BASIC} are set up by
 * {@link ListenerSecurity}; values may be Kafka config-provider variables (see
 * {@link ConfigVariables}), so that passwords stay out of the settings file.
 *
 * <p>HTTP is the JDK's own server ({@code com.sun.net.httpserver}), on purpose: the API is a few
 * dozen small JSON routes that {@link RestApi} dispatches in one place, the load is a client's
 * first lookup of each schema id (serializers cache ids), and the JDK server adds no dependency
 * to the registry process or to the demo's class path, where Kafka's own Jetty and Jersey versions
 * must not meet a second copy.
 */
public final class SchemaRegistryServer implements AutoCloseable {

  /** Not a static field: main() picks the logging config before the first logger exists. */
  private static Logger log() {
    return LoggerFactory.getLogger(SchemaRegistryServer.class);
  }

  public static final String LISTENERS_CONFIG = "listeners";
  public static final String BOOTSTRAP_SERVERS_CONFIG = "kafkastore.bootstrap.servers";
  public static final String TOPIC_CONFIG = "kafkastore.topic";
  public static final String REPLICATION_FACTOR_CONFIG = "kafkastore.topic.replication.factor";
  public static final String COMPATIBILITY_LEVEL_CONFIG = "schema.compatibility.level";
  public static final String CLIENT_PREFIX = "kafkastore.client.";

  public static final String DEFAULT_LISTENER = "http://127.0.0.1:8081";
  public static final String DEFAULT_TOPIC = "_schemas";

  private final SchemaStore store;
  private final HttpServer http;
  private final ExecutorService executor;

  private SchemaRegistryServer(SchemaStore store, HttpServer http, ExecutorService executor) {
    this.store = store;
    this.http = http;
    this.executor = executor;
  }

  /** Starts a registry with the given settings (see the class comment); the caller closes it. */
  public static SchemaRegistryServer start(Map<String, String> settings) {
    Map<String, String> config = ConfigVariables.resolve(settings);
    String bootstrap = config.get(BOOTSTRAP_SERVERS_CONFIG);
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException(BOOTSTRAP_SERVERS_CONFIG + " is required");
    }
    URI listener = URI.create(config.getOrDefault(LISTENERS_CONFIG, DEFAULT_LISTENER).split(",")[0].trim());
    // The listener's settings are checked before the store reads the schema topic.
    BasicAuthenticator authenticator = ListenerSecurity.authenticator(config);
    HttpServer http;
    try {
      http = ListenerSecurity.bind(listener, config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + listener, e);
    }
    String replication = config.get(REPLICATION_FACTOR_CONFIG);
    Map<String, Object> clientProps = new HashMap<>();
    config.forEach((key, value) -> {
      if (key.startsWith(CLIENT_PREFIX)) {
        clientProps.put(key.substring(CLIENT_PREFIX.length()), value);
      }
    });
    SchemaStore store;
    try {
      store = new SchemaStore(bootstrap, config.getOrDefault(TOPIC_CONFIG, DEFAULT_TOPIC),
          replication == null ? Optional.empty() : Optional.of(Short.parseShort(replication)),
          CompatibilityLevel.parse(config.getOrDefault(COMPATIBILITY_LEVEL_CONFIG, "backward")), clientProps);
    } catch (RuntimeException e) {
      http.stop(0);
      throw e;
    }
    ExecutorService executor = Executors.newFixedThreadPool(8, runnable -> {
      Thread thread = new Thread(runnable, "schema-registry-http");
      thread.setDaemon(true);
      return thread;
    });
    HttpContext root = http.createContext("/", new RestApi(store));
    if (authenticator != null) {
      root.setAuthenticator(authenticator);
    }
    http.setExecutor(executor);
    http.start();
    SchemaRegistryServer server = new SchemaRegistryServer(store, http, executor);
    log().info("Schema registry listening on {}{}", server.url(),
        authenticator == null ? "" : " (HTTP basic authentication, realm " + authenticator.getRealm() + ")");
    return server;
  }

  /** The base URL clients use, e.g. {@code http://127.0.0.1:8081}. */
  public String url() {
    InetSocketAddress address = http.getAddress();
    String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getHostString();
    return (http instanceof HttpsServer ? "https://" : "http://") + host + ":" + address.getPort();
  }

  public int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
    store.close();
    log().info("Schema registry stopped");
  }

  /** The command line; flags override the settings of the {@code --config} file. */
  @Command(name = "SchemaRegistryServer",
      description = "Strom's schema registry: Confluent's REST API over a compacted Kafka topic.")
  static final class Flags implements Callable<Map<String, String>> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--config", paramLabel = "FILE.properties",
        description = "Settings with Confluent's names (listeners, kafkastore.bootstrap.servers, ...).")
    Path config;

    @Option(names = "--port", paramLabel = "N", description = "Port to listen on (default 8081).")
    Integer port;

    @Option(names = "--host", paramLabel = "H", description = "Address to listen on (default 127.0.0.1).")
    String host;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka, for the schema topic.")
    String bootstrapServers;

    @Option(names = "--topic", paramLabel = "T", description = "The schema topic (default _schemas).")
    String topic;

    @Override
    public Map<String, String> call() throws IOException {
      Map<String, String> settings = new HashMap<>();
      if (bootstrapServers != null) {
        settings.put(BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      }
      if (topic != null) {
        settings.put(TOPIC_CONFIG, topic);
      }
      if (config != null) {
        Properties file = new Properties();
        try (InputStream in = Files.newInputStream(config)) {
          file.load(in);
        }
        file.forEach((k, v) -> settings.putIfAbsent(k.toString(), v.toString()));
      }
      if (host != null || port != null) {
        URI current = URI.create(settings.getOrDefault(LISTENERS_CONFIG, DEFAULT_LISTENER).split(",")[0].trim());
        settings.put(LISTENERS_CONFIG, "http://" + (host != null ? host : current.getHost()) + ":"
            + (port != null ? port : current.getPort()));
      }
      return settings;
    }
  }

  public static void main(String[] args) throws Exception {
    if (System.getProperty("log4j2.configurationFile") == null) {
      // INFO to the console for an operator; -Dlog4j2.configurationFile=... replaces it.
      System.setProperty("log4j2.configurationFile",
          String.valueOf(SchemaRegistryServer.class.getResource("registry-log4j2.xml")));
    }
    picocli.CommandLine commandLine = new picocli.CommandLine(new Flags());
    int exit = commandLine.execute(args);
    Map<String, String> config = commandLine.getExecutionResult();
    if (config == null) {
      System.exit(exit); // --help, --version, or a usage error picocli has reported
      return;
    }
    SchemaRegistryServer server = start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "schema-registry-shutdown"));
    System.out.println("Schema registry ready at " + server.url());
    stopped.await();
  }

  /** The settings a command line gives (for tests); a bad command line throws picocli's ParameterException. */
  static Map<String, String> parseArgs(String[] args) throws Exception {
    Flags flags = new Flags();
    new picocli.CommandLine(flags).parseArgs(args);
    return flags.call();
  }
}
