package io.strom.rules.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.RuleEvaluationException;
import io.strom.rules.contract.RuleException;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.Column;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.Row;
import io.strom.rules.types.StructValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ksqlDB's evaluation semantics, checked without the shared corpus. */
class SemanticsTest {

  private static final String SOURCE =
      "CREATE STREAM s (k STRING KEY, a INT, b BIGINT, d DOUBLE, t STRING, f BOOLEAN) WITH (KAFKA_TOPIC='s');\n";

  private static CompiledRule rule(String select) {
    return RuleScript.compile(SOURCE + "CREATE STREAM o AS SELECT " + select + ";").rule();
  }

  /** Evaluates a one-row rule and returns the value columns (null when the row is filtered out). */
  private static List<Object> eval(String select, Object... values) {
    List<Object[]> rows = new java.util.ArrayList<>();
    RuleInstance instance = rule(select).newInstance();
    instance.process(InputRecord.of(Row.of(values), 7L), r -> rows.add(r.values()));
    return rows.isEmpty() ? null : java.util.Arrays.asList(rows.get(0)).subList(1, rows.get(0).length);
  }

  @Test
  void comparisons_with_null_are_false_and_null_safe_operators_see_null() {
    assertThat(eval("k, a = b AS eq, a <> b AS ne, NOT (a = b) AS neg, a IS NULL AS n, a IS DISTINCT FROM b AS dist FROM s",
        "k", null, 1L, null, null, null))
        .containsExactly(false, false, true, true, true);
    assertThat(eval("k, t FROM s WHERE a IN (1, 2)", "k", null, null, null, null, null)).isNull();
    assertThat(eval("k, CASE WHEN f THEN 'yes' ELSE 'no' END AS c FROM s", "k", null, null, null, null, null))
        .containsExactly("no");
  }

  @Test
  void arithmetic_follows_java_and_ksqldb_widening() {
    assertThat(eval("k, a / 2 AS i, a % 3 AS m, b + a AS l, a * 1.5 AS dec, d / 0 AS inf, 7 / 2.0 AS q FROM s",
        "k", 7, 10L, 1.0, null, null))
        .containsExactly(3, 1, 17L, new java.math.BigDecimal("10.5"), Double.POSITIVE_INFINITY, new java.math.BigDecimal("3.500000"));
    assertThat(rule("k, a * 1.5 AS dec FROM s").output().get(1).type().toString()).isEqualTo("DECIMAL(13, 1)");
  }

  @Test
  void in_list_literals_are_read_as_the_tested_type() {
    assertThat(eval("k, t FROM s WHERE f IN ('yes', 'tr')", "k", null, null, null, null, true)).isNotNull();
    assertThat(eval("k, t FROM s WHERE t IN (10, 10.50, true)", "k", null, null, null, "10.50", null)).isNotNull();
    assertThat(eval("k, t FROM s WHERE a IN ('2147483648', 3)", "k", 3, null, null, null, null)).isNotNull();
  }

  @Test
  void like_with_escape_and_underscore() {
    assertThat(eval("k, t FROM s WHERE t LIKE '50!%_off' ESCAPE '!'", "k", null, null, null, "50%Xoff", null)).isNotNull();
    assertThat(eval("k, t FROM s WHERE t LIKE '50!%_off' ESCAPE '!'", "k", null, null, null, "50XXoff", null)).isNull();
    assertThat(eval("k, t FROM s WHERE t NOT LIKE '%x%'", "k", null, null, null, "abc", null)).isNotNull();
  }

  @Test
  void string_and_math_functions() {
    assertThat(eval("k, SUBSTRING(t, 0, 2) AS s0, SUBSTRING(t, -3) AS tail, LEN(t) AS n, UCASE(t) AS u,"
        + " CONCAT(t, NULL, '!') AS c, ROUND(d) AS r, ROUND(d, 1) AS r1, SIGN(d) AS sg, CEIL(d) AS ce FROM s",
        "k", null, null, -1.55, "hello", null))
        .containsExactly("he", "llo", 5, "HELLO", "hello!", -2L, -1.5, -1, -1.0);
  }

  @Test
  void generated_names_skip_source_names_and_quoted_names_keep_their_case() {
    CompiledRule r = RuleScript.compile("CREATE STREAM s (k STRING KEY, KSQL_COL_0 INT, `lower` INT) WITH (KAFKA_TOPIC='s');"
        + "CREATE STREAM o AS SELECT k, KSQL_COL_0 + 1, `lower` * 2, `lower` FROM s;").rule();
    assertThat(r.output()).extracting(Column::name).containsExactly("K", "KSQL_COL_1", "KSQL_COL_2", "lower");
  }

  @Test
  void failing_cast_is_an_evaluation_error_naming_the_rule() {
    RuleInstance instance = rule("k, CAST(t AS INT) AS n FROM s").newInstance();
    assertThatThrownBy(() -> instance.process(InputRecord.of(Row.of("k", null, null, null, "x1", null), 0), r -> { }))
        .isInstanceOf(RuleEvaluationException.class).hasMessageStartingWith("rule O:");
  }

  @Test
  void multi_column_group_keys_are_structs_and_tables_emit_updates() {
    CompiledRule r = RuleScript.compile(SOURCE + "CREATE TABLE o WITH (KEY_FORMAT='JSON') AS SELECT t, f, COUNT(*) AS n, SUM(a) AS total"
        + " FROM s GROUP BY t, f HAVING SUM(a) < 10;").rule();
    Outputs out = new Outputs();
    RuleInstance instance = r.newInstance();
    instance.process(InputRecord.of(Row.of("k", 4, null, null, "x", true), 1), out);
    instance.process(InputRecord.of(Row.of("k", 5, null, null, "x", true), 2), out);
    instance.process(InputRecord.of(Row.of("k", 5, null, null, "x", true), 3), out);
    instance.process(InputRecord.of(Row.of("k", 5, null, null, null, true), 4), out); // null group value: dropped
    StructValue key = new StructValue(List.of("T", "F"), List.of("x", true));
    assertThat(out.records).containsExactly(key + "=[x, true, 1, 4]@1", key + "=[x, true, 2, 9]@2", key + "=null@3");
  }

  @Test
  void predictive_aggregates_compile_and_run() {
    CompiledRule r = RuleScript.compile(SOURCE + "CREATE TABLE o AS SELECT k, SLOPE(d) AS slope, EWMA(d, 0.5) AS avg,"
        + " TIME_TO_THRESHOLD(d, 10) AS eta FROM s WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY k;").rule();
    Outputs out = new Outputs();
    RuleInstance instance = r.newInstance();
    instance.process(InputRecord.of(Row.of("k", null, null, 1.0, null, null), 0), out);
    instance.process(InputRecord.of(Row.of("k", null, null, 2.0, null, null), 1000), out);
    assertThat(out.records.get(1)).isEqualTo("k=[k, 1.0, 1.5, 8000]@1000[0,60000)");
  }

  @Test
  void misplaced_window_bounds_and_bad_aggregate_parameters_are_compile_errors() {
    assertThatThrownBy(() -> RuleScript.compile(SOURCE + "CREATE TABLE o AS SELECT k, COUNT(*) AS n FROM s GROUP BY k HAVING WINDOWSTART > 0;"))
        .isInstanceOf(RuleException.class).hasMessageContaining("Window bounds column WINDOWSTART");
    assertThatThrownBy(() -> RuleScript.compile(SOURCE + "CREATE TABLE o AS SELECT k, TOPK(a, 0) AS t FROM s GROUP BY k;"))
        .isInstanceOf(RuleException.class).hasMessageContaining("2:29");
  }

  @Test
  void event_time_from_a_string_column_with_timestamp_format() {
    CompiledRule r = RuleScript.compile("CREATE STREAM t (id BIGINT, ts VARCHAR) WITH (KAFKA_TOPIC='t',"
        + " TIMESTAMP='ts', TIMESTAMP_FORMAT='yy-MM-dd HH:mm:ssX'); CREATE STREAM o AS SELECT id, ROWTIME AS rt FROM t;").rule();
    List<Object> times = new java.util.ArrayList<>();
    RuleInstance instance = r.newInstance();
    instance.process(InputRecord.of(Row.of(1L, "10-04-19 12:00:17Z"), 0), o -> times.add(o.timestamp()));
    assertThat(times).containsExactly(1_271_678_417_000L);
    assertThatThrownBy(() -> instance.process(InputRecord.of(Row.of(2L, "!!!"), 0), o -> { }))
        .isInstanceOf(RuleEvaluationException.class).hasMessageContaining("TIMESTAMP_FORMAT");
    assertThatThrownBy(() -> RuleScript.compile("CREATE STREAM t (id BIGINT, ts VARCHAR) WITH (KAFKA_TOPIC='t', TIMESTAMP='ts');"))
        .hasMessageContaining("add TIMESTAMP_FORMAT");
  }

  @Test
  void function_arity_errors_name_the_accepted_signatures() {
    assertThatThrownBy(() -> rule("k, COALESCE() AS c FROM s")).isInstanceOf(RuleException.class)
        .hasMessageContaining("Function COALESCE does not accept parameters ()");
    assertThatThrownBy(() -> rule("k, CONCAT() AS c FROM s")).isInstanceOf(RuleException.class);
    assertThatThrownBy(() -> rule("k, ABS(NULL) AS c FROM s")).hasMessageContaining("ambiguous method parameters (null)");
    assertThat(rule("k, SUBSTRING(t, NULL) AS c, ABS(CAST(NULL AS INT)) AS n FROM s").output()).hasSize(3);
    assertThatThrownBy(() -> rule("k, a AS rowkey FROM s")).hasMessageContaining("reserved column name");
  }

  @Test
  void the_kafka_key_format_holds_a_single_key_column() {
    assertThatThrownBy(() -> RuleScript.compile(SOURCE + "CREATE TABLE o AS SELECT t, f, COUNT(*) AS n FROM s GROUP BY t, f;"))
        .hasMessageContaining("The 'KAFKA' format only supports a single field");
    assertThat(RuleScript.compile(SOURCE + "CREATE TABLE o WITH (KEY_FORMAT='JSON') AS SELECT t, f, COUNT(*) AS n FROM s GROUP BY t, f;")
        .rule().output()).hasSize(3);
    assertThatThrownBy(() -> RuleScript.compile("CREATE STREAM m (a INT KEY, b INT KEY, v INT) WITH (KAFKA_TOPIC='m');"))
        .hasMessageContaining("KEY_FORMAT='JSON'");
  }

  @Test
  void null_operands_stay_null_through_nested_double_arithmetic() {
    assertThat(eval("k, d * 2 + CASE WHEN d * 3 > 1.0 THEN d ELSE 1.0 END AS x,"
        + " (d + 1) * (CASE WHEN f THEN 2.0 ELSE d END) AS y FROM s", "k", null, null, null, null, true))
        .containsExactly(null, null);
    assertThat(eval("k, d * 2 + CASE WHEN d * 3 > 1.0 THEN d ELSE 1.0 END AS x FROM s", "k", null, null, 1.5, null, true))
        .containsExactly(4.5);
  }
}
