package io.strom.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * What the tests of docker-compose.yml share: the file as compose reads it, its scripts as the
 * containers run them, and a stand-in for Connect's REST API that records what the scripts send.
 */
final class ComposeScripts {

  static final Path COMPOSE = Path.of("..", "docker-compose.yml");
  static final Path CONFIG = Path.of("..", "config");
  // jackson-dataformat-yaml comes with kafka_2.13 (runtime scope, so on the test class path).
  static final JsonNode COMPOSE_FILE = readCompose();

  private ComposeScripts() {}

  record Run(int exitCode, String output) {}

  record Request(String method, String path, String contentType, String authorization, String body) {}

  /** Runs {@code command} with {@code env} added to this JVM's environment; its output lands in {@code tmp}. */
  static Run run(Path tmp, List<String> command, Map<String, String> env) throws Exception {
    File output = tmp.resolve("output-" + System.nanoTime() + ".txt").toFile();
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output);
    builder.environment().putAll(env);
    Process process = builder.start();
    boolean exited = process.waitFor(120, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    String text = Files.readString(output.toPath());
    assertThat(exited).as("%s ended within 120 s: %s", command.get(0), text).isTrue();
    return new Run(process.exitValue(), text);
  }

  /**
   * A value as the container gets it: compose turns {@code $$} into {@code $} and would replace a
   * lone {@code $NAME} with the host's variable, so there must be none.
   */
  static String asComposeRunsIt(String value) {
    assertThat(value.replace("$$", "")).as("a lone $ in docker-compose.yml is interpolated: write $$").doesNotContain("$");
    return value.replace("$$", "$");
  }

  static JsonNode service(String name) {
    JsonNode service = COMPOSE_FILE.path("services").path(name);
    assertThat(service.isObject()).as("service %s in docker-compose.yml", name).isTrue();
    return service;
  }

  static boolean onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }

  private static JsonNode readCompose() {
    try {
      return new YAMLMapper().readTree(COMPOSE.toFile());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + COMPOSE, e);
    }
  }

  /**
   * Connect's REST API as far as the scripts use it: every request is recorded and answered with
   * the status the test picks from the request and how many requests to its path came before.
   */
  static final class FakeConnect implements AutoCloseable {
    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();

    FakeConnect(BiFunction<Request, Integer, Integer> status) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", exchange -> answer(exchange, status));
      server.start();
    }

    private void answer(HttpExchange exchange, BiFunction<Request, Integer, Integer> status) throws IOException {
      Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestHeaders().getFirst("Authorization"),
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      int code;
      synchronized (requests) {
        code = status.apply(request, requestsTo(request.path()).size());
        requests.add(request);
      }
      byte[] body = ("{\"error_code\":" + code + ",\"message\":\"answered by the test\"}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(code, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    }

    int port() {
      return server.getAddress().getPort();
    }

    List<Request> requests() {
      synchronized (requests) {
        return List.copyOf(requests);
      }
    }

    List<Request> requestsTo(String path) {
      synchronized (requests) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
