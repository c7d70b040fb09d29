package io.strom.avro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for the Confluent schema registry REST API (Confluent, Karapace, Apicurio's ccompat
 * API, Strom's own registry), covering what a serializer needs: register, look up, latest version
 * and schema by id. Every answer is cached, so a converter asks the registry once per schema, not
 * per record. Several URLs are tried in turn when one does not answer.
 */
public final class SchemaRegistryClient {

  private static final Logger log = LoggerFactory.getLogger(SchemaRegistryClient.class);
  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<URI> baseUrls;
  private final String authorization;
  private final long latestTtlMillis;
  private final HttpClient http;
  private final Duration requestTimeout = Duration.ofSeconds(30);

  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
  private final Map<String, CachedLatest> latestBySubject = new ConcurrentHashMap<>();

  private static final class CachedLatest {
    final RegisteredSchema schema;
    final long fetchedAtMillis;

    CachedLatest(RegisteredSchema schema, long fetchedAtMillis) {
      this.schema = schema;
      this.fetchedAtMillis = fetchedAtMillis;
    }
  }

  /**
   * @param urls registry base URLs; user info in a URL ({@code http://user:pw@host}) is removed
   *     from it (pass it as {@code userInfo} to use it)
   * @param userInfo {@code user:password} for HTTP basic auth, or null
   * @param latestTtlMillis how long a latest version stays cached; negative means forever
   */
  public SchemaRegistryClient(List<String> urls, String userInfo, long latestTtlMillis) {
    this(urls, userInfo, latestTtlMillis, null);
  }

  /** As above, trusting an https:// registry by {@code sslContext} (null: the JDK's defaults). */
  public SchemaRegistryClient(List<String> urls, String userInfo, long latestTtlMillis, SSLContext sslContext) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("at least one schema registry URL is needed");
    }
    this.baseUrls = new ArrayList<>();
    for (String url : urls) {
      baseUrls.add(withoutUserInfo(url));
    }
    this.authorization = userInfo == null || userInfo.isEmpty() ? null
        : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    this.latestTtlMillis = latestTtlMillis;
    HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (sslContext != null) {
      http.sslContext(sslContext);
    }
    this.http = http.build();
  }

  /** The user info of a URL ({@code user:password} in {@code http://user:password@host}), or null. */
  public static String userInfoOf(String url) {
    try {
      String userInfo = new URI(url.trim()).getRawUserInfo();
      return userInfo == null ? null : URLDecoder.decode(userInfo, StandardCharsets.UTF_8);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + url, e);
    }
  }

  private static URI withoutUserInfo(String url) {
    try {
      URI uri = new URI(url.trim());
      String base = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
      return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + url, e);
    }
  }

  /** Registers {@code schema} under {@code subject} (or finds it registered) and returns its id. */
  public int register(String subject, Schema schema) {
    Map<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer cached = ids.get(schema);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
    int id = answer.path("id").asInt();
    ids.put(schema, id);
    schemasById.putIfAbsent(id, schema);
    log.info("Registered schema {} under subject {} with id {}", schema.getFullName(), subject, id);
    return id;
  }

  /** The id of {@code schema}, which must already be registered under {@code subject}. */
  public int lookUpId(String subject, Schema schema) {
    Map<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer cached = ids.get(schema);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = send("POST", "/subjects/" + encode(subject) + "?deleted=false", schemaBody(schema));
    int id = answer.path("id").asInt();
    ids.put(schema, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  /** The latest version of {@code subject}, cached for the configured time. */
  public RegisteredSchema latest(String subject) {
    CachedLatest cached = latestBySubject.get(subject);
    long now = System.currentTimeMillis();
    if (cached != null && (latestTtlMillis < 0 || now - cached.fetchedAtMillis < latestTtlMillis)) {
      return cached.schema;
    }
    JsonNode answer = send("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
    int id = answer.path("id").asInt();
    Schema schema = schemasById.computeIfAbsent(id, i -> parse(answer.path("schema").asText()));
    RegisteredSchema latest = new RegisteredSchema(subject, id, answer.path("version").asInt(), schema);
    latestBySubject.put(subject, new CachedLatest(latest, now));
    return latest;
  }

  /** The schema with this id. */
  public Schema schemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = send("GET", "/schemas/ids/" + id, null);
    String type = answer.path("schemaType").asText("AVRO");
    if (!"AVRO".equals(type)) {
      throw new SchemaRegistryException(200, 0, "schema " + id + " is a " + type + " schema, not Avro", null);
    }
    Schema schema = parse(answer.path("schema").asText());
    schemasById.put(id, schema);
    return schema;
  }

  private static Schema parse(String text) {
    return new Schema.Parser().parse(text);
  }

  private static String schemaBody(Schema schema) {
    ObjectNode body = JSON.createObjectNode();
    body.put("schema", schema.toString());
    return body.toString();
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonNode send(String method, String path, String body) {
    SchemaRegistryException last = null;
    for (URI base : baseUrls) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
          .timeout(requestTimeout)
          .header("Accept", ACCEPT)
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      if (body != null) {
        request.header("Content-Type", CONTENT_TYPE);
      }
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        last = new SchemaRegistryException(0, 0, "schema registry " + base + " did not answer " + method + " "
            + path + ": " + e, e);
        log.warn("{}", last.getMessage());
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException(0, 0, "interrupted while calling the schema registry", e);
      }
      if (response.statusCode() / 100 == 2) {
        try {
          return JSON.readTree(response.body());
        } catch (IOException e) {
          throw new SchemaRegistryException(response.statusCode(), 0,
              "schema registry " + base + " answered " + method + " " + path + " with a body that is not JSON", e);
        }
      }
      last = error(base, method, path, response);
      if (!last.isTransient()) {
        throw last;
      }
    }
    throw last;
  }

  private static SchemaRegistryException error(URI base, String method, String path, HttpResponse<String> response) {
    int errorCode = response.statusCode();
    String message = response.body();
    try {
      JsonNode error = JSON.readTree(response.body());
      errorCode = error.path("error_code").asInt(errorCode);
      message = error.path("message").asText(message);
    } catch (IOException notJson) {
      // keep the raw body as the message
    }
    return new SchemaRegistryException(response.statusCode(), errorCode,
        "schema registry " + base + " answered " + method + " " + path + " with HTTP " + response.statusCode()
            + ", error code " + errorCode + ": " + message, null);
  }
}
