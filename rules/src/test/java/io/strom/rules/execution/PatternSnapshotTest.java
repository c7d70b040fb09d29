package io.strom.rules.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.Row;
import io.strom.rules.runtime.state.SnapshotFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pattern state snapshots: restored at any point they continue identically; the version 1 format is pinned. */
class PatternSnapshotTest {

  private static final long SECOND = 1_000;

  private static final String TAKEOVER = "CREATE STREAM logins (user_id STRING KEY, success BOOLEAN, country STRING,"
      + " ts BIGINT) WITH (KAFKA_TOPIC='logins', TIMESTAMP='ts');\n"
      + "CREATE STREAM takeover AS SELECT * FROM logins MATCH_RECOGNIZE ( PARTITION BY user_id ORDER BY ROWTIME"
      + " MEASURES FIRST(A.ts) AS start_ts, LAST(B.country) AS country, COUNT(A.*) AS failures, AVG(A.ts) AS mean_ts"
      + " AFTER MATCH SKIP TO NEXT ROW PATTERN (A{3,} B) WITHIN INTERVAL '60' SECOND GRACE PERIOD 5 SECONDS"
      + " DEFINE A AS A.success = false, B AS B.success = true AND B.country <> LAST(A.country) ) EMIT CHANGES;";

  /**
   * Three users, rows out of order by up to 4 s (within grace), one late row, a failure streak
   * that outlives WITHIN. The first 12 records leave every match waiting for event time.
   */
  private static List<InputRecord> logins() {
    Object[][] rows = {
        {"ann", false, "DE", 1 * SECOND}, {"ann", false, "DE", 3 * SECOND}, {"bob", false, "FR", 2 * SECOND},
        {"ann", false, "DE", 2 * SECOND}, {"ann", false, "DE", 6 * SECOND}, {"bob", false, "FR", 4 * SECOND},
        {"ann", true, "BR", 8 * SECOND}, {"bob", false, "FR", 9 * SECOND}, {"ann", false, "DE", 1 * SECOND},
        {"cid", false, "US", 10 * SECOND}, {"bob", true, "PT", 12 * SECOND}, {"bob", false, "FR", 11 * SECOND},
        {"cid", false, "US", 20 * SECOND}, {"cid", false, "US", 30 * SECOND}, {"ann", false, "DE", 31 * SECOND},
        {"cid", true, "CA", 75 * SECOND}, {"ann", false, "DE", 90 * SECOND}, {"zed", false, "DE", 200 * SECOND},
    };
    List<InputRecord> records = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      records.add(new InputRecord(rows[i][0], Row.of(rows[i]), 0, i));
    }
    return records;
  }

  private static List<String> run(CompiledRule rule, List<InputRecord> records, int cut) {
    Outputs out = new Outputs();
    RuleInstance instance = rule.newInstance();
    for (int i = 0; i < records.size(); i++) {
      if (i == cut) {
        RuleInstance restored = rule.newInstance();
        restored.restore(instance.snapshot());
        instance = restored;
      }
      instance.process(records.get(i), out);
    }
    List<String> result = new ArrayList<>(out.records);
    result.add("late " + out.late.size() + " counted " + instance.lateRecords());
    return result;
  }

  @Test
  void a_restore_at_every_cut_point_continues_identically() {
    CompiledRule rule = RuleScript.compile(TAKEOVER).rule();
    List<InputRecord> records = logins();
    List<String> expected = run(rule, records, -1);
    assertThat(expected).containsExactly(
        "ann=[ann, 1000, BR, 4, 3000.0]@8000", "ann=[ann, 2000, BR, 3, 3666.6666666666665]@8000",
        "bob=[bob, 2000, PT, 4, 6500.0]@12000", "bob=[bob, 4000, PT, 3, 8000.0]@12000",
        "late 1 counted 1");
    for (int cut = 0; cut <= records.size(); cut++) {
      assertThat(run(rule, records, cut)).as("restored before record " + cut).isEqualTo(expected);
    }
  }

  /**
   * The pattern state format, version 1: a snapshot taken from the first 12 login records. This
   * code must still read these bytes (and writes them); a change of format must raise the
   * version and add a fixture of it.
   */
  @Test
  void a_version_1_snapshot_restores_and_is_what_this_code_writes() throws IOException {
    CompiledRule rule = RuleScript.compile(TAKEOVER).rule();
    List<InputRecord> records = logins();
    byte[] v1;
    try (InputStream in = getClass().getResourceAsStream("/io/strom/rules/runtime/pattern/pattern-state-v1.bin")) {
      v1 = in.readAllBytes();
    }
    assertThat(new String(v1, 0, 2, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PM");
    assertThat(v1[2]).isEqualTo((byte) 1);
    RuleInstance written = rule.newInstance();
    records.subList(0, 12).forEach(r -> written.process(r, new Outputs()));
    assertThat(written.snapshot()).as("this code writes the fixture's bytes").isEqualTo(v1);

    RuleInstance restored = rule.newInstance();
    restored.restore(v1);
    Outputs out = new Outputs();
    records.subList(12, records.size()).forEach(r -> restored.process(r, out));
    assertThat(out.records).as("every match waited for event time to pass its rows plus grace").containsExactly(
        "ann=[ann, 1000, BR, 4, 3000.0]@8000", "ann=[ann, 2000, BR, 3, 3666.6666666666665]@8000",
        "bob=[bob, 2000, PT, 4, 6500.0]@12000", "bob=[bob, 4000, PT, 3, 8000.0]@12000");
    assertThat(restored.lateRecords()).isEqualTo(1);
  }

  @Test
  void snapshots_of_other_rules_are_refused() {
    CompiledRule rule = RuleScript.compile(TAKEOVER).rule();
    CompiledRule other = RuleScript.compile(TAKEOVER.replace("A{3,}", "A{2,}")).rule();
    CompiledRule windowed = RuleScript.compile("CREATE STREAM s (k STRING KEY, v INT) WITH (KAFKA_TOPIC='s');\n"
        + "CREATE TABLE t AS SELECT k, COUNT(*) AS n FROM s WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY k;").rule();
    RuleInstance instance = rule.newInstance();
    assertThatThrownBy(() -> instance.restore(other.newInstance().snapshot()))
        .isInstanceOf(SnapshotFormatException.class).hasMessageContaining("another pattern");
    assertThatThrownBy(() -> instance.restore(windowed.newInstance().snapshot()))
        .isInstanceOf(SnapshotFormatException.class).hasMessageContaining("not a snapshot of a pattern rule");
    assertThatThrownBy(() -> windowed.newInstance().restore(instance.snapshot()))
        .isInstanceOf(SnapshotFormatException.class);
    byte[] truncated = java.util.Arrays.copyOf(rule.newInstance().snapshot(), 10);
    assertThatThrownBy(() -> instance.restore(truncated)).isInstanceOf(SnapshotFormatException.class);
  }
}
