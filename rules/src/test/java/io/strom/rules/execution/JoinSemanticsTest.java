package io.strom.rules.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.RuleError;
import io.strom.rules.contract.RuleException;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Join, PARTITION BY and table-source semantics in small cases, and what the analyzer rejects (with positions). */
class JoinSemanticsTest {

  private static final String SOURCES = """
      CREATE STREAM logins (user_id STRING KEY, ip STRING, country STRING) WITH (KAFKA_TOPIC='logins');
      CREATE TABLE users (user_id STRING PRIMARY KEY, home STRING) WITH (KAFKA_TOPIC='users');
      CREATE STREAM clicks (user_id STRING KEY, url STRING) WITH (KAFKA_TOPIC='clicks');
      CREATE TABLE limits (model STRING PRIMARY KEY, max_temp DOUBLE) WITH (KAFKA_TOPIC='limits');
      """;

  private static CompiledRule rule(String sql) {
    return RuleScript.compile(SOURCES + sql).rule();
  }

  @Test
  void a_stream_table_join_reads_the_tables_row_at_the_time_of_each_stream_record() {
    CompiledRule rule = rule("CREATE STREAM away AS SELECT l.user_id, ip, country, home FROM logins l"
        + " LEFT JOIN users u ON l.user_id = u.user_id;");
    assertThat(rule.sources()).extracting(s -> s.name()).containsExactly("LOGINS", "USERS");
    RuleInstance instance = rule.newInstance();
    Outputs out = new Outputs();
    instance.process(0, new InputRecord("u1", Row.of("u1", "1.1.1.1", "DE"), 1, 0), out);
    instance.process(1, new InputRecord("u1", Row.of("u1", "FR"), 2, 1), out);
    instance.process(0, new InputRecord("u1", Row.of("u1", "2.2.2.2", "DE"), 3, 2), out);
    instance.process(1, new InputRecord("u1", null, 4, 3), out); // the user is deleted
    instance.process(0, new InputRecord("u1", Row.of("u1", "3.3.3.3", "US"), 5, 4), out);
    assertThat(out.records).containsExactly("u1=[u1, 1.1.1.1, DE, null]@1", "u1=[u1, 2.2.2.2, DE, FR]@3",
        "u1=[u1, 3.3.3.3, US, null]@5");
  }

  @Test
  void a_left_stream_stream_join_without_grace_emits_the_padded_row_at_once_and_the_match_later() {
    RuleInstance instance = rule("CREATE STREAM o AS SELECT l.user_id, ip, url FROM logins l LEFT JOIN clicks c"
        + " WITHIN 10 MILLISECONDS ON l.user_id = c.user_id;").newInstance();
    Outputs out = new Outputs();
    instance.process(0, new InputRecord("u1", Row.of("u1", "ip1", "DE"), 100, 0), out);
    instance.process(1, new InputRecord("u1", Row.of("u1", "/a"), 105, 1), out);
    instance.process(1, new InputRecord("u1", Row.of("u1", "/b"), 111, 2), out); // 11 ms later: outside
    assertThat(out.records).containsExactly("u1=[u1, ip1, null]@100", "u1=[u1, ip1, /a]@105");
  }

  @Test
  void with_a_grace_period_an_unmatched_left_record_waits_for_its_window_to_close() {
    RuleInstance instance = rule("CREATE STREAM o AS SELECT l.user_id, ip, url FROM logins l LEFT JOIN clicks c"
        + " WITHIN 10 MILLISECONDS GRACE PERIOD 5 MILLISECONDS ON l.user_id = c.user_id;").newInstance();
    Outputs out = new Outputs();
    instance.process(0, new InputRecord("u1", Row.of("u1", "ip1", "DE"), 100, 0), out);
    instance.process(0, new InputRecord("u2", Row.of("u2", "ip2", "DE"), 115, 1), out); // 100 + 10 + 5: still open
    assertThat(out.records).isEmpty();
    instance.process(0, new InputRecord("u2", Row.of("u2", "ip3", "DE"), 116, 2), out);
    assertThat(out.records).containsExactly("u1=[u1, ip1, null]@100");
  }

  @Test
  void a_table_table_join_emits_the_current_result_and_a_tombstone_when_it_is_gone() {
    String sql = "CREATE TABLE t2 (user_id STRING PRIMARY KEY, tier STRING) WITH (KAFKA_TOPIC='tiers');\n"
        + "CREATE TABLE o AS SELECT u.user_id, home, tier FROM users u JOIN t2 ON u.user_id = t2.user_id;";
    RuleInstance instance = RuleScript.compile(SOURCES + sql).rule().newInstance();
    Outputs out = new Outputs();
    instance.process(0, new InputRecord("u1", Row.of("u1", "FR"), 1, 0), out);
    instance.process(1, new InputRecord("u1", Row.of("u1", "gold"), 3, 1), out);
    instance.process(0, new InputRecord("u1", Row.of("u1", "DE"), 2, 2), out);
    instance.process(1, new InputRecord("u1", null, 4, 3), out);
    instance.process(1, new InputRecord("u1", null, 5, 4), out); // nothing left to delete
    assertThat(out.records).containsExactly("u1=[u1, FR, gold]@3", "u1=[u1, DE, gold]@3", "u1=null@4");
  }

  @Test
  void a_group_by_over_a_table_retracts_a_changed_row_from_its_old_group() {
    RuleInstance instance = rule("CREATE TABLE per_home AS SELECT home, COUNT(*) AS n FROM users GROUP BY home;")
        .newInstance();
    Outputs out = new Outputs();
    instance.process(new InputRecord("u1", Row.of("u1", "FR"), 1, 0), out);
    instance.process(new InputRecord("u2", Row.of("u2", "FR"), 2, 1), out);
    instance.process(new InputRecord("u1", Row.of("u1", "DE"), 3, 2), out);
    instance.process(new InputRecord("u2", null, 4, 3), out);
    assertThat(out.records).containsExactly("FR=[FR, 1]@1", "FR=[FR, 2]@2", "FR=[FR, 1]@3", "DE=[DE, 1]@3",
        "FR=[FR, 0]@4");
  }

  @Test
  void partition_by_re_keys_a_stream_and_keeps_the_old_key_as_a_value() {
    CompiledRule rule = rule("CREATE STREAM by_ip AS SELECT * FROM logins PARTITION BY ip;");
    assertThat(rule.output()).extracting(Object::toString)
        .containsExactly("`IP` STRING KEY", "`COUNTRY` STRING", "`USER_ID` STRING");
    Outputs out = new Outputs();
    RuleInstance instance = rule.newInstance();
    instance.process(new InputRecord("u1", Row.of("u1", "1.1.1.1", "DE"), 7, 0), out);
    instance.process(new InputRecord("u1", null, 8, 1), out);
    assertThat(out.records).containsExactly("1.1.1.1=[1.1.1.1, DE, u1]@7", "null=null@8");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "CREATE STREAM o AS SELECT l.user_id, url FROM logins l JOIN clicks c ON l.user_id = c.user_id;"
          + "|1:56|Stream-Stream joins must have a WITHIN clause",
      "CREATE STREAM o AS SELECT l.user_id, home FROM logins l JOIN users u WITHIN 1 SECOND ON l.user_id = u.user_id;"
          + "|1:70|A window definition was provided for a Stream-Table join",
      "CREATE STREAM o AS SELECT u.user_id, ip FROM users u JOIN logins l ON u.user_id = l.user_id;"
          + "|1:54|left type: KTABLE, right type: KSTREAM",
      "CREATE STREAM o AS SELECT l.user_id, home FROM logins l FULL OUTER JOIN users u ON l.user_id = u.user_id;"
          + "|1:57|full-outer join not supported for stream-table join",
      "CREATE STREAM o AS SELECT l.user_id, home FROM logins l JOIN users u ON l.country = u.home;"
          + "|1:73|require to join on the table's primary key",
      "CREATE TABLE o AS SELECT l.user_id, home FROM logins l JOIN users u ON l.user_id = u.user_id;"
          + "|1:19|Your SELECT query produces a STREAM",
      "CREATE STREAM o AS SELECT l.user_id, url FROM logins l JOIN clicks c WITHIN 1 SECOND ON l.user_id < c.user_id;"
          + "|1:89|A join condition must be an equality",
      "CREATE STREAM o AS SELECT user_id, url FROM logins l JOIN clicks c WITHIN 1 SECOND ON l.user_id = c.user_id;"
          + "|1:27|Column 'USER_ID' is ambiguous",
      "CREATE STREAM o AS SELECT l.user_id, max_temp FROM logins l JOIN limits m ON l.ip = m.max_temp;"
          + "|1:78|types don't match",
      "CREATE STREAM o AS SELECT l.user_id, url FROM logins l JOIN clicks c WITHIN 1 SECOND ON LEN(l.ip) = c.user_id;"
          + "|1:89|types don't match",
      "CREATE TABLE o AS SELECT * FROM users PARTITION BY home;|1:52|PARTITION BY is not supported on tables",
      "CREATE TABLE o AS SELECT home, COUNT(*) AS n FROM users WINDOW TUMBLING (SIZE 1 SECOND) GROUP BY home;"
          + "|1:57|A table cannot be windowed",
      "CREATE STREAM o AS SELECT * FROM users;|1:20|Your SELECT query produces a TABLE",
      "CREATE STREAM o AS SELECT ip, country FROM logins PARTITION BY LEN(ip);|1:20|must include the partitioning expression"})
  void what_ksqldb_rejects_is_rejected_at_its_position(String sql, String position, String message) {
    String[] lineCol = position.split(":");
    int line = SOURCES.split("\n").length + Integer.parseInt(lineCol[0]);
    assertThatThrownBy(() -> RuleScript.compile(SOURCES + sql)).isInstanceOfSatisfying(RuleException.class, e -> {
      RuleError error = e.errors().get(0);
      assertThat(error.message()).contains(message);
      assertThat(error.line() + ":" + error.column()).isEqualTo(line + ":" + lineCol[1]);
    });
  }

  @Test
  void a_table_source_declares_a_primary_key() {
    assertThatThrownBy(() -> RuleScript.compile("CREATE TABLE t (k STRING KEY, v INT) WITH (KAFKA_TOPIC='t');"))
        .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.errors().get(0).message())
            .contains("please use 'PRIMARY KEY' for tables"));
  }
}
