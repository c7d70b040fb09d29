package io.strom.sink;

import static io.strom.sink.SinkTestSupport.awaitScalar;
import static io.strom.sink.SinkTestSupport.connectorConfig;
import static io.strom.sink.SinkTestSupport.query;
import static io.strom.sink.SinkTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shipped enrichment rule (config/rules/enrichment/enrichment.sql: logins joined with a users table) in a
 * real Connect cluster writing to a real PostgreSQL: both topics are inputs of one connector with
 * two co-partitioned partitions each; users change country and one is deleted (a tombstone) while
 * the connector's tasks are restarted twice in the middle of the input. The rule's table rows
 * belong to its state, so the output equals the joined output of an uninterrupted run, without
 * duplicates.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class HostedEnrichmentIT {

  private static final Path RULES = Path.of("..", "config", "rules", "enrichment", "enrichment.sql").toAbsolutePath().normalize();
  private static final String[] COUNTRIES = {"DE", "NL", "FR"};
  private static final int USERS = 40;
  private static final Schema USER = SchemaBuilder.struct().name("user")
      .field("home_country", Schema.STRING_SCHEMA).build();
  private static final Schema LOGIN = SchemaBuilder.struct().name("login")
      .field("ip", Schema.STRING_SCHEMA).field("country", Schema.STRING_SCHEMA).field("device", Schema.STRING_SCHEMA)
      .field("success", Schema.BOOLEAN_SCHEMA).field("ts", Timestamp.SCHEMA).build();

  @RegisterExtension
  static final SinkTestBed sink = new SinkTestBed("sink-enrichment");

  /** The users' current home countries, as the table holds them (a deleted user is absent). */
  private final Map<String, String> homes = new HashMap<>();
  /** The rows the rule must have written: a successful login from outside the current home. */
  private final List<List<Object>> expected = new ArrayList<>();

  private Map<String, String> config() {
    Map<String, String> config = connectorConfig("logins.by-user,users", sink.postgres());
    config.put("tasks.max", "2");
    config.put("rules.file", RULES.toString());
    config.put("rules.statement", "away_from_home_logins");
    config.put("write.records", "false");
    return config;
  }

  @Test
  void theJoinIsRefusedByValidateWhenTheTableTopicIsNoInput() {
    Map<String, String> config = config();
    config.put("topics", "logins.by-user");
    config.put("name", "enrichment-check");
    ConfigInfos result = sink.cluster().validateConnectorConfig(PostgresSinkConnector.class.getSimpleName(), config);
    assertThat(result.errorCount()).as(result.toString()).isEqualTo(1);
    assertThat(result.configs()).filteredOn(v -> v.configValue().name().equals("rules.file")).singleElement()
        .satisfies(v -> assertThat(v.configValue().errors()).singleElement().asString()
            .contains("rule AWAY_FROM_HOME_LOGINS joins USERS (topic 'users'), which is not an input"));
  }

  @Test
  void theEnrichmentJoinIsExactlyOnceAcrossTaskRestarts() throws Exception {
    sink.cluster().kafka().createTopic("logins.by-user", 2);
    sink.cluster().kafka().createTopic("users", 2);
    sink.cluster().configureConnector("enrichment", config());

    for (int u = 0; u < USERS; u++) {
      user(u, COUNTRIES[u % 3]);
    }
    awaitUsers(USERS);
    logins(0, 300);
    sink.cluster().restartConnectorAndTasks("enrichment", false, true, false);
    logins(300, 600);
    awaitLogins(600);

    // moves and a delete, read before the next logins (a join sees the table as its partition had it)
    for (int u = 0; u < USERS; u += 3) {
      user(u, COUNTRIES[(u + 1) % 3]);
    }
    tombstone(7);
    awaitUsers(USERS + (USERS + 2) / 3 + 1);
    logins(600, 900);
    sink.cluster().restartConnectorAndTasks("enrichment", false, true, false);
    logins(900, 1_200);
    awaitLogins(1_200);

    awaitScalar(sink.postgres(), "SELECT count(*) FROM away_from_home_logins", expected.size(), Duration.ofSeconds(60));
    Thread.sleep(1_500); // nothing more comes
    List<List<Object>> rows = new ArrayList<>(query(sink.postgres(),
        "SELECT user_id, ip, country, home_country FROM away_from_home_logins"));
    rows.sort(Comparator.comparing(Object::toString));
    expected.sort(Comparator.comparing(Object::toString));
    assertThat(expected).as("the input has away logins, of the moved users too").hasSizeGreaterThan(200)
        .noneMatch(row -> row.get(0).equals("u7") && Integer.parseInt(row.get(1).toString().substring(7)) >= 600);
    assertThat(rows).as("the joined output of an uninterrupted run, once").isEqualTo(expected);
    sink.cluster().deleteConnector("enrichment");
  }

  /** User u's row, in partition u % 2 of the users topic as of the logins (co-partitioned by key). */
  private void user(int u, String home) {
    homes.put("u" + u, home);
    send(sink.producer(), "users", u % 2, Schema.STRING_SCHEMA, "u" + u, USER, new Struct(USER).put("home_country", home));
    sink.producer().flush();
  }

  private void tombstone(int u) {
    homes.remove("u" + u);
    send(sink.producer(), "users", u % 2, Schema.STRING_SCHEMA, "u" + u, USER, null);
    sink.producer().flush();
  }

  /** Login i: user u(i % USERS), from one of three countries, every seventh failed. */
  private void logins(int from, int to) {
    for (int i = from; i < to; i++) {
      int u = i % USERS;
      String user = "u" + u;
      String ip = "10.0.0." + i;
      String country = COUNTRIES[(i / USERS + u) % 3];
      boolean success = i % 7 != 0;
      send(sink.producer(), "logins.by-user", u % 2, 1_700_000_000_000L + i * 1_000L, Schema.STRING_SCHEMA, user, LOGIN,
          new Struct(LOGIN).put("ip", ip).put("country", country).put("device", "web").put("success", success)
              .put("ts", new java.util.Date(1_700_000_000_000L + i * 1_000L)));
      String home = homes.get(user);
      if (success && home != null && !country.equals(home)) {
        expected.add(List.of(user, ip, country, home));
      }
    }
    sink.producer().flush();
  }

  private static void awaitUsers(long records) {
    awaitScalar(sink.postgres(), "SELECT coalesce(sum(next_offset), 0)::bigint FROM strom_sink_offsets"
        + " WHERE connector = 'enrichment' AND topic = 'users'", records, Duration.ofSeconds(60));
  }

  private static void awaitLogins(long records) {
    try {
      awaitScalar(sink.postgres(), "SELECT coalesce(sum(next_offset), 0)::bigint FROM strom_sink_offsets"
          + " WHERE connector = 'enrichment' AND topic = 'logins.by-user'", records, Duration.ofSeconds(90));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; connector status: " + sink.cluster().connectorStatus("enrichment"), e);
    }
  }
}
