package io.strom.rules.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.RuleEvaluationException;
import io.strom.rules.contract.RuleException;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.Row;
import org.junit.jupiter.api.Test;

/** DEFINE over earlier rows, MEASURES, WITHIN, event-time order within grace, late rows, and analysis errors. */
class PatternEventTimeTest {

  private static final String SOURCE = "CREATE STREAM p (sym STRING KEY, price DOUBLE, vol INT) WITH (KAFKA_TOPIC='p');\n";

  private static CompiledRule rule(String body) {
    return RuleScript.compile(SOURCE + "CREATE STREAM m AS SELECT * FROM p MATCH_RECOGNIZE ( PARTITION BY sym"
        + " ORDER BY ROWTIME " + body + " ) EMIT CHANGES;").rule();
  }

  private static void feed(RuleInstance instance, Outputs out, Object[]... rows) {
    for (Object[] r : rows) {
      instance.process(InputRecord.of(Row.of(r[0], r[1], r[2]), (Long) r[3]), out);
    }
  }

  private static Object[] row(String sym, double price, int vol, long time) {
    return new Object[] {sym, price, vol, time};
  }

  @Test
  void define_reads_earlier_variables_with_prev_last_and_first() {
    // a run of rising prices (each above the one before), then a drop below the run's first price
    CompiledRule rule = rule("MEASURES FIRST(UP.price) AS low, LAST(UP.price) AS high, MAX(UP.vol) AS vol,"
        + " AVG(UP.price) AS mean, SUM(UP.vol) AS total, DOWN.price AS down"
        + " PATTERN (START UP+ DOWN) DEFINE UP AS UP.price > PREV(UP.price),"
        + " DOWN AS DOWN.price < FIRST(UP.price) AND LAST(UP.price, 1) IS NOT NULL");
    assertThat(rule.output().toString()).isEqualTo("[`SYM` STRING KEY, `LOW` DOUBLE, `HIGH` DOUBLE, `VOL` INTEGER,"
        + " `MEAN` DOUBLE, `TOTAL` INTEGER, `DOWN` DOUBLE]");
    Outputs out = new Outputs();
    feed(rule.newInstance(), out, row("x", 10, 1, 0), row("x", 11, 5, 1), row("x", 12, 2, 2), row("x", 10.5, 1, 3),
        row("x", 1, 1, 4));
    assertThat(out.records).containsExactly("x=[x, 11.0, 12.0, 5, 11.5, 7, 10.5]@3");
  }

  @Test
  void a_variable_without_define_is_always_true_and_count_star_counts_the_match() {
    CompiledRule rule = rule("MEASURES COUNT(*) AS n, LAST(price) AS last_price PATTERN (ANY{2} BIG)"
        + " DEFINE BIG AS BIG.price > 100");
    Outputs out = new Outputs();
    feed(rule.newInstance(), out, row("x", 1, 1, 0), row("x", 2, 1, 1), row("x", 200, 1, 2));
    assertThat(out.records).containsExactly("x=[x, 3, 200.0]@2");
  }

  @Test
  void partitions_match_separately() {
    CompiledRule rule = rule("MEASURES COUNT(*) AS n PATTERN (A B) DEFINE A AS A.price < 5, B AS B.price >= 5");
    Outputs out = new Outputs();
    feed(rule.newInstance(), out, row("x", 1, 1, 0), row("y", 9, 1, 1), row("y", 1, 1, 2), row("x", 9, 1, 3),
        row("y", 9, 1, 4));
    assertThat(out.records).containsExactly("x=[x, 2]@3", "y=[y, 2]@4");
  }

  @Test
  void the_select_list_reads_the_match_row_and_partition_columns_are_its_key() {
    CompiledRule selected = RuleScript.compile(SOURCE + "CREATE STREAM m AS SELECT sym, x.n * 10 AS tens, ROWTIME AS at"
        + " FROM p MATCH_RECOGNIZE (PARTITION BY sym ORDER BY ROWTIME MEASURES COUNT(*) AS n PATTERN (A B)"
        + " DEFINE A AS A.price < 5) AS x;").rule();
    assertThat(selected.output().toString()).isEqualTo("[`SYM` STRING KEY, `TENS` BIGINT, `AT` BIGINT]");
    Outputs out = new Outputs();
    feed(selected.newInstance(), out, row("x", 1, 1, 4), row("x", 7, 1, 6));
    assertThat(out.records).containsExactly("x=[x, 20, 6]@6");

    CompiledRule twoKeys = RuleScript.compile(SOURCE + "CREATE STREAM m WITH (KEY_FORMAT='JSON') AS SELECT * FROM p"
        + " MATCH_RECOGNIZE (PARTITION BY sym, vol ORDER BY ROWTIME MEASURES LAST(price) AS last_price"
        + " PATTERN (A) DEFINE A AS A.price > 5);").rule();
    Outputs twoOut = new Outputs();
    feed(twoKeys.newInstance(), twoOut, row("x", 9, 1, 0));
    assertThat(twoOut.records).containsExactly("{SYM=x, VOL=1}=[x, 1, 9.0]@0");

    CompiledRule noKey = RuleScript.compile(SOURCE + "CREATE STREAM m AS SELECT * FROM p MATCH_RECOGNIZE ("
        + " ORDER BY ROWTIME MEASURES FIRST(sym) AS first_sym, LAST(sym) AS last_sym PATTERN (A B)"
        + " DEFINE A AS A.price > 5, B AS B.price > A.price);").rule();
    Outputs noKeyOut = new Outputs();
    feed(noKey.newInstance(), noKeyOut, row("x", 9, 1, 0), row("y", 10, 1, 1)); // one partition: the whole input
    assertThat(noKeyOut.records).containsExactly("null=[x, y]@1");
  }

  @Test
  void within_ends_partial_matches_as_event_time_passes() {
    CompiledRule rule = rule("MEASURES COUNT(A.*) AS n PATTERN (A+ B) WITHIN INTERVAL '10' SECOND"
        + " DEFINE A AS A.price < 5, B AS B.price >= 5");
    Outputs out = new Outputs();
    RuleInstance instance = rule.newInstance();
    feed(instance, out, row("x", 1, 1, 0), row("x", 1, 1, 5_000), row("x", 9, 1, 10_000)); // B 10 s after the first A
    assertThat(out.records).containsExactly("x=[x, 1]@10000"); // only the match starting at 5 s fits
    // a greedy tail ends when another key moves event time past WITHIN
    CompiledRule tail = rule("MEASURES COUNT(A.*) AS n PATTERN (B A+) WITHIN 10 SECONDS"
        + " DEFINE A AS A.price < 5, B AS B.price >= 5");
    Outputs tailOut = new Outputs();
    RuleInstance tailInstance = tail.newInstance();
    feed(tailInstance, tailOut, row("x", 9, 1, 0), row("x", 1, 1, 1_000), row("x", 1, 1, 2_000));
    assertThat(tailOut.records).isEmpty();
    feed(tailInstance, tailOut, row("other", 1, 1, 9_999));
    assertThat(tailOut.records).isEmpty();
    feed(tailInstance, tailOut, row("other", 1, 1, 10_000));
    assertThat(tailOut.records).containsExactly("x=[x, 2]@2000");
  }

  @Test
  void within_bounds_the_state_however_long_the_input() {
    CompiledRule bounded = rule("MEASURES COUNT(A.*) AS n PATTERN (A+ B) WITHIN 10 SECONDS"
        + " DEFINE A AS A.price < 5, B AS B.price >= 5");
    CompiledRule unbounded = rule("MEASURES COUNT(A.*) AS n PATTERN (A+ B) DEFINE A AS A.price < 5, B AS B.price >= 5");
    RuleInstance b = bounded.newInstance();
    RuleInstance u = unbounded.newInstance();
    Outputs out = new Outputs();
    int[] sizes = new int[4];
    for (int i = 0; i < 20_000; i++) {
      Object[] r = row("k" + (i % 50), 1, 1, i * 100L); // failures only: every partial match stays open
      feed(b, out, r);
      if (i < 2_000) {
        feed(u, out, r);
      }
      if (i == 499) {
        sizes[2] = u.snapshot().length;
      } else if (i == 1_999) {
        sizes[0] = b.snapshot().length;
        sizes[3] = u.snapshot().length;
      }
    }
    sizes[1] = b.snapshot().length;
    assertThat(out.records).isEmpty();
    assertThat(sizes[1]).as("after 10x the input, the state with WITHIN is as large as before: " + java.util.Arrays.toString(sizes))
        .isBetween(sizes[0] * 9 / 10, sizes[0] * 11 / 10);
    assertThat(sizes[3]).as("without WITHIN partial matches pile up: " + java.util.Arrays.toString(sizes))
        .isGreaterThan(sizes[2] * 4);
  }

  @Test
  void rows_out_of_order_within_grace_are_matched_in_event_time_order_and_later_ones_are_late() {
    CompiledRule rule = rule("MEASURES FIRST(A.price) AS a, B.price AS b PATTERN (A B) GRACE PERIOD 5 SECONDS"
        + " DEFINE A AS A.price < 5, B AS B.price >= 5");
    Outputs out = new Outputs();
    RuleInstance instance = rule.newInstance();
    feed(instance, out, row("x", 9, 1, 2_000), row("x", 1, 1, 1_000)); // B arrives before A
    assertThat(out.records).isEmpty(); // held until event time is 5 s past them
    feed(instance, out, row("y", 0, 0, 7_000));
    assertThat(out.records).containsExactly("x=[x, 1.0, 9.0]@2000");
    feed(instance, out, row("x", 1, 1, 1_999)); // 7 000 - 5 000 > 1 999: late
    assertThat(out.late).hasSize(1);
    assertThat(out.late.get(0).lateByMillis()).isEqualTo(1);
    assertThat(instance.lateRecords()).isEqualTo(1);
  }

  @Test
  void without_grace_a_row_older_than_stream_time_is_late() {
    CompiledRule rule = rule("MEASURES COUNT(*) AS n PATTERN (A B) DEFINE A AS A.price < 5, B AS B.price >= 5");
    Outputs out = new Outputs();
    RuleInstance instance = rule.newInstance();
    feed(instance, out, row("x", 1, 1, 10), row("x", 9, 1, 9), row("x", 9, 1, 10));
    assertThat(out.late).hasSize(1);
    assertThat(out.records).containsExactly("x=[x, 2]@10");
  }

  @Test
  void a_failing_condition_is_reported_after_the_record_was_processed() {
    CompiledRule rule = RuleScript.compile("CREATE STREAM q (k STRING KEY, a INT) WITH (KAFKA_TOPIC='q');\n"
        + "CREATE STREAM m AS SELECT * FROM q MATCH_RECOGNIZE (PARTITION BY k ORDER BY ROWTIME MEASURES COUNT(*) AS n"
        + " PATTERN (A B) DEFINE A AS 10 / A.a > 1, B AS B.a > 0);").rule();
    RuleInstance instance = rule.newInstance();
    Outputs out = new Outputs();
    assertThatThrownBy(() -> instance.process(InputRecord.of(Row.of("k", 0), 0), out))
        .isInstanceOf(RuleEvaluationException.class).hasMessageContaining("arithmetic error");
    instance.process(InputRecord.of(Row.of("k", 1), 1), out);
    instance.process(InputRecord.of(Row.of("k", 1), 2), out);
    assertThat(out.records).containsExactly("k=[k, 2]@2");
  }

  private static String error(String body) {
    try {
      rule(body);
    } catch (RuleException e) {
      return e.getMessage();
    }
    throw new AssertionError("compiled: " + body);
  }

  @Test
  void errors_name_line_and_column() {
    // the MATCH_RECOGNIZE starts at 2:36, its body (after ORDER BY ROWTIME) at 2:88
    assertThat(error("MEASURES X.price AS p PATTERN (A) DEFINE A AS A.price > 1"))
        .isEqualTo("2:97: Unknown pattern variable X in MEASURES: the PATTERN has A. Did you mean A?");
    assertThat(error("PATTERN (A B) DEFINE A AS C.price > 1"))
        .startsWith("2:114: Unknown pattern variable C in DEFINE");
    assertThat(error("PATTERN (A) DEFINE B AS B.price > 1")).startsWith("2:107: DEFINE names B, which the PATTERN does not use.");
    assertThat(error("MEASURES A.nope AS p PATTERN (A) DEFINE A AS true")).startsWith("2:97: MEASURES column 'NOPE' cannot be resolved.");
    assertThat(error("PATTERN (A) DEFINE A AS A.price")).startsWith("2:112: Type error in DEFINE A");
    assertThat(error("MEASURES SUM(A.sym) AS s PATTERN (A) DEFINE A AS true")).startsWith("2:97: SUM cannot aggregate A.SYM (STRING)");
    assertThat(error("PATTERN (A*) DEFINE A AS true")).startsWith("2:98: The PATTERN can match no rows at all");
    assertThat(error("PATTERN ((A?)+) DEFINE A AS true")).startsWith("2:101: A quantifier applies to a term that can match no rows");
    assertThat(error("PATTERN (A{3,2}) DEFINE A AS true")).startsWith("2:98: The quantifier {3,2} has a lower bound above");
    assertThat(error("AFTER MATCH SKIP TO LAST Z PATTERN (A) DEFINE A AS true")).startsWith("2:113: AFTER MATCH SKIP names Z");
    assertThat(error("MEASURES NEXT(A.price) AS n PATTERN (A) DEFINE A AS true")).startsWith("2:97: NEXT is not supported");
    String noOrder = RuleScriptErrors.of(SOURCE + "CREATE STREAM m AS SELECT * FROM p MATCH_RECOGNIZE ( PARTITION BY sym"
        + " PATTERN (A) DEFINE A AS true );");
    assertThat(noOrder).isEqualTo("2:36: MATCH_RECOGNIZE needs ORDER BY ROWTIME: patterns are matched in event-time order.");
    String table = RuleScriptErrors.of(SOURCE + "CREATE TABLE m AS SELECT * FROM p MATCH_RECOGNIZE ( PARTITION BY sym"
        + " ORDER BY ROWTIME PATTERN (A) DEFINE A AS true );");
    assertThat(table).startsWith("2:19: Invalid result type. A MATCH_RECOGNIZE produces a STREAM");
    assertThat(RuleScriptErrors.of(SOURCE + "CREATE STREAM m AS SELECT * FROM p MATCH_RECOGNIZE ( ORDER BY ROWTIME"
        + " PATTERN (A B+?) DEFINE A AS true );")).isNull();
  }

  /** Compiles a script and returns its error message, or null when it compiles. */
  static final class RuleScriptErrors {
    static String of(String sql) {
      try {
        RuleScript.compile(sql);
        return null;
      } catch (RuleException e) {
        return e.getMessage();
      }
    }
  }
}
