package io.strom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strom.rules.contract.RecordPredicate;
import io.strom.rules.contract.RuleEvaluationException;
import io.strom.rules.contract.RuleException;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.Column;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.OutputRecord;
import io.strom.rules.data.Row;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.types.SqlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleScriptTest {

  private static final String HOT = """
      CREATE STREAM readings (device STRING KEY, temp DOUBLE, site STRING)
        WITH (KAFKA_TOPIC='readings', VALUE_FORMAT='JSON');
      CREATE STREAM hot_devices AS
        SELECT device, temp * 1.8 + 32 AS temp_f, UCASE(site) AS site
        FROM readings WHERE temp > 30.0 EMIT CHANGES;
      """;

  @Test
  void stateless_rule_filters_and_projects_through_the_public_api() {
    CompiledRule rule = RuleScript.compile(HOT).rule("hot_devices");
    assertThat(rule.name()).isEqualTo("HOT_DEVICES");
    assertThat(rule.source().columns()).extracting(Column::name).containsExactly("DEVICE", "TEMP", "SITE");
    assertThat(rule.output()).containsExactly(Column.key("DEVICE", SqlType.STRING),
        Column.value("TEMP_F", SqlType.DOUBLE), Column.value("SITE", SqlType.STRING));

    List<OutputRecord> out = new ArrayList<>();
    RuleInstance instance = rule.newInstance();
    instance.process(new InputRecord("d1", Row.of("d1", 35.0, "lab"), 1000L, 0L), out::add);
    instance.process(new InputRecord("d2", Row.of("d2", 20.0, "lab"), 2000L, 1L), out::add);
    instance.process(new InputRecord("d3", Row.of("d3", null, "lab"), 3000L, 2L), out::add);

    assertThat(out).hasSize(1);
    assertThat(out.get(0).key()).isEqualTo("d1");
    assertThat(out.get(0).values()).containsExactly("d1", 95.0, "LAB");
    assertThat(out.get(0).timestamp()).isEqualTo(1000L);
    assertThat(out.get(0).window()).isNull();
  }

  @Test
  void where_predicate_alone() {
    RecordPredicate where = RuleScript.compile(HOT).rule().where();
    assertThat(where.test(InputRecord.of(Row.of("d", 31.0, "x"), 0))).isTrue();
    assertThat(where.test(InputRecord.of(Row.of("d", 29.0, "x"), 0))).isFalse();
    assertThat(where.test(InputRecord.of(null, 0))).isFalse();
  }

  @Test
  void host_supplied_schema_and_bare_select() {
    StreamSchema logins = StreamSchema.builder("LOGINS").key("USER_ID", SqlType.STRING)
        .value("SUCCESS", SqlType.BOOLEAN).value("COUNTRY", SqlType.STRING).build();
    CompiledRule rule = RuleScript.compileQuery("failed", logins,
        "SELECT user_id, country FROM logins WHERE NOT success AND country IN ('RU', 'KP')");
    assertThat(rule.name()).isEqualTo("FAILED");
    List<OutputRecord> out = new ArrayList<>();
    RuleInstance instance = rule.newInstance();
    instance.process(InputRecord.of(Rows.fromMap(logins, "u1", Map.of("success", "false", "Country", "RU")), 5), out::add);
    instance.process(InputRecord.of(Rows.fromMap(logins, "u2", Map.of("success", true, "country", "RU")), 6), out::add);
    assertThat(out).singleElement().satisfies(o -> assertThat(o.values()).containsExactly("u1", "RU"));
  }

  @Test
  void evaluation_errors_name_the_rule_and_leave_the_instance_usable() {
    CompiledRule rule = RuleScript.compile("""
        CREATE STREAM s (k INT KEY, a INT, b INT) WITH (KAFKA_TOPIC='s');
        CREATE STREAM q AS SELECT k, a / b AS r FROM s;
        """).rule();
    RuleInstance instance = rule.newInstance();
    List<OutputRecord> out = new ArrayList<>();
    assertThatThrownBy(() -> instance.process(InputRecord.of(Row.of(1, 4, 0), 0), out::add))
        .isInstanceOf(RuleEvaluationException.class).hasMessageContaining("rule Q");
    instance.process(InputRecord.of(Row.of(1, 4, 2), 0), out::add);
    assertThat(out).singleElement().satisfies(o -> assertThat(o.values()).containsExactly(1, 2));
  }

  @Test
  void errors_carry_line_column_and_an_actionable_message() {
    assertThatThrownBy(() -> RuleScript.compile("""
        CREATE STREAM readings (device STRING KEY, temp DOUBLE) WITH (KAFKA_TOPIC='r');
        CREATE STREAM hot AS SELECT device, tmep FROM readings;
        """))
        .isInstanceOfSatisfying(RuleException.class, e -> {
          assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.line()).isEqualTo(2);
            assertThat(err.column()).isEqualTo(37);
            assertThat(err.message()).contains("'TMEP' cannot be resolved").contains("Did you mean TEMP?");
          });
        });
  }

  @Test
  void type_mismatch_names_both_types() {
    assertThatThrownBy(() -> RuleScript.compile("""
        CREATE STREAM s (k INT KEY, n INT, t STRING) WITH (KAFKA_TOPIC='s');
        CREATE STREAM q AS SELECT k, n FROM s WHERE n > t;
        """)).hasMessageContaining("2:45").hasMessageContaining("N (INTEGER)").hasMessageContaining("T (STRING)");
  }

  @Test
  void aggregate_in_where_is_rejected() {
    assertThatThrownBy(() -> RuleScript.compile("""
        CREATE STREAM s (k INT KEY, n INT) WITH (KAFKA_TOPIC='s');
        CREATE TABLE q AS SELECT k, COUNT(*) AS c FROM s WHERE SUM(n) > 3 GROUP BY k;
        """)).hasMessageContaining("2:56").hasMessageContaining("Aggregate functions are not allowed in WHERE");
  }

  @Test
  void syntax_errors_have_positions_and_every_broken_statement_is_listed() {
    assertThatThrownBy(() -> RuleScript.compile("CREATE STREAM s (k INT KEY) WITH (KAFKA_TOPIC='s');\nCREATE STREAM q AS SELEKT k FROM s;"))
        .isInstanceOfSatisfying(RuleException.class, e ->
            assertThat(e.errors().get(0)).satisfies(err -> {
              assertThat(err.line()).isEqualTo(2);
              assertThat(err.message()).startsWith("Syntax Error");
            }));
    assertThatThrownBy(() -> RuleScript.compile("""
        CREATE STREAM s (k INT KEY, v INT) WITH (KAFKA_TOPIC='s');
        CREATE STREAM a AS SELECT k, nope FROM s;
        CREATE STREAM b AS SELECT k, v FROM nowhere;
        """)).isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.errors()).hasSize(2));
  }
}
