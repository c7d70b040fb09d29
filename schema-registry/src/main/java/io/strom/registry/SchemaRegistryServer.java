package io.strom.registry;

import com.sun.net.httpserver.HttpServer;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  public static SchemaRegistryServer start(Map<String, String> config) {
    String bootstrap = config.get(BOOTSTRAP_SERVERS_CONFIG);
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException(BOOTSTRAP_SERVERS_CONFIG + " is required");
    }
    URI listener = URI.create(config.getOrDefault(LISTENERS_CONFIG, DEFAULT_LISTENER).split(",")[0].trim());
    if (!"http".equals(listener.getScheme())) {
      throw new IllegalArgumentException(LISTENERS_CONFIG + " must be an http:// URL, not " + listener);
    }
    String replication = config.get(REPLICATION_FACTOR_CONFIG);
    Map<String, Object> clientProps = new HashMap<>();
    config.forEach((key, value) -> {
      if (key.startsWith(CLIENT_PREFIX)) {
        clientProps.put(key.substring(CLIENT_PREFIX.length()), value);
      }
    });
    SchemaStore store = new SchemaStore(bootstrap, config.getOrDefault(TOPIC_CONFIG, DEFAULT_TOPIC),
        replication == null ? Optional.empty() : Optional.of(Short.parseShort(replication)),
        CompatibilityLevel.parse(config.getOrDefault(COMPATIBILITY_LEVEL_CONFIG, "backward")), clientProps);
    ExecutorService executor = Executors.newFixedThreadPool(8, runnable -> {
      Thread thread = new Thread(runnable, "schema-registry-http");
      thread.setDaemon(true);
      return thread;
    });
    try {
      HttpServer http = HttpServer.create(new InetSocketAddress(listener.getHost(), Math.max(listener.getPort(), 0)), 0);
      http.createContext("/", new RestApi(store));
      http.setExecutor(executor);
      http.start();
      SchemaRegistryServer server = new SchemaRegistryServer(store, http, executor);
      log().info("Schema registry listening on {}", server.url());
      return server;
    } catch (IOException e) {
      store.close();
      executor.shutdownNow();
      throw new UncheckedIOException("cannot listen on " + listener, e);
    }
  }

  /** The base URL clients use, e.g. {@code http://127.0.0.1:8081}. */
  public String url() {
    InetSocketAddress address = http.getAddress();
    String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getHostString();
    return "http://" + host + ":" + address.getPort();
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

  /**
   * {@code SchemaRegistryServer [--port N] [--host H] [--bootstrap-servers HOST:PORT] [--topic T]
   * [--config FILE.properties]}: the flags override the file's settings.
   */
  public static void main(String[] args) throws Exception {
    if (System.getProperty("log4j2.configurationFile") == null) {
      // INFO to the console for an operator; -Dlog4j2.configurationFile=... replaces it.
      System.setProperty("log4j2.configurationFile",
          String.valueOf(SchemaRegistryServer.class.getResource("registry-log4j2.xml")));
    }
    Map<String, String> config;
    try {
      config = parseArgs(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: SchemaRegistryServer [--port N] [--host H] [--bootstrap-servers HOST:PORT] "
          + "[--topic _schemas] [--config registry.properties]");
      System.exit(2);
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

  static Map<String, String> parseArgs(String[] args) throws IOException {
    Map<String, String> config = new HashMap<>();
    String host = null;
    String port = null;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + flag);
      }
      String value = args[++i];
      switch (flag) {
        case "--config": {
          Properties file = new Properties();
          try (InputStream in = Files.newInputStream(Path.of(value))) {
            file.load(in);
          }
          file.forEach((k, v) -> config.putIfAbsent(k.toString(), v.toString()));
          break;
        }
        case "--port":
          port = value;
          break;
        case "--host":
          host = value;
          break;
        case "--bootstrap-servers":
          config.put(BOOTSTRAP_SERVERS_CONFIG, value);
          break;
        case "--topic":
          config.put(TOPIC_CONFIG, value);
          break;
        default:
          throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    if (host != null || port != null) {
      URI current = URI.create(config.getOrDefault(LISTENERS_CONFIG, DEFAULT_LISTENER).split(",")[0].trim());
      config.put(LISTENERS_CONFIG, "http://" + (host != null ? host : current.getHost()) + ":"
          + (port != null ? port : current.getPort()));
    }
    return config;
  }
}
