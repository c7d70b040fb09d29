package io.strom.rules.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.contract.WindowCloseException;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.LateRecord;
import io.strom.rules.data.Row;
import io.strom.rules.data.WindowBounds;
import io.strom.rules.data.WindowType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Strom's EMIT FINAL: every closed window exactly once, also when stream time jumps past its close
 * (ksqlDB drops those). The first four are the conformance cases the runner reports as deviations,
 * with the complete output Strom owes; the rest are the behaviours ksqlDB users miss.
 */
class EmitFinalTest {

  private static final String SOURCE = "CREATE STREAM INPUT (ID STRING KEY, COL1 STRING) WITH (kafka_topic='input_topic', value_format='JSON');\n";

  private static RuleInstance rule(String select) {
    return RuleScript.compile(SOURCE + select).rule().newInstance();
  }

  private static void feed(RuleInstance instance, Outputs out, Object[][] records) {
    long offset = 0;
    for (Object[] r : records) {
      instance.process(new InputRecord(r[0], Row.of(r[0], r[1]), (Long) r[2], offset++), out);
    }
  }

  private static Object[] rec(String key, String col1, long ts) {
    return new Object[] {key, col1, ts};
  }

  @Test
  void out_of_order_events_within_grace_and_a_jump_past_two_closes() {
    RuleInstance instance = rule("CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) as COUNT FROM INPUT WINDOW TUMBLING"
        + " (SIZE 2 MILLISECONDS, GRACE PERIOD 1 MILLISECONDS) GROUP BY ID EMIT FINAL;");
    Outputs out = new Outputs();
    feed(instance, out, new Object[][] {rec("k1", "v1", 0), rec("k1", "v1", 1), rec("k1", "v1", 2), rec("k1", "v1", 1),
        rec("k1", "v1", 0), rec("k1", "v1", 5)});
    // ksqlDB emits only [2,4): stream time jumps from 2 to 5, past the close of [0,2) at 3
    assertThat(out.records).containsExactly("k1=[k1, 4]@1[0,2)", "k1=[k1, 1]@2[2,4)");
  }

  @Test
  void count_of_a_column_skips_nulls() {
    RuleInstance instance = rule("CREATE TABLE OUTPUT AS SELECT ID, COUNT(COL1) as COUNT FROM INPUT WINDOW TUMBLING"
        + " (SIZE 2 MILLISECONDS, GRACE PERIOD 1 MILLISECONDS) GROUP BY ID EMIT FINAL;");
    Outputs out = new Outputs();
    feed(instance, out, new Object[][] {rec("k1", null, 0), rec("k1", "v1", 1), rec("k1", null, 1), rec("k1", "v1", 2),
        rec("k1", "v1", 5)});
    assertThat(out.records).containsExactly("k1=[k1, 1]@1[0,2)", "k1=[k1, 1]@2[2,4)");
  }

  @Test
  void hopping_windows_close_in_order() {
    RuleInstance instance = rule("CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) as COUNT FROM INPUT WINDOW HOPPING"
        + " (SIZE 5 MILLISECONDS,ADVANCE BY 2 MILLISECONDS, GRACE PERIOD 1 MILLISECONDS) GROUP BY ID EMIT FINAL;");
    Outputs out = new Outputs();
    feed(instance, out, new Object[][] {rec("k1", "v1", 0), rec("k1", "v1", 1), rec("k1", "v1", 2), rec("k1", "v1", 1),
        rec("k1", "v1", 6), rec("k1", "v1", 5), rec("k1", "v1", 10)});
    // ksqlDB loses [2,7): its close (8) is jumped over when stream time goes from 6 to 10
    assertThat(out.records).containsExactly("k1=[k1, 4]@2[0,5)", "k1=[k1, 3]@6[2,7)", "k1=[k1, 2]@6[4,9)");
  }

  @Test
  void several_keys_each_get_their_windows_and_late_records_are_handed_out() {
    RuleInstance instance = rule("CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) as COUNT FROM INPUT WINDOW TUMBLING"
        + " (SIZE 2 MILLISECONDS, GRACE PERIOD 1 MILLISECONDS) GROUP BY ID EMIT FINAL;");
    Outputs out = new Outputs();
    feed(instance, out, new Object[][] {rec("k1", "v1", 0), rec("k2", "v1", 1), rec("k1", "v1", 2), rec("k1", "v1", 1),
        rec("k2", "v1", 0), rec("k1", "v1", 5), rec("k1", "v1", 0), rec("k2", "v1", 2)});
    assertThat(out.records).containsExactly("k1=[k1, 2]@1[0,2)", "k2=[k2, 2]@1[0,2)", "k1=[k1, 1]@2[2,4)");
    assertThat(out.late).hasSize(2);
    LateRecord first = out.late.get(0);
    assertThat(first.record().timestamp()).isZero();
    assertThat(first.missedWindow()).isEqualTo(new WindowBounds(0, 2, WindowType.TUMBLING));
    assertThat(first.lateByMillis()).isEqualTo(2); // stream time 5, window closed at 2 + 1
    assertThat(out.late.get(1).missedWindow()).isEqualTo(new WindowBounds(2, 4, WindowType.TUMBLING));
    assertThat(instance.lateRecords()).isEqualTo(2);
  }

  @Test
  void idle_input_closes_windows_through_advance_time() {
    CompiledRule rule = RuleScript.compile(SOURCE + "CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) AS N FROM INPUT"
        + " WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY ID EMIT FINAL;").rule();
    RuleInstance instance = rule.newInstance(Duration.ofSeconds(30));
    Outputs out = new Outputs();
    feed(instance, out, new Object[][] {rec("k1", "a", 1_000), rec("k1", "b", 2_000)});
    instance.advanceTime(100_000, out); // first tick after the records: idleness starts here
    instance.advanceTime(120_000, out);
    assertThat(out.records).isEmpty();
    instance.advanceTime(131_000, out); // idle 31 s: stream time follows the clock to 2 s + 31 s
    assertThat(out.records).containsExactly("k1=[k1, 2]@2000[0,10000)");
  }

  @Test
  void a_session_with_a_single_event_is_emitted() {
    RuleInstance instance = rule("CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) AS N FROM INPUT"
        + " WINDOW SESSION (5 MILLISECONDS, GRACE PERIOD 0 MILLISECONDS) GROUP BY ID EMIT FINAL;");
    Outputs out = new Outputs();
    feed(instance, out, new Object[][] {rec("k1", "a", 10), rec("k2", "b", 30)});
    assertThat(out.records).containsExactly("k1=[k1, 1]@10[10,10)");
  }

  @Test
  void a_window_whose_output_fails_does_not_keep_the_others_from_closing() {
    // 10 / (COUNT(*) - 2) divides by zero for a key with two records: only that window's output fails
    CompiledRule rule = RuleScript.compile(SOURCE + "CREATE TABLE OUTPUT AS SELECT ID, 10 / (COUNT(*) - 2) AS Q"
        + " FROM INPUT WINDOW TUMBLING (SIZE 2 MILLISECONDS, GRACE PERIOD 0 MILLISECONDS) GROUP BY ID EMIT FINAL;").rule();
    RuleInstance instance = rule.newInstance();
    Outputs out = new Outputs();
    feed(instance, out, new Object[][] {rec("k1", "a", 0), rec("k2", "a", 0), rec("k1", "a", 1), rec("k3", "a", 1),
        rec("k3", "a", 1), rec("k3", "a", 1)});
    WindowCloseException failed = catchThrowableOfType(WindowCloseException.class,
        () -> instance.process(new InputRecord("k4", Row.of("k4", "a"), 5L, 6), out));
    assertThat(failed.failures()).singleElement().satisfies(f -> assertThat(f.getMessage())
        .isEqualTo("rule OUTPUT: closing window [0, 2) of key k1: arithmetic error: / by zero"));
    // every other key due at the same time is emitted, and the record that closed them was aggregated
    assertThat(out.records).containsExactly("k2=[k2, -10]@0[0,2)", "k3=[k3, 10]@1[0,2)");
    instance.process(new InputRecord("k5", Row.of("k5", "a"), 9L, 7), out);
    assertThat(out.records).endsWith("k4=[k4, -10]@5[4,6)");
    // the failed window is gone for good, also from a snapshot
    RuleInstance restored = rule.newInstance();
    restored.restore(instance.snapshot());
    Outputs later = new Outputs();
    restored.process(new InputRecord("k6", Row.of("k6", "a"), 100L, 8), later);
    assertThat(later.records).containsExactly("k5=[k5, -10]@9[8,10)");
  }

  @Test
  void the_idle_clock_is_not_in_the_snapshot_so_downtime_is_not_idle_time() {
    CompiledRule rule = RuleScript.compile(SOURCE + "CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) AS N FROM INPUT"
        + " WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY ID EMIT FINAL;").rule();
    RuleInstance before = rule.newInstance(Duration.ofSeconds(30));
    Outputs out = new Outputs();
    feed(before, out, new Object[][] {rec("k1", "a", 1_000)});
    before.advanceTime(100_000, out); // idleness starts here
    RuleInstance after = rule.newInstance(Duration.ofSeconds(30));
    after.restore(before.snapshot());
    after.advanceTime(3_600_000, out); // an hour later, on another task: idleness starts again here
    feed(after, out, new Object[][] {rec("k1", "b", 2_000)}); // the backlog still counts
    after.advanceTime(3_610_000, out);
    assertThat(out.records).isEmpty();
    after.advanceTime(3_641_000, out);
    assertThat(out.records).containsExactly("k1=[k1, 2]@2000[0,10000)");
  }
}
