package io.strom.platform.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The few Kafka Connect REST calls the demo makes, as a user would make them with curl. */
public final class ConnectRest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;
  /** The {@code Authorization} header sent with every request; null: none. */
  private final String authorization;

  /** A client of the Connect REST API at {@code baseUrl}, e.g. http://connect:8083 (no trailing slash needed). */
  public ConnectRest(String baseUrl) {
    this(baseUrl, null);
  }

  /** As above, sending {@code authorization} (an HTTP Authorization header value; null: none). */
  ConnectRest(String baseUrl, String authorization) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.authorization = authorization;
  }

  /**
   * A client that logs in with HTTP basic auth as {@code user}, as a worker behind Kafka's
   * {@code BasicAuthSecurityRestExtension} asks (e.g. {@code ./strom demo --secure}).
   */
  public static ConnectRest withBasicAuth(String baseUrl, String user, String password) {
    return new ConnectRest(baseUrl, SecurityProfile.basic(user, password));
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** True once the worker has joined its group and serves its REST API. */
  boolean ready() {
    try {
      return send("GET", "/connectors", null).statusCode() == 200;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  /** True when {@code GET /} (the worker's version) answers 200 within {@code timeout}. */
  public boolean answersWithin(Duration timeout) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + "/")).timeout(timeout).GET();
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    HttpRequest request = builder.build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** {@code PUT /connectors/{name}/config}: creates the connector or updates its config. */
  public void putConnector(String name, ObjectNode config) {
    HttpResponse<String> response = send("PUT", "/connectors/" + encode(name) + "/config", config.toString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException("Connect refused connector " + name + ": HTTP "
          + response.statusCode() + " " + response.body());
    }
  }

  /** {@code GET /connectors/{name}/config}: the config as it was posted (provider references unresolved). */
  public ObjectNode connectorConfig(String name) {
    return (ObjectNode) get("/connectors/" + encode(name) + "/config");
  }

  /** {@code GET /connectors/{name}/status}: the connector's and its tasks' states. */
  public JsonNode status(String name) {
    return get("/connectors/" + encode(name) + "/status");
  }

  /** {@code GET /connectors?expand=status&expand=info}. */
  public JsonNode connectors() {
    return get("/connectors?expand=status&expand=info");
  }

  private JsonNode get(String path) {
    HttpResponse<String> response = send("GET", path, null);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path + ": not JSON", e);
    }
  }

  private HttpResponse<String> send(String method, String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + baseUrl + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String encode(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
