package io.strom.sink;

import static io.strom.sink.SinkTestSupport.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strom.testkit.TestPostgres;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Join rules hosted in the sink task against a real PostgreSQL: a stream (logins) joined with a
 * table (users) that are both inputs of the connector, co-partitioned. The table's rows, tombstones
 * included, are part of the rule state saved with the rows and offsets, so a task that dies at any
 * point, and a new one that replays from the stored offsets (with re-deliveries), write exactly the
 * rows of an uninterrupted run.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HostedJoinsIT {

  private static final String RULES = """
      CREATE STREAM logins (user_id STRING KEY, ip STRING, country STRING)
        WITH (KAFKA_TOPIC='logins', VALUE_FORMAT='JSON');
      CREATE TABLE users (user_id STRING PRIMARY KEY, home_country STRING)
        WITH (KAFKA_TOPIC='users', VALUE_FORMAT='JSON');
      CREATE STREAM away_logins AS SELECT l.user_id AS user_id, l.ip, l.country, u.home_country
        FROM logins l JOIN users u ON l.user_id = u.user_id WHERE l.country <> u.home_country;
      CREATE STREAM all_logins AS SELECT l.user_id AS user_id, l.ip, u.home_country
        FROM logins l LEFT JOIN users u ON l.user_id = u.user_id;
      """;
  private static final Schema LOGIN = SchemaBuilder.struct().name("login")
      .field("ip", Schema.STRING_SCHEMA).field("country", Schema.STRING_SCHEMA).build();
  private static final Schema USER = SchemaBuilder.struct().name("user")
      .field("home_country", Schema.STRING_SCHEMA).build();
  private static final String[] COUNTRIES = {"DE", "NL", "FR"};

  private static final TopicPartition LOGINS_0 = new TopicPartition("logins", 0);
  private static final TopicPartition LOGINS_1 = new TopicPartition("logins", 1);
  private static final TopicPartition USERS_0 = new TopicPartition("users", 0);
  private static final TopicPartition USERS_1 = new TopicPartition("users", 1);

  private static TestPostgres postgres;

  @BeforeAll
  static void start() {
    postgres = TestPostgres.start();
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  @BeforeEach
  void cleanDatabase() {
    postgres.execute("DROP SCHEMA public CASCADE");
    postgres.execute("CREATE SCHEMA public");
  }

  private static TaskDriver task() {
    return TaskDriver.start(postgres, "joins", Map.of("rules", RULES, "write.records", "false"));
  }

  /**
   * 200 records over both partitions of both topics, user u{i} in partition i % 2 of each (as the
   * producer's partitioner puts one key in one partition): users move between countries, some are
   * deleted (tombstones) and come back, and logins come from the users' countries and others.
   */
  private static List<SinkRecord> feed() {
    List<SinkRecord> records = new ArrayList<>();
    long[][] offsets = new long[2][2]; // [topic: 0 users, 1 logins][partition]
    for (int i = 0; i < 200; i++) {
      int user = (i * 7) % 6;
      int partition = user % 2;
      String key = "u" + user;
      long time = 1_000L * i;
      if (i % 5 == 0) {
        boolean delete = i % 35 == 15;
        Struct value = delete ? null : new Struct(USER).put("home_country", COUNTRIES[(i / 5 + user) % 3]);
        records.add(new SinkRecord("users", partition, Schema.STRING_SCHEMA, key, USER, value,
            offsets[0][partition]++, time, TimestampType.CREATE_TIME));
      } else {
        Struct value = new Struct(LOGIN).put("ip", "10.0.0." + i).put("country", COUNTRIES[(i + user) % 3]);
        records.add(new SinkRecord("logins", partition, Schema.STRING_SCHEMA, key, LOGIN, value,
            offsets[1][partition]++, time, TimestampType.CREATE_TIME));
      }
    }
    return records;
  }

  private static List<List<Object>> rows(String sql) {
    List<List<Object>> rows = new ArrayList<>(query(postgres, sql));
    rows.sort(Comparator.comparing(Object::toString));
    return rows;
  }

  private static List<List<Object>> away() {
    return rows("SELECT user_id, ip, country, home_country FROM away_logins");
  }

  private static List<List<Object>> all() {
    return rows("SELECT user_id, ip, home_country FROM all_logins");
  }

  private static SinkRecord[] slice(List<SinkRecord> records, int from, int to) {
    return records.subList(Math.min(from, records.size()), Math.min(to, records.size())).toArray(SinkRecord[]::new);
  }

  @Test
  void theJoinSeesTheTablesLatestRowPerKeyAndTombstonesDelete() {
    try (TaskDriver task = task()) {
      task.open(LOGINS_0, USERS_0);
      Struct de = new Struct(USER).put("home_country", "DE");
      Struct nl = new Struct(USER).put("home_country", "NL");
      task.put(
          new SinkRecord("users", 0, Schema.STRING_SCHEMA, "alice", USER, de, 0, 1_000L, TimestampType.CREATE_TIME),
          login(0, 2_000, "alice", "1", "BR"),
          new SinkRecord("users", 0, Schema.STRING_SCHEMA, "alice", USER, nl, 1, 3_000L, TimestampType.CREATE_TIME),
          login(1, 4_000, "alice", "2", "DE"),
          new SinkRecord("users", 0, Schema.STRING_SCHEMA, "alice", null, null, 2, 5_000L, TimestampType.CREATE_TIME),
          login(2, 6_000, "alice", "3", "BR"),
          login(3, 7_000, "bob", "4", "BR"));
      task.commit();
      assertThat(away()).containsExactly(List.of("alice", "1", "BR", "DE"), List.of("alice", "2", "DE", "NL"));
      assertThat(all()).containsExactly(List.of("alice", "1", "DE"), List.of("alice", "2", "NL"),
          Arrays.asList("alice", "3", null), Arrays.asList("bob", "4", null));
      assertThat(task.deadLetters).isEmpty();
    }
  }

  private static SinkRecord login(long offset, long time, String user, String ip, String country) {
    return new SinkRecord("logins", 0, Schema.STRING_SCHEMA, user, LOGIN,
        new Struct(LOGIN).put("ip", ip).put("country", country), offset, time, TimestampType.CREATE_TIME);
  }

  @Test
  void aRestartAtAnyCutWritesTheRowsOfAnUninterruptedRunOnce() {
    List<SinkRecord> feed = feed();
    List<List<Object>> away;
    List<List<Object>> all;
    try (TaskDriver task = task()) {
      task.open(LOGINS_0, LOGINS_1, USERS_0, USERS_1);
      for (int from = 0; from < feed.size(); from += 25) {
        task.put(slice(feed, from, from + 25));
        task.commit();
      }
      away = away();
      all = all();
    }
    assertThat(all).as("one row per login").hasSize(160).anyMatch(row -> row.get(2) == null);
    assertThat(away).as("logins away from home in both partitions").hasSizeGreaterThan(20)
        .anyMatch(row -> row.get(0).equals("u1")).anyMatch(row -> row.get(0).equals("u2"));

    for (int cut : new int[] {13, 61, 117, 170}) {
      cleanDatabase();
      try (TaskDriver first = task()) {
        first.open(LOGINS_0, LOGINS_1, USERS_0, USERS_1);
        first.put(slice(feed, 0, cut));
        first.commit();
        first.put(slice(feed, cut, cut + 20)); // buffered, then the task dies: neither rows nor state are stored
      }
      try (TaskDriver second = task()) {
        second.open(LOGINS_0, LOGINS_1, USERS_0, USERS_1);
        second.put(slice(feed, Math.max(0, cut - 15), cut + 40)); // re-delivered from before the stored offsets
        second.commit();
        second.put(slice(feed, cut + 40, feed.size()));
        second.commit();
        assertThat(away()).as("cut at %d: no row lost, none twice", cut).isEqualTo(away);
        assertThat(all()).as("cut at %d", cut).isEqualTo(all);
      }
    }
  }

  @Test
  void aRebalanceThatMovesAPartitionPairCarriesTheTableStateAlong() {
    List<SinkRecord> feed = feed();
    List<List<Object>> all;
    try (TaskDriver task = task()) {
      task.open(LOGINS_0, LOGINS_1, USERS_0, USERS_1);
      task.put(slice(feed, 0, feed.size()));
      task.commit();
      all = all();
    }
    cleanDatabase();
    try (TaskDriver first = task(); TaskDriver second = task()) {
      first.open(LOGINS_0, LOGINS_1, USERS_0, USERS_1);
      first.put(slice(feed, 0, 100));
      first.revoke(LOGINS_1, USERS_1); // partition 1 of both topics moves to the second task
      second.open(LOGINS_1, USERS_1);
      List<SinkRecord> rest = feed.subList(100, feed.size());
      first.put(rest.stream().filter(r -> r.kafkaPartition() == 0).toArray(SinkRecord[]::new));
      second.put(rest.stream().filter(r -> r.kafkaPartition() == 1).toArray(SinkRecord[]::new));
      first.commit();
      second.commit();
      assertThat(all()).isEqualTo(all);
    }
  }

  @Test
  void aTaskOwningAStreamPartitionWithoutItsTablePartitionFails() {
    try (TaskDriver task = task()) {
      assertThatThrownBy(() -> task.open(LOGINS_0, LOGINS_1, USERS_0))
          .isInstanceOf(ConnectException.class)
          .hasMessageContaining("rule AWAY_LOGINS joins its sources partition by partition, but this task owns logins-1"
              + " without users-1");
    }
  }

  @Test
  void aPartitionByRuleWritesRowsKeyedByTheNewKey() {
    try (TaskDriver task = TaskDriver.start(postgres, "rekey", Map.of("write.records", "false", "rules", """
        CREATE STREAM logins (user_id STRING KEY, ip STRING, country STRING)
          WITH (KAFKA_TOPIC='logins', VALUE_FORMAT='JSON');
        CREATE STREAM logins_by_country AS SELECT country, user_id, ip FROM logins PARTITION BY country;
        """))) {
      task.open(LOGINS_0);
      task.put(login(0, 1_000, "alice", "1", "BR"), login(1, 2_000, "bob", "2", "DE"));
      task.commit();
      assertThat(rows("SELECT country, user_id, ip FROM logins_by_country"))
          .containsExactly(List.of("BR", "alice", "1"), List.of("DE", "bob", "2"));
    }
  }
}
