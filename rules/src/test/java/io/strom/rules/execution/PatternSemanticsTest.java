package io.strom.rules.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MATCH_RECOGNIZE semantics on letter streams: each record is one letter of one user at the time
 * given; every output shows the match's first and last row time and what each variable took.
 */
class PatternSemanticsTest {

  static final String SOURCE = "CREATE STREAM ev (u STRING KEY, v STRING, n INT) WITH (KAFKA_TOPIC='ev');\n";

  /** Variables A, B, C (those the pattern uses) take the letters a, b, c. */
  static CompiledRule rule(String pattern, String extra) {
    String measures = "";
    String defines = "";
    for (String v : List.of("A", "B", "C")) {
      if (pattern.contains(v)) {
        measures += ", COUNT(" + v + ".*) AS n" + v;
        defines += (defines.isEmpty() ? "" : ", ") + v + " AS " + v + ".v = '" + v.toLowerCase() + "'";
      }
    }
    return RuleScript.compile(SOURCE + "CREATE STREAM m AS SELECT * FROM ev MATCH_RECOGNIZE ("
        + " PARTITION BY u ORDER BY ROWTIME"
        + " MEASURES FIRST(ROWTIME) AS s, LAST(ROWTIME) AS e" + measures
        + " ONE ROW PER MATCH " + extra
        + " PATTERN (" + pattern + ")"
        + " DEFINE " + defines + " ) EMIT CHANGES;").rule();
  }

  /** Runs letters at times 0, 1, 2, ... for user "u"; returns outputs as "s-e:na,nb" (0 for a variable not used). */
  static List<String> run(CompiledRule rule, String letters) {
    RuleInstance instance = rule.newInstance();
    List<String> out = new java.util.ArrayList<>();
    List<String> names = rule.output().stream().map(c -> c.name()).toList();
    for (int i = 0; i < letters.length(); i++) {
      instance.process(InputRecord.of(Row.of("u", String.valueOf(letters.charAt(i)), i), i),
          r -> out.add(r.values()[1] + "-" + r.values()[2] + ":" + count(names, r.values(), "NA") + ","
              + count(names, r.values(), "NB")));
    }
    return out;
  }

  private static Object count(List<String> names, Object[] values, String name) {
    int i = names.indexOf(name);
    return i < 0 ? 0 : values[i];
  }

  static List<String> run(String pattern, String letters) {
    return run(rule(pattern, ""), letters);
  }

  @Test
  void the_account_takeover_example_compiles_and_matches() {
    String sql = "CREATE STREAM logins (user_id STRING KEY, success BOOLEAN, country STRING, ts BIGINT)"
        + " WITH (KAFKA_TOPIC='logins', TIMESTAMP='ts');\n"
        + "CREATE STREAM takeover AS SELECT * FROM logins MATCH_RECOGNIZE ( PARTITION BY user_id ORDER BY ROWTIME"
        + " MEASURES FIRST(A.ts) AS start_ts, LAST(B.country) AS country, COUNT(A.*) AS failures"
        + " ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW PATTERN (A{3,} B) WITHIN INTERVAL '10' MINUTE"
        + " DEFINE A AS A.success = false, B AS B.success = true AND B.country <> LAST(A.country) ) EMIT CHANGES;";
    CompiledRule rule = RuleScript.compile(sql).rule();
    assertThat(rule.output().toString()).isEqualTo("[`USER_ID` STRING KEY, `START_TS` BIGINT, `COUNTRY` STRING, `FAILURES` BIGINT]");
    assertThat(rule.isPattern()).isTrue();
    assertThat(rule.isStateful()).isTrue();
    RuleInstance instance = rule.newInstance();
    Outputs out = new Outputs();
    long minute = 60_000;
    Object[][] logins = {
        {"ann", false, "DE", 0L}, {"bob", false, "DE", 1L}, {"ann", false, "DE", minute}, {"ann", false, "DE", 2 * minute},
        {"ann", false, "DE", 3 * minute}, {"ann", true, "BR", 4 * minute}, // ann: 4 failures then BR
        {"bob", false, "DE", 2L}, {"bob", true, "BR", 3L}, // bob: only 2 failures
        {"cid", false, "FR", 0L}, {"cid", false, "FR", 5 * minute}, {"cid", false, "FR", 6 * minute},
        {"cid", true, "US", 11 * minute}, // cid: too late, the first failure was 11 minutes before
    };
    for (Object[] l : logins) {
      instance.process(InputRecord.of(Row.of(l), 0), out);
    }
    assertThat(out.records).containsExactly("ann=[ann, 0, BR, 4]@240000");
  }

  @Test
  void a_pattern_statement_parses_for_hosts_like_any_rule() {
    String sql = SOURCE + "CREATE STREAM m AS SELECT * FROM ev MATCH_RECOGNIZE (PARTITION BY u ORDER BY ROWTIME"
        + " MEASURES COUNT(*) AS n PATTERN (A B) DEFINE A AS A.v = 'a');";
    io.strom.rules.RuleStatement statement = RuleScript.parse(sql).get(1);
    assertThat(statement.kind()).isEqualTo(io.strom.rules.RuleStatement.Kind.CREATE_AS_SELECT);
    assertThat(statement.source()).isEqualTo("EV");
    assertThat(statement.window()).isNull();
    CompiledRule rule = RuleScript.compile(sql).rule();
    assertThat(rule.isAggregate()).isFalse();
    assertThat(rule.passThroughColumns()).isEmpty();
    assertThat(rule.output().toString()).isEqualTo("[`U` STRING KEY, `N` BIGINT]");
  }

  @Test
  void greedy_and_reluctant_quantifiers() {
    assertThat(run("A+ B?", "aaab")).containsExactly("0-3:3,1");
    assertThat(run("A+? B?", "aaab")).containsExactly("0-0:1,0", "1-1:1,0", "2-3:1,1");
    assertThat(run("A* B", "aaab")).containsExactly("0-3:3,1");
    assertThat(run("A*? B", "aaab")).containsExactly("0-3:3,1");
    assertThat(run("A?? B", "ab")).containsExactly("0-1:1,1");
    assertThat(run("A? B", "bab")).containsExactly("0-0:0,1", "1-2:1,1");
    assertThat(run("A{2}", "aaaaa")).containsExactly("0-1:2,0", "2-3:2,0");
    assertThat(run("A{2,} B", "aaaab")).containsExactly("0-4:4,1");
    assertThat(run("A{2,3}", "aaaaa")).containsExactly("0-2:3,0"); // the second waits for a third A
    assertThat(run("A{2,3}", "aaaaab")).containsExactly("0-2:3,0", "3-4:2,0");
    assertThat(run("A{2,3}?", "aaaaa")).containsExactly("0-1:2,0", "2-3:2,0");
    assertThat(run("A{,2} B", "aaab")).containsExactly("1-3:2,1");
    assertThat(run("A{2,}? B?", "aaaab")).containsExactly("0-1:2,0", "2-4:2,1"); // B? is greedy
    assertThat(run("A{2,}? B", "aaaab")).containsExactly("0-4:4,1");
  }

  @Test
  void a_greedy_tail_waits_for_the_row_that_ends_it() {
    assertThat(run("B A+", "baaa")).isEmpty();
    assertThat(run("B A+", "baaac")).containsExactly("0-3:3,1");
  }

  @Test
  void alternation_prefers_the_left_alternative() {
    assertThat(run("(A | A B) C?", "abc")).containsExactly("0-0:1,0");
    assertThat(run("(A B | A) C", "abc")).containsExactly("0-2:1,1");
    assertThat(run("(A | B)+ C", "abbac")).containsExactly("0-4:2,2");
  }

  @Test
  void skip_strategies() {
    assertThat(run(rule("A+ B", "AFTER MATCH SKIP PAST LAST ROW"), "aaab")).containsExactly("0-3:3,1");
    assertThat(run(rule("A+ B", "AFTER MATCH SKIP TO NEXT ROW"), "aaab"))
        .containsExactly("0-3:3,1", "1-3:2,1", "2-3:1,1");
    assertThat(run(rule("A B+ C", "AFTER MATCH SKIP TO LAST B"), "abbcbbc")).containsExactly("0-3:1,2");
    assertThat(run(rule("(A | B) B* C", "AFTER MATCH SKIP TO LAST B"), "abbcbbc"))
        .containsExactly("0-3:1,2", "2-3:0,1", "4-6:0,2", "5-6:0,1");
    assertThat(run(rule("A B+ C?", "AFTER MATCH SKIP TO FIRST B"), "abbabx"))
        .containsExactly("0-2:1,2", "3-4:1,1");
  }
}
