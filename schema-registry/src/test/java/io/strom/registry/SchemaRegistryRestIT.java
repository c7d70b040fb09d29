package io.strom.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Confluent's REST API reference, request by request, against a running registry on a real
 * broker: status codes, bodies, error codes, content types, compatibility levels, soft and hard
 * deletes, and two instances on one topic (agreement, concurrent writes, restart keeps ids).
 */
@Timeout(180)
class SchemaRegistryRestIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String V1 = "application/vnd.schemaregistry.v1+json";

  private static EmbeddedKafkaCluster kafka;
  private static SchemaRegistryServer registry;

  @BeforeAll
  static void start() {
    kafka = new EmbeddedKafkaCluster(1, new Properties());
    kafka.start();
    registry = startRegistry("_schemas");
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.stop();
    }
  }

  private static SchemaRegistryServer startRegistry(String topic) {
    return SchemaRegistryServer.start(Map.of(
        SchemaRegistryServer.LISTENERS_CONFIG, "http://127.0.0.1:0",
        SchemaRegistryServer.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        SchemaRegistryServer.TOPIC_CONFIG, topic));
  }

  // ---------------------------------------------------------------- helpers

  private record Answer(int status, String contentType, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    int errorCode() {
      return json().path("error_code").asInt();
    }
  }

  private static Answer call(SchemaRegistryServer server, String method, String path, String body, String contentType,
      String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (accept != null) {
      request.header("Accept", accept);
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
  }

  private static Answer get(String path) throws Exception {
    return call(registry, "GET", path, null, null, V1);
  }

  private static Answer post(String path, String body) throws Exception {
    return call(registry, "POST", path, body, V1, V1);
  }

  private static Answer put(String path, String body) throws Exception {
    return call(registry, "PUT", path, body, V1, V1);
  }

  private static Answer delete(String path) throws Exception {
    return call(registry, "DELETE", path, null, null, V1);
  }

  /** A request body {"schema": "..."} for a record named R with the given fields JSON. */
  private static String schemaBody(String name, String fieldsJson) throws Exception {
    String schema = "{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[" + fieldsJson + "]}";
    return JSON.createObjectNode().put("schema", schema).toString();
  }

  private static int register(SchemaRegistryServer server, String subject, String body) throws Exception {
    Answer answer = call(server, "POST", "/subjects/" + subject + "/versions", body, V1, V1);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json().path("id").asInt();
  }

  // ---------------------------------------------------------------- tests

  @Test
  void registersAndReadsSchemasAsConfluentDoes() throws Exception {
    assertThat(get("/").status()).isEqualTo(200);
    assertThat(get("/schemas/types").json().toString()).isEqualTo("[\"AVRO\"]");

    String v1 = schemaBody("Order", "{\"name\":\"id\",\"type\":\"long\"}");
    Answer registered = post("/subjects/orders-value/versions", v1);
    assertThat(registered.status()).isEqualTo(200);
    assertThat(registered.contentType()).isEqualTo(V1);
    int id1 = registered.json().path("id").asInt();
    assertThat(registered.json().size()).isEqualTo(1);
    assertThat(id1).isPositive();

    // The same schema again (even formatted differently): same id, no new version.
    String v1Spaced = JSON.createObjectNode().put("schema",
        "{ \"type\": \"record\", \"name\": \"Order\", \"fields\": [ {\"name\": \"id\", \"type\": \"long\"} ] }").toString();
    assertThat(post("/subjects/orders-value/versions", v1Spaced).json().path("id").asInt()).isEqualTo(id1);
    assertThat(get("/subjects/orders-value/versions").json().toString()).isEqualTo("[1]");

    // The same schema under another subject keeps its id.
    assertThat(post("/subjects/audit-value/versions", v1).json().path("id").asInt()).isEqualTo(id1);

    String canonical = "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";
    JsonNode version1 = get("/subjects/orders-value/versions/1").json();
    assertThat(version1.path("subject").asText()).isEqualTo("orders-value");
    assertThat(version1.path("version").asInt()).isEqualTo(1);
    assertThat(version1.path("id").asInt()).isEqualTo(id1);
    assertThat(version1.path("schema").asText()).isEqualTo(canonical);
    assertThat(get("/subjects/orders-value/versions/1/schema").body()).isEqualTo(canonical);
    assertThat(get("/schemas/ids/" + id1).json().path("schema").asText()).isEqualTo(canonical);
    assertThat(get("/schemas/ids/" + id1 + "/schema").body()).isEqualTo(canonical);
    assertThat(get("/schemas/ids/" + id1 + "/subjects").json().toString()).isEqualTo("[\"audit-value\",\"orders-value\"]");
    assertThat(get("/schemas/ids/" + id1 + "/versions").json().toString())
        .isEqualTo("[{\"subject\":\"audit-value\",\"version\":1},{\"subject\":\"orders-value\",\"version\":1}]");

    // A compatible evolution (new field with a default) becomes version 2 with a new id.
    String v2 = schemaBody("Order", "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"note\",\"type\":\"string\",\"default\":\"\"}");
    int id2 = post("/subjects/orders-value/versions", v2).json().path("id").asInt();
    assertThat(id2).isGreaterThan(id1);
    assertThat(get("/subjects/orders-value/versions").json().toString()).isEqualTo("[1,2]");
    assertThat(get("/subjects/orders-value/versions/latest").json().path("version").asInt()).isEqualTo(2);
    assertThat(get("/subjects/orders-value/versions/-1").json().path("id").asInt()).isEqualTo(id2);
    assertThat(get("/subjects").json().toString()).contains("\"orders-value\"", "\"audit-value\"");

    // Lookup: which version of the subject is this schema?
    JsonNode found = post("/subjects/orders-value", v1).json();
    assertThat(found.path("version").asInt()).isEqualTo(1);
    assertThat(found.path("id").asInt()).isEqualTo(id1);
    assertThat(found.path("subject").asText()).isEqualTo("orders-value");

    // Errors, with Confluent's codes.
    String other = schemaBody("Other", "{\"name\":\"x\",\"type\":\"int\"}");
    Answer notInSubject = post("/subjects/orders-value", other);
    assertThat(notInSubject.status()).isEqualTo(404);
    assertThat(notInSubject.errorCode()).isEqualTo(40403);
    assertThat(post("/subjects/nope", v1).errorCode()).isEqualTo(40401);
    Answer noSubject = get("/subjects/nope/versions");
    assertThat(noSubject.status()).isEqualTo(404);
    assertThat(noSubject.errorCode()).isEqualTo(40401);
    assertThat(noSubject.json().path("message").asText()).isEqualTo("Subject 'nope' not found.");
    Answer noVersion = get("/subjects/orders-value/versions/99");
    assertThat(noVersion.status()).isEqualTo(404);
    assertThat(noVersion.errorCode()).isEqualTo(40402);
    for (String bad : List.of("abc", "0", "-2")) {
      Answer invalid = get("/subjects/orders-value/versions/" + bad);
      assertThat(invalid.status()).isEqualTo(422);
      assertThat(invalid.errorCode()).isEqualTo(42202);
    }
    Answer noId = get("/schemas/ids/99999");
    assertThat(noId.status()).isEqualTo(404);
    assertThat(noId.errorCode()).isEqualTo(40403);
    Answer invalidSchema = post("/subjects/orders-value/versions", "{\"schema\":\"{\\\"type\\\":\\\"recrod\\\"}\"}");
    assertThat(invalidSchema.status()).isEqualTo(422);
    assertThat(invalidSchema.errorCode()).isEqualTo(42201);
    Answer protobuf = post("/subjects/orders-value/versions", "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");
    assertThat(protobuf.errorCode()).isEqualTo(42201);
    Answer malformed = post("/subjects/orders-value/versions", "{not json");
    assertThat(malformed.status()).isEqualTo(400);

    // Incompatible under the default BACKWARD: a new field without a default.
    String incompatible = schemaBody("Order", "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"qty\",\"type\":\"int\"}");
    Answer conflict = post("/subjects/orders-value/versions", incompatible);
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.errorCode()).isEqualTo(409);
    assertThat(conflict.json().path("message").asText())
        .contains("Schema being registered is incompatible with an earlier schema for subject \"orders-value\"")
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("qty");
    assertThat(get("/subjects/orders-value/versions").json().toString()).isEqualTo("[1,2]");
  }

  @Test
  void globalAndSubjectCompatibilityConfig() throws Exception {
    assertThat(get("/config").json().toString()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
    Answer set = put("/config", "{\"compatibility\":\"FULL\"}");
    assertThat(set.status()).isEqualTo(200);
    assertThat(set.json().toString()).isEqualTo("{\"compatibility\":\"FULL\"}");
    assertThat(get("/config").json().path("compatibilityLevel").asText()).isEqualTo("FULL");
    Answer invalid = put("/config", "{\"compatibility\":\"SIDEWAYS\"}");
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.errorCode()).isEqualTo(42203);

    register(registry, "cfg-value", schemaBody("Cfg", "{\"name\":\"a\",\"type\":\"int\"}"));
    Answer none = get("/config/cfg-value");
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.errorCode()).isEqualTo(40408);
    assertThat(get("/config/cfg-value?defaultToGlobal=true").json().path("compatibilityLevel").asText()).isEqualTo("FULL");

    String addsRequiredField = schemaBody("Cfg", "{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"int\"}");
    assertThat(post("/subjects/cfg-value/versions", addsRequiredField).status()).isEqualTo(409);
    assertThat(put("/config/cfg-value", "{\"compatibility\":\"NONE\"}").json().path("compatibility").asText())
        .isEqualTo("NONE");
    assertThat(get("/config/cfg-value").json().path("compatibilityLevel").asText()).isEqualTo("NONE");
    assertThat(post("/subjects/cfg-value/versions", addsRequiredField).status()).isEqualTo(200);

    assertThat(delete("/config/cfg-value").json().path("compatibilityLevel").asText()).isEqualTo("NONE");
    assertThat(get("/config/cfg-value").errorCode()).isEqualTo(40408);
    assertThat(delete("/config/cfg-value").errorCode()).isEqualTo(40408);
    assertThat(delete("/config/never-seen").errorCode()).isEqualTo(40401);
    assertThat(delete("/config").json().path("compatibilityLevel").asText()).isEqualTo("FULL");
    assertThat(get("/config").json().path("compatibilityLevel").asText()).isEqualTo("BACKWARD");
  }

  @Test
  void everyCompatibilityLevel() throws Exception {
    // History: v1 {f: int}, v2 {} (registered under NONE). Candidates differ in which versions they fit.
    String subject = "levels-value";
    put("/config/" + subject, "{\"compatibility\":\"NONE\"}");
    register(registry, subject, schemaBody("R", "{\"name\":\"f\",\"type\":\"int\"}"));
    register(registry, subject, schemaBody("R", ""));
    String withDefault = schemaBody("R", "{\"name\":\"g\",\"type\":\"int\",\"default\":0}");
    String required = schemaBody("R", "{\"name\":\"g\",\"type\":\"int\"}");
    String retyped = schemaBody("R", "{\"name\":\"f\",\"type\":\"string\",\"default\":\"\"}");
    Map<String, boolean[]> expected = Map.of(
        // level:             withDefault, required, retyped
        "NONE", new boolean[] {true, true, true},
        "BACKWARD", new boolean[] {true, false, true},
        "BACKWARD_TRANSITIVE", new boolean[] {true, false, false},
        "FORWARD", new boolean[] {true, true, true},
        "FORWARD_TRANSITIVE", new boolean[] {false, false, false},
        "FULL", new boolean[] {true, false, true},
        "FULL_TRANSITIVE", new boolean[] {false, false, false});
    List<String> candidates = List.of(withDefault, required, retyped);
    for (Map.Entry<String, boolean[]> level : expected.entrySet()) {
      assertThat(put("/config/" + subject, "{\"compatibility\":\"" + level.getKey() + "\"}").status()).isEqualTo(200);
      for (int i = 0; i < candidates.size(); i++) {
        JsonNode answer = post("/compatibility/subjects/" + subject + "/versions?verbose=true", candidates.get(i)).json();
        assertThat(answer.path("is_compatible").asBoolean())
            .as("%s candidate %d: %s", level.getKey(), i, answer).isEqualTo(level.getValue()[i]);
        assertThat(answer.path("messages").isEmpty()).isEqualTo(level.getValue()[i]);
      }
    }
    // Against one given version, at the subject's level (FULL_TRANSITIVE: both directions).
    put("/config/" + subject, "{\"compatibility\":\"FULL_TRANSITIVE\"}");
    assertThat(post("/compatibility/subjects/" + subject + "/versions/latest", withDefault).json()
        .path("is_compatible").asBoolean()).isTrue();
    assertThat(post("/compatibility/subjects/" + subject + "/versions/1", withDefault).json()
        .path("is_compatible").asBoolean()).isFalse();
    assertThat(post("/compatibility/subjects/" + subject + "/versions/7", withDefault).errorCode()).isEqualTo(40402);
    assertThat(post("/compatibility/subjects/nope/versions/1", withDefault).errorCode()).isEqualTo(40401);
    assertThat(post("/compatibility/subjects/nope/versions", withDefault).json().path("is_compatible").asBoolean())
        .isTrue();
    // The level is enforced on registration too, with the reason in the 409.
    Answer rejected = post("/subjects/" + subject + "/versions", withDefault);
    assertThat(rejected.status()).isEqualTo(409);
    assertThat(rejected.json().path("message").asText()).contains("FULL_TRANSITIVE").contains("oldSchemaVersion: 1");
  }

  @Test
  void softAndHardDeletes() throws Exception {
    String subject = "deletes-value";
    put("/config/" + subject, "{\"compatibility\":\"NONE\"}");
    register(registry, subject, schemaBody("D", "{\"name\":\"a\",\"type\":\"int\"}"));
    int id2 = register(registry, subject, schemaBody("D", "{\"name\":\"b\",\"type\":\"int\"}"));

    assertThat(delete("/subjects/" + subject + "/versions/2").body()).isEqualTo("2");
    assertThat(get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
    assertThat(get("/subjects/" + subject + "/versions?deleted=true").json().toString()).isEqualTo("[1,2]");
    assertThat(get("/subjects/" + subject + "/versions/2").errorCode()).isEqualTo(40402);
    assertThat(get("/subjects/" + subject + "/versions/2?deleted=true").json().path("id").asInt()).isEqualTo(id2);
    assertThat(get("/schemas/ids/" + id2).status()).isEqualTo(200);
    Answer again = delete("/subjects/" + subject + "/versions/2");
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.errorCode()).isEqualTo(40406);
    Answer notSoft = delete("/subjects/" + subject + "/versions/1?permanent=true");
    assertThat(notSoft.errorCode()).isEqualTo(40407);
    assertThat(delete("/subjects/" + subject + "/versions/2?permanent=true").body()).isEqualTo("2");
    assertThat(get("/subjects/" + subject + "/versions?deleted=true").json().toString()).isEqualTo("[1]");
    assertThat(get("/schemas/ids/" + id2).errorCode()).isEqualTo(40403);

    Answer hardFirst = delete("/subjects/" + subject + "?permanent=true");
    assertThat(hardFirst.status()).isEqualTo(404);
    assertThat(hardFirst.errorCode()).isEqualTo(40405);
    assertThat(delete("/subjects/" + subject).json().toString()).isEqualTo("[1]");
    assertThat(get("/subjects").json().toString()).doesNotContain(subject);
    assertThat(get("/subjects?deleted=true").json().toString()).contains(subject);
    assertThat(get("/subjects/" + subject + "/versions").errorCode()).isEqualTo(40401);
    assertThat(delete("/subjects/" + subject).errorCode()).isEqualTo(40404);
    assertThat(delete("/subjects/" + subject + "?permanent=true").json().toString()).isEqualTo("[1]");
    assertThat(get("/subjects?deleted=true").json().toString()).doesNotContain(subject);
    assertThat(delete("/subjects/" + subject).errorCode()).isEqualTo(40401);
    assertThat(get("/config/" + subject).errorCode()).isEqualTo(40408);

    // Ids are never reused, even for the id that was just deleted.
    int next = register(registry, subject, schemaBody("D", "{\"name\":\"c\",\"type\":\"int\"}"));
    assertThat(next).isGreaterThan(id2);
  }

  @Test
  void contentTypesAndUnknownResources() throws Exception {
    String body = schemaBody("Ct", "{\"name\":\"a\",\"type\":\"int\"}");
    for (String type : List.of(V1, "application/vnd.schemaregistry+json", "application/json",
        "application/octet-stream", "application/json; charset=utf-8")) {
      assertThat(call(registry, "POST", "/subjects/ct-value/versions", body, type, null).status()).as(type).isEqualTo(200);
    }
    Answer unsupported = call(registry, "POST", "/subjects/ct-value/versions", body, "text/plain", V1);
    assertThat(unsupported.status()).isEqualTo(415);
    assertThat(unsupported.errorCode()).isEqualTo(415);
    Answer notAcceptable = call(registry, "GET", "/subjects", null, null, "text/html");
    assertThat(notAcceptable.status()).isEqualTo(406);
    assertThat(notAcceptable.errorCode()).isEqualTo(406);
    assertThat(call(registry, "GET", "/subjects", null, null, "application/json").contentType())
        .isEqualTo("application/json");
    assertThat(call(registry, "GET", "/subjects", null, null, null).contentType()).isEqualTo(V1);
    assertThat(call(registry, "GET", "/subjects", null, null,
        "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; q=0.5")
        .contentType()).isEqualTo(V1);
    Answer missing = get("/nothing/here");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo(404);
    Answer wrongMethod = call(registry, "PUT", "/subjects", "{}", V1, V1);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.errorCode()).isEqualTo(405);
  }

  @Test
  void runsAsItsOwnProcess() throws Exception {
    int id = register(registry, "process-value", schemaBody("P", "{\"name\":\"a\",\"type\":\"int\"}"));
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-cp", System.getProperty("java.class.path"), SchemaRegistryServer.class.getName(),
        "--bootstrap-servers", kafka.bootstrapServers(), "--port", Integer.toString(port), "--host", "127.0.0.1")
        .redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      StringBuilder seen = new StringBuilder();
      while ((line = out.readLine()) != null && !line.startsWith("Schema registry ready at")) {
        seen.append(line).append('\n');
      }
      assertThat(line).as(seen.toString()).isEqualTo("Schema registry ready at http://127.0.0.1:" + port);
      HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/subjects/process-value/versions/1")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(JSON.readTree(answer.body()).path("id").asInt()).isEqualTo(id);
    } finally {
      process.destroy();
      assertThat(process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void twoInstancesAgreeAndARestartKeepsEveryId() throws Exception {
    String topic = "_schemas_shared";
    SchemaRegistryServer first = startRegistry(topic);
    SchemaRegistryServer second = startRegistry(topic);
    try {
      call(first, "PUT", "/config", "{\"compatibility\":\"NONE\"}", V1, V1);
      int a = register(first, "shared-value", schemaBody("S", "{\"name\":\"a\",\"type\":\"int\"}"));
      int b = register(second, "shared-value", schemaBody("S", "{\"name\":\"b\",\"type\":\"int\"}"));
      assertThat(b).isGreaterThan(a);
      assertThat(call(second, "GET", "/schemas/ids/" + a, null, null, V1).status()).isEqualTo(200);
      assertThat(call(first, "GET", "/subjects/shared-value/versions", null, null, V1).json().toString())
          .isEqualTo("[1,2]");

      // Both instances write to one subject at once: every schema gets its own id and version, and
      // both instances end up with the same history.
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<Integer>> ids = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        SchemaRegistryServer target = i % 2 == 0 ? first : second;
        String body = schemaBody("S", "{\"name\":\"c" + i + "\",\"type\":\"int\"}");
        ids.add(pool.submit(() -> register(target, "shared-value", body)));
      }
      Set<Integer> distinct = new HashSet<>();
      for (Future<Integer> id : ids) {
        distinct.add(id.get());
      }
      pool.shutdown();
      assertThat(distinct).hasSize(12).doesNotContain(a, b);
      String history = call(first, "GET", "/subjects/shared-value/versions", null, null, V1).body();
      assertThat(JSON.readTree(history).size()).isEqualTo(14);
      assertThat(call(second, "GET", "/subjects/shared-value/versions", null, null, V1).body()).isEqualTo(history);
      for (int version = 1; version <= 14; version++) {
        assertThat(call(second, "GET", "/subjects/shared-value/versions/" + version, null, null, V1).body())
            .isEqualTo(call(first, "GET", "/subjects/shared-value/versions/" + version, null, null, V1).body());
      }
      String latest = call(first, "GET", "/subjects/shared-value/versions/latest", null, null, V1).body();

      first.close();
      first = startRegistry(topic);
      assertThat(call(first, "GET", "/subjects/shared-value/versions/latest", null, null, V1).body()).isEqualTo(latest);
      assertThat(call(first, "GET", "/schemas/ids/" + a, null, null, V1).json().path("schema").asText())
          .contains("\"a\"");
      assertThat(call(first, "GET", "/config", null, null, V1).json().path("compatibilityLevel").asText())
          .isEqualTo("NONE");
    } finally {
      first.close();
      second.close();
    }
  }

  @Test
  void anInstanceThatLagsCatchesUpOnAnIdItHasNotSeen() throws Exception {
    String topic = "_schemas_lagging";
    SchemaRegistryServer writer = startRegistry(topic);
    // This instance's log reader lags by up to 2 s: its fetches wait for more data than comes.
    SchemaRegistryServer reader = SchemaRegistryServer.start(Map.of(
        SchemaRegistryServer.LISTENERS_CONFIG, "http://127.0.0.1:0",
        SchemaRegistryServer.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        SchemaRegistryServer.TOPIC_CONFIG, topic,
        SchemaRegistryServer.CLIENT_PREFIX + "fetch.min.bytes", "10000000",
        SchemaRegistryServer.CLIENT_PREFIX + "fetch.max.wait.ms", "2000"));
    try {
      call(writer, "PUT", "/config", "{\"compatibility\":\"NONE\"}", V1, V1);
      // A producer registers through one instance, a consumer asks another for the id at once.
      for (int i = 0; i < 3; i++) {
        int id = register(writer, "lag-value", schemaBody("L", "{\"name\":\"f" + i + "\",\"type\":\"int\"}"));
        Answer byId = call(reader, "GET", "/schemas/ids/" + id, null, null, V1);
        assertThat(byId.status()).as("GET /schemas/ids/%s on the other instance: %s", id, byId.body()).isEqualTo(200);
        assertThat(byId.json().path("schema").asText()).contains("\"f" + i + "\"");
      }
    } finally {
      writer.close();
      reader.close();
    }
  }

  /**
   * A writer that lost a claim and crashed before its retry leaves the claim without a tombstone.
   * After the winner is hard-deleted and compacted away, a fresh replay must not let that claim
   * resolve the id to the loser's schema.
   */
  @Test
  void aLosingClaimLeftByACrashIsDeletedSoACompactedReplayCannotReviveIt() throws Exception {
    String topic = "_schemas_crashed_writer";
    kafka.createTopic(topic, 1, 1, Map.of("cleanup.policy", "compact"));
    String winner = new org.apache.avro.Schema.Parser().parse(
        "{\"type\":\"record\",\"name\":\"W\",\"fields\":[{\"name\":\"w\",\"type\":\"int\"}]}").toString();
    String loser = new org.apache.avro.Schema.Parser().parse(
        "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}").toString();
    String loserKey = claimKey("loser-value", 1, 1, loser);
    // Two instances claimed id 1 at once; the second writer crashed before deleting its claim.
    kafka.produce(topic, 0, claimKey("winner-value", 1, 1, winner), claimValue("winner-value", 1, 1, winner));
    kafka.produce(topic, 0, loserKey, claimValue("loser-value", 1, 1, loser));

    SchemaRegistryServer first = startRegistry(topic);
    try {
      assertThat(call(first, "GET", "/schemas/ids/1", null, null, V1).json().path("schema").asText())
          .isEqualTo(winner);
      assertThat(call(first, "GET", "/subjects", null, null, V1).json().toString()).isEqualTo("[\"winner-value\"]");
      assertThat(call(first, "DELETE", "/subjects/winner-value", null, null, V1).status()).isEqualTo(200);
      assertThat(call(first, "DELETE", "/subjects/winner-value?permanent=true", null, null, V1).status())
          .isEqualTo(200);
    } finally {
      first.close();
    }

    // What compaction leaves once the tombstones' retention has passed: each key's last record,
    // tombstones gone.
    Map<String, String> compacted = new java.util.LinkedHashMap<>();
    for (org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> record
        : kafka.consumeAll(30_000, topic)) {
      String key = new String(record.key(), StandardCharsets.UTF_8);
      compacted.remove(key);
      compacted.put(key, record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
    }
    assertThat(compacted).as("the losing claim got its tombstone").containsEntry(loserKey, null);
    String compactedTopic = topic + "_compacted";
    kafka.createTopic(compactedTopic, 1, 1, Map.of("cleanup.policy", "compact"));
    compacted.forEach((key, value) -> {
      if (value != null) {
        kafka.produce(compactedTopic, 0, key, value);
      }
    });
    SchemaRegistryServer fresh = startRegistry(compactedTopic);
    try {
      Answer byId = call(fresh, "GET", "/schemas/ids/1", null, null, V1);
      assertThat(byId.status()).as("id 1 after a compacted replay: %s", byId.body()).isEqualTo(404);
      assertThat(byId.errorCode()).isEqualTo(40403);
      assertThat(call(fresh, "GET", "/subjects?deleted=true", null, null, V1).json().toString()).isEqualTo("[]");
    } finally {
      fresh.close();
    }
  }

  /** A claim's key as SchemaStore writes it. */
  private static String claimKey(String subject, int version, int id, String canonical) throws Exception {
    String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
        .digest(canonical.getBytes(StandardCharsets.UTF_8)));
    return JSON.createObjectNode().put("keytype", "SCHEMA").put("subject", subject).put("version", version)
        .put("id", id).put("md5", md5).toString();
  }

  private static String claimValue(String subject, int version, int id, String canonical) {
    return JSON.createObjectNode().put("subject", subject).put("version", version).put("id", id)
        .put("schema", canonical).put("deleted", false).toString();
  }
}
