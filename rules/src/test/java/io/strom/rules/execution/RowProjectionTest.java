package io.strom.rules.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.RowProjection;
import io.strom.rules.contract.RuleEvaluationException;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.OutputRecord;
import io.strom.rules.data.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-place evaluation hosts may use instead of process(): the same outputs, for the rules that have one. */
class RowProjectionTest {

  private static final String SOURCE = "CREATE STREAM s (k STRING KEY, a INT, d DOUBLE, t STRING, ts BIGINT)"
      + " WITH (KAFKA_TOPIC='s');\n";

  private static CompiledRule rule(String rule) {
    return RuleScript.compile(SOURCE + rule).rule();
  }

  private static final List<Object[]> ROWS = List.of(
      new Object[] {"k1", 1, 21.5, "x", 100L},
      new Object[] {"k2", 7, 19.0, null, 200L},
      new Object[] {"k3", null, null, "yy", 300L},
      new Object[] {null, 12, 30.25, "zzz", 400L});

  /** What process() emits and what project() gives, rendered alike, for every row. */
  private static void assertSameAsProcess(CompiledRule rule) {
    RowProjection projection = rule.newProjection();
    assertThat(projection).isNotNull();
    Object[] into = new Object[rule.output().size()];
    List<String> processed = new ArrayList<>();
    List<String> projected = new ArrayList<>();
    var instance = rule.newInstance();
    long time = 10;
    for (Object[] values : ROWS) {
      Row row = Row.of(values.clone());
      instance.process(new InputRecord(values[0], row, time, 0L), r -> processed.add(render(r)));
      if (projection.project(row, time, into)) {
        projected.add(projection.key(into) + "=" + Arrays.deepToString(into));
      }
      time += 10;
    }
    assertThat(projected).isNotEmpty().containsExactlyElementsOf(processed);
  }

  private static String render(OutputRecord r) {
    return r.key() + "=" + Arrays.deepToString(r.values());
  }

  @Test
  void a_filter_projection_gives_what_process_emits() {
    assertSameAsProcess(rule("CREATE STREAM o AS SELECT k, a * 2 AS a2, d, UCASE(t) AS t FROM s WHERE d > 20.0;"));
  }

  @Test
  void a_plain_projection_and_rowtime_give_what_process_emits() {
    assertSameAsProcess(rule("CREATE STREAM o AS SELECT k, ROWTIME AS rt, t FROM s;"));
  }

  @Test
  void partition_by_keys_give_what_process_emits() {
    assertSameAsProcess(rule("CREATE STREAM o WITH (KEY_FORMAT='JSON') AS SELECT t, a, d FROM s PARTITION BY t, a;"));
  }

  @Test
  void a_timestamp_column_is_the_event_time_as_in_process() {
    CompiledRule rule = RuleScript.compile("CREATE STREAM s (k STRING KEY, a INT, ts BIGINT)"
        + " WITH (KAFKA_TOPIC='s', TIMESTAMP='ts');\nCREATE STREAM o AS SELECT k, ROWTIME AS rt FROM s;").rule();
    Object[] into = new Object[2];
    assertThat(rule.newProjection().project(Row.of("k1", 1, 1234L), 5L, into)).isTrue();
    assertThat(into).containsExactly("k1", 1234L);
  }

  @Test
  void a_failing_expression_throws_as_process_does() {
    CompiledRule rule = rule("CREATE STREAM o AS SELECT k, CAST(t AS INT) AS n FROM s;");
    assertThatThrownBy(() -> rule.newProjection().project(Row.of("k", 1, 1.0, "not a number", 1L), 1L, new Object[2]))
        .isInstanceOf(RuleEvaluationException.class);
  }

  @Test
  void stateful_rules_and_table_sources_have_none() {
    assertThat(rule("CREATE TABLE c AS SELECT k, COUNT(*) AS n FROM s GROUP BY k;").newProjection()).isNull();
    assertThat(RuleScript.compile("CREATE TABLE s (k STRING PRIMARY KEY, a INT) WITH (KAFKA_TOPIC='s');\n"
        + "CREATE TABLE o AS SELECT k, a FROM s WHERE a > 1;").rule().newProjection()).isNull();
  }
}
