package io.strom.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confluent's schema registry REST API over a {@link SchemaStore}: the same paths, bodies,
 * status codes, error codes and content types, so serializers, converters and tooling written
 * for Confluent's registry work unchanged. Avro only (no schema references).
 */
final class RestApi implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(RestApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String V1_JSON = "application/vnd.schemaregistry.v1+json";
  static final String GENERIC_JSON = "application/vnd.schemaregistry+json";
  static final String JSON_TYPE = "application/json";
  private static final List<String> REQUEST_TYPES = List.of(V1_JSON, GENERIC_JSON, JSON_TYPE, "application/octet-stream");

  private final SchemaStore store;

  RestApi(SchemaStore store) {
    this.store = store;
  }

  /** One request: method, decoded path segments, query parameters and body. */
  private static final class Request {
    final String method;
    final List<String> path;
    final Map<String, String> query;
    final HttpExchange exchange;

    Request(HttpExchange exchange) {
      this.exchange = exchange;
      this.method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      this.path = new ArrayList<>();
      for (String segment : exchange.getRequestURI().getRawPath().split("/")) {
        if (!segment.isEmpty()) {
          path.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
      }
      this.query = new HashMap<>();
      String raw = exchange.getRequestURI().getRawQuery();
      if (raw != null) {
        for (String pair : raw.split("&")) {
          int eq = pair.indexOf('=');
          String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
          String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
          query.put(name, value);
        }
      }
    }

    boolean flag(String name) {
      return "true".equalsIgnoreCase(query.get(name));
    }

    boolean is(String expectedMethod, String... pattern) {
      if (!method.equals(expectedMethod) || path.size() != pattern.length) {
        return false;
      }
      for (int i = 0; i < pattern.length; i++) {
        if (!pattern[i].equals("*") && !pattern[i].equals(path.get(i))) {
          return false;
        }
      }
      return true;
    }

    boolean matchesPath(String... pattern) {
      if (path.size() != pattern.length) {
        return false;
      }
      for (int i = 0; i < pattern.length; i++) {
        if (!pattern[i].equals("*") && !pattern[i].equals(path.get(i))) {
          return false;
        }
      }
      return true;
    }

    JsonNode body() {
      try (InputStream in = exchange.getRequestBody()) {
        byte[] bytes = in.readAllBytes();
        JsonNode node = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        if (!node.isObject()) {
          throw new RegistryException(400, 400, "The request body must be a JSON object");
        }
        return node;
      } catch (JsonProcessingException e) {
        throw new RegistryException(400, 400, "Malformed JSON in the request body: " + e.getOriginalMessage());
      } catch (IOException e) {
        throw new RegistryException(400, 400, "Cannot read the request body: " + e.getMessage());
      }
    }
  }

  /** Paths the API knows, for telling 405 (wrong method) from 404 (no such resource). */
  private static final String[][] KNOWN_PATHS = {
      {}, {"schemas", "types"}, {"schemas", "ids", "*"}, {"schemas", "ids", "*", "schema"},
      {"schemas", "ids", "*", "subjects"}, {"schemas", "ids", "*", "versions"}, {"subjects"}, {"subjects", "*"},
      {"subjects", "*", "versions"}, {"subjects", "*", "versions", "*"}, {"subjects", "*", "versions", "*", "schema"},
      {"subjects", "*", "versions", "*", "referencedby"}, {"config"}, {"config", "*"}, {"mode"},
      {"compatibility", "subjects", "*", "versions"}, {"compatibility", "subjects", "*", "versions", "*"},
  };

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      String responseType;
      Object answer;
      try {
        responseType = negotiate(exchange.getRequestHeaders().getFirst("Accept"));
        Request request = new Request(exchange);
        checkContentType(request);
        answer = route(request);
      } catch (RegistryException e) {
        if (e.status() >= 500) {
          log.error("{} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage(), e);
        }
        respond(exchange, e.status(), V1_JSON, error(e.errorCode(), e.getMessage()));
        return;
      } catch (RuntimeException e) {
        log.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        respond(exchange, 500, V1_JSON, error(50001, "Error in the backend data store: " + e));
        return;
      }
      if (answer instanceof RawSchema) {
        respond(exchange, 200, responseType, ((RawSchema) answer).text);
      } else {
        respond(exchange, 200, responseType, JSON.writeValueAsString(answer));
      }
    } finally {
      exchange.close();
    }
  }

  /** The body of GET .../schema endpoints: the schema itself, not wrapped in JSON. */
  private static final class RawSchema {
    final String text;

    RawSchema(String text) {
      this.text = text;
    }
  }

  private Object route(Request r) {
    if (r.is("GET")) {
      return JSON.createObjectNode();
    }
    if (r.is("GET", "schemas", "types")) {
      return List.of("AVRO");
    }
    if (r.path.size() >= 3 && r.path.get(0).equals("schemas") && r.path.get(1).equals("ids")) {
      return schemasById(r, parseId(r.path.get(2)));
    }
    if (r.is("GET", "subjects")) {
      return store.subjects(r.flag("deleted"));
    }
    if (r.path.size() >= 2 && r.path.get(0).equals("subjects")) {
      return subjects(r, r.path.get(1));
    }
    if (r.path.size() >= 1 && r.path.get(0).equals("config")) {
      return config(r);
    }
    if (r.is("GET", "mode")) {
      return JSON.createObjectNode().put("mode", "READWRITE");
    }
    if (r.is("POST", "compatibility", "subjects", "*", "versions")) {
      return compatibility(r, r.path.get(2), null);
    }
    if (r.is("POST", "compatibility", "subjects", "*", "versions", "*")) {
      return compatibility(r, r.path.get(2), r.path.get(4));
    }
    throw notFoundOrNotAllowed(r);
  }

  private Object schemasById(Request r, int id) {
    if (r.is("GET", "schemas", "ids", "*")) {
      String schema = withCatchUp(() -> store.schemaById(id));
      return JSON.createObjectNode().put("schema", schema);
    }
    if (r.is("GET", "schemas", "ids", "*", "schema")) {
      return new RawSchema(withCatchUp(() -> store.schemaById(id)));
    }
    if (r.is("GET", "schemas", "ids", "*", "subjects")) {
      List<String> subjects = new ArrayList<>();
      for (SchemaStore.SubjectVersion use : withCatchUp(() -> store.versionsOfId(id, r.flag("deleted")))) {
        if (!subjects.contains(use.subject)) {
          subjects.add(use.subject);
        }
      }
      return subjects;
    }
    if (r.is("GET", "schemas", "ids", "*", "versions")) {
      ArrayNode versions = JSON.createArrayNode();
      for (SchemaStore.SubjectVersion use : withCatchUp(() -> store.versionsOfId(id, r.flag("deleted")))) {
        versions.addObject().put("subject", use.subject).put("version", use.version);
      }
      return versions;
    }
    throw notFoundOrNotAllowed(r);
  }

  private Object subjects(Request r, String subject) {
    if (r.is("POST", "subjects", "*")) {
      Schema schema = schemaFrom(r.body());
      return versionJson(lookUpAfterCatchUp(subject, schema, r.flag("deleted")));
    }
    if (r.is("DELETE", "subjects", "*")) {
      return store.deleteSubject(subject, r.flag("permanent"));
    }
    if (r.is("GET", "subjects", "*", "versions")) {
      return withCatchUp(() -> store.versions(subject, r.flag("deleted")));
    }
    if (r.is("POST", "subjects", "*", "versions")) {
      Schema schema = schemaFrom(r.body());
      return JSON.createObjectNode().put("id", store.register(subject, schema));
    }
    if (r.is("GET", "subjects", "*", "versions", "*")) {
      SchemaStore.parseVersion(r.path.get(3));
      return versionJson(withCatchUp(() -> store.version(subject, r.path.get(3), r.flag("deleted"))));
    }
    if (r.is("GET", "subjects", "*", "versions", "*", "schema")) {
      SchemaStore.parseVersion(r.path.get(3));
      return new RawSchema(withCatchUp(() -> store.version(subject, r.path.get(3), r.flag("deleted"))).schema);
    }
    if (r.is("GET", "subjects", "*", "versions", "*", "referencedby")) {
      withCatchUp(() -> store.version(subject, r.path.get(3), r.flag("deleted")));
      return List.of();
    }
    if (r.is("DELETE", "subjects", "*", "versions", "*")) {
      SchemaStore.parseVersion(r.path.get(3));
      return store.deleteVersion(subject, r.path.get(3), r.flag("permanent"));
    }
    throw notFoundOrNotAllowed(r);
  }

  private Object config(Request r) {
    if (r.is("GET", "config")) {
      return JSON.createObjectNode().put("compatibilityLevel", store.globalLevel().name());
    }
    if (r.is("PUT", "config")) {
      CompatibilityLevel level = levelFrom(r.body());
      store.setLevel(null, level);
      return JSON.createObjectNode().put("compatibility", level.name());
    }
    if (r.is("DELETE", "config")) {
      CompatibilityLevel previous = store.setLevel(null, null);
      return JSON.createObjectNode().put("compatibilityLevel", previous.name());
    }
    String subject = r.path.size() == 2 ? r.path.get(1) : null;
    if (r.is("GET", "config", "*")) {
      CompatibilityLevel level = withCatchUpOrNull(() -> store.subjectLevel(subject));
      if (level == null && r.flag("defaultToGlobal")) {
        level = store.globalLevel();
      }
      if (level == null) {
        throw RegistryException.subjectCompatibilityNotConfigured(subject);
      }
      return JSON.createObjectNode().put("compatibilityLevel", level.name());
    }
    if (r.is("PUT", "config", "*")) {
      CompatibilityLevel level = levelFrom(r.body());
      store.setLevel(subject, level);
      return JSON.createObjectNode().put("compatibility", level.name());
    }
    if (r.is("DELETE", "config", "*")) {
      store.catchUp();
      if (store.subjectLevel(subject) == null) {
        if (!store.allSubjects().contains(subject)) {
          throw RegistryException.subjectNotFound(subject);
        }
        throw RegistryException.subjectCompatibilityNotConfigured(subject);
      }
      CompatibilityLevel previous = store.setLevel(subject, null);
      return JSON.createObjectNode().put("compatibilityLevel", previous.name());
    }
    throw notFoundOrNotAllowed(r);
  }

  private Object compatibility(Request r, String subject, String version) {
    Schema schema = schemaFrom(r.body());
    if (version != null) {
      SchemaStore.parseVersion(version);
    }
    store.catchUp();
    List<String> problems = store.compatibilityProblems(subject, version, schema);
    ObjectNode answer = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
    if (r.flag("verbose")) {
      ArrayNode messages = answer.putArray("messages");
      problems.forEach(messages::add);
    }
    return answer;
  }

  /**
   * A lookup that misses may be a write another instance made a moment ago: catch up and look again.
   * Ids too: a deserializer asks any instance for the id a producer just got from another one.
   */
  private SchemaStore.SubjectVersion lookUpAfterCatchUp(String subject, Schema schema, boolean deleted) {
    return withCatchUp(() -> store.lookUp(subject, schema, deleted));
  }

  private interface Lookup<T> {
    T get();
  }

  private <T> T withCatchUp(Lookup<T> lookup) {
    try {
      return lookup.get();
    } catch (RegistryException e) {
      if (e.status() != 404) {
        throw e;
      }
      store.catchUp();
      return lookup.get();
    }
  }

  private <T> T withCatchUpOrNull(Lookup<T> lookup) {
    T value = lookup.get();
    if (value == null) {
      store.catchUp();
      value = lookup.get();
    }
    return value;
  }

  private static ObjectNode versionJson(SchemaStore.SubjectVersion version) {
    return JSON.createObjectNode()
        .put("subject", version.subject)
        .put("version", version.version)
        .put("id", version.id)
        .put("schema", version.schema);
  }

  private static Schema schemaFrom(JsonNode body) {
    String type = body.path("schemaType").asText("AVRO");
    if (!"AVRO".equalsIgnoreCase(type)) {
      throw RegistryException.invalidSchema("schema type " + type + " is not supported; this registry stores AVRO");
    }
    if (body.path("references").isArray() && body.path("references").size() > 0) {
      throw RegistryException.invalidSchema("schema references are not supported");
    }
    JsonNode schema = body.get("schema");
    if (schema == null || !schema.isTextual()) {
      throw RegistryException.invalidSchema("the request has no \"schema\" string");
    }
    return SchemaStore.parse(schema.asText());
  }

  private static CompatibilityLevel levelFrom(JsonNode body) {
    JsonNode level = body.get("compatibility");
    if (level == null) {
      level = body.get("compatibilityLevel");
    }
    return CompatibilityLevel.parse(level == null || !level.isTextual() ? null : level.asText());
  }

  private static int parseId(String id) {
    try {
      return Integer.parseInt(id);
    } catch (NumberFormatException e) {
      throw new RegistryException(404, 40403, "Schema " + id + " not found");
    }
  }

  private static RegistryException notFoundOrNotAllowed(Request r) {
    for (String[] known : KNOWN_PATHS) {
      if (r.matchesPath(known)) {
        return new RegistryException(405, 405, "HTTP 405 Method Not Allowed");
      }
    }
    return new RegistryException(404, 404, "HTTP 404 Not Found");
  }

  // ---------------------------------------------------------------- content types

  /** The response type for an Accept header; 406 when it accepts nothing this API writes. */
  static String negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return V1_JSON;
    }
    String best = null;
    double bestQuality = -1;
    for (String part : accept.split(",")) {
      String[] params = part.trim().split(";");
      String type = params[0].trim().toLowerCase(Locale.ROOT);
      double quality = 1;
      for (int i = 1; i < params.length; i++) {
        String param = params[i].trim();
        if (param.startsWith("q=")) {
          try {
            quality = Double.parseDouble(param.substring(2));
          } catch (NumberFormatException ignored) {
            quality = 0;
          }
        }
      }
      String offered = switch (type) {
        case V1_JSON, "*/*", "application/*" -> V1_JSON;
        case GENERIC_JSON -> GENERIC_JSON;
        case JSON_TYPE -> JSON_TYPE;
        default -> null;
      };
      if (offered != null && quality > 0 && quality > bestQuality) {
        best = offered;
        bestQuality = quality;
      }
    }
    if (best == null) {
      throw new RegistryException(406, 406, "HTTP 406 Not Acceptable");
    }
    return best;
  }

  private static void checkContentType(Request request) {
    if (!request.method.equals("POST") && !request.method.equals("PUT")) {
      return;
    }
    String contentType = request.exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null) {
      return;
    }
    String type = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (!REQUEST_TYPES.contains(type)) {
      throw new RegistryException(415, 415, "HTTP 415 Unsupported Media Type");
    }
  }

  private static String error(int code, String message) {
    return JSON.createObjectNode().put("error_code", code).put("message", message).toString();
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
