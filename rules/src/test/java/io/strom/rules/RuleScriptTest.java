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
import io.strom.rules.data.WindowType;
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

  @Test
  void parse_describes_every_statement_with_its_own_text_at_its_script_position() {
    String sql = """
        CREATE STREAM readings (device STRING KEY, temp DOUBLE) WITH (KAFKA_TOPIC='raw', VALUE_FORMAT='JSON');
        CREATE TABLE hot WITH (KAFKA_TOPIC='hot_out') AS SELECT device, COUNT(*) AS n FROM readings
          WINDOW HOPPING (SIZE 1 MINUTE, ADVANCE BY 10 SECONDS) WHERE temp > 30 GROUP BY device EMIT FINAL;
          SELECT device FROM readings;
        """;
    List<RuleStatement> statements = RuleScript.parse(sql);

    assertThat(statements).extracting(RuleStatement::kind).containsExactly(RuleStatement.Kind.SOURCE_DECLARATION,
        RuleStatement.Kind.CREATE_AS_SELECT, RuleStatement.Kind.BARE_SELECT);
    RuleStatement source = statements.get(0);
    assertThat(source.name()).isEqualTo("READINGS");
    assertThat(source.topic()).isEqualTo("raw");
    assertThat(source.isRule()).isFalse();
    RuleStatement hot = statements.get(1);
    assertThat(hot.table()).isTrue();
    assertThat(hot.name()).isEqualTo("HOT");
    assertThat(hot.source()).isEqualTo("READINGS");
    assertThat(hot.topic()).isEqualTo("hot_out");
    assertThat(hot.window()).isEqualTo(WindowType.HOPPING);
    assertThat(hot.windowPosition()).isEqualTo(new RuleStatement.Position(3, 3));
    assertThat(hot.emitFinal()).isTrue();
    assertThat(hot.hasWhere()).isTrue();
    assertThat(hot.position()).isEqualTo(new RuleStatement.Position(2, 1));
    assertThat(hot.text()).startsWith("\nCREATE TABLE hot").endsWith("EMIT FINAL;\n  ");
    RuleStatement bare = statements.get(2);
    assertThat(bare.name()).isNull();
    assertThat(bare.topic()).isNull();
    assertThat(bare.window()).isNull();
    assertThat(bare.hasWhere()).isFalse();
    assertThat(bare.position()).isEqualTo(new RuleStatement.Position(4, 3));
    assertThat(bare.text()).isEqualTo("\n\n\n  SELECT device FROM readings;\n");
  }

  @Test
  void a_statement_compiled_alone_reports_errors_at_its_position_in_the_script() {
    String sql = "CREATE STREAM s (k INT KEY, v INT) WITH (KAFKA_TOPIC='s');\nCREATE STREAM q AS SELECT k, nope FROM s;";
    RuleStatement rule = RuleScript.parse(sql).get(1);
    StreamSchema s = RuleScript.compile(RuleScript.parse(sql).get(0).text()).sources().get(0);

    assertThatThrownBy(() -> RuleScript.compileQuery("Q", s, rule.text())).isInstanceOfSatisfying(RuleException.class,
        e -> assertThat(e.errors().get(0).line()).isEqualTo(2));
  }

  @Test
  void a_compiled_script_keeps_its_statements() {
    assertThat(RuleScript.compile(HOT).statements()).extracting(RuleStatement::name)
        .containsExactly("READINGS", "HOT_DEVICES");
  }

  @Test
  void pass_through_columns_are_value_columns_only_copied_whole() {
    StreamSchema readings = StreamSchema.builder("READINGS").key("ID", SqlType.STRING)
        .value("A", SqlType.INTEGER).value("B", SqlType.INTEGER).value("C", SqlType.INTEGER).build();

    assertThat(RuleScript.compileQuery("R", readings, "SELECT id, a, b + 1 AS b1, c FROM readings WHERE b > 0;")
        .passThroughColumns()).containsExactly(1, 3);
    assertThat(RuleScript.compileQuery("R", readings, "SELECT id, a, a AS a2 FROM readings;")
        .passThroughColumns()).containsExactly(1);
    assertThat(RuleScript.compileQuery("R", readings, "SELECT id, a, CASE WHEN c > 0 THEN a END AS x FROM readings;")
        .passThroughColumns()).isEmpty();
    assertThat(RuleScript.compileQuery("R", readings, "SELECT id, a, ABS(c) AS x FROM readings WHERE a IN (1, c);")
        .passThroughColumns()).isEmpty();
    assertThat(RuleScript.compileQuery("R", readings,
        "SELECT id, LATEST_BY_OFFSET(a) AS a FROM readings GROUP BY id;").passThroughColumns()).isEmpty();
  }
}
