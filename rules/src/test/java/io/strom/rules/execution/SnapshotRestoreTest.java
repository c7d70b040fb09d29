package io.strom.rules.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.Row;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Through the public API: process a stream, snapshot at every cut point, restore into a fresh
 * instance, continue; the outputs (and late records) must equal an uninterrupted run. Seeded
 * random streams (out of order, late, repeated keys, nulls) per rule shape.
 */
class SnapshotRestoreTest {

  private static final String SOURCE = "CREATE STREAM s (k STRING KEY, g STRING, v INT, d DOUBLE) WITH (KAFKA_TOPIC='s');\n";
  private static final int STREAMS_PER_RULE = 40;
  private static final int RECORDS = 24;

  @ParameterizedTest
  @ValueSource(strings = {
      "CREATE TABLE o AS SELECT k, COUNT(*) AS n, SUM(v) AS s FROM s WINDOW TUMBLING (SIZE 10 MILLISECONDS, GRACE PERIOD 5 MILLISECONDS) GROUP BY k;",
      "CREATE TABLE o AS SELECT k, COUNT(*) AS n FROM s WINDOW TUMBLING (SIZE 10 MILLISECONDS, GRACE PERIOD 3 MILLISECONDS) GROUP BY k EMIT FINAL;",
      "CREATE TABLE o AS SELECT k, MAX(d) AS m, WINDOWSTART AS ws FROM s WINDOW HOPPING (SIZE 12 MILLISECONDS, ADVANCE BY 4 MILLISECONDS, GRACE PERIOD 6 MILLISECONDS) GROUP BY k HAVING COUNT(*) > 1;",
      "CREATE TABLE o AS SELECT k, LATEST_BY_OFFSET(v) AS l, COUNT(*) AS n FROM s WINDOW SESSION (6 MILLISECONDS, GRACE PERIOD 4 MILLISECONDS) GROUP BY k;",
      "CREATE TABLE o AS SELECT k, COUNT(*) AS n FROM s WINDOW SESSION (5 MILLISECONDS, GRACE PERIOD 2 MILLISECONDS) GROUP BY k EMIT FINAL;",
      "CREATE TABLE o WITH (KEY_FORMAT='JSON') AS SELECT g, k, AVG(d) AS a, COUNT_DISTINCT(v) AS c, TOPK(v, 2) AS t FROM s WHERE v IS NOT NULL GROUP BY g, k HAVING SUM(v) > 10;",
      "CREATE STREAM o AS SELECT k, v * 2 AS w FROM s WHERE d > 0.5;"})
  void restoring_at_every_cut_point_continues_exactly(String rule) {
    CompiledRule compiled = RuleScript.compile(SOURCE + rule).rule();
    Random random = new Random(rule.hashCode());
    for (int stream = 0; stream < STREAMS_PER_RULE; stream++) {
      List<InputRecord> records = randomStream(random);
      Outputs whole = new Outputs();
      RuleInstance uninterrupted = compiled.newInstance();
      records.forEach(r -> uninterrupted.process(r, whole));
      for (int cut = 0; cut <= records.size(); cut++) {
        Outputs split = new Outputs();
        RuleInstance before = compiled.newInstance();
        records.subList(0, cut).forEach(r -> before.process(r, split));
        byte[] snapshot = before.snapshot();
        RuleInstance after = compiled.newInstance();
        after.restore(snapshot);
        records.subList(cut, records.size()).forEach(r -> after.process(r, split));
        assertThat(split.records).as("stream %d cut at %d of %s", stream, cut, records).isEqualTo(whole.records);
        assertThat(split.late).hasSameSizeAs(whole.late);
        assertThat(after.lateRecords()).isEqualTo(uninterrupted.lateRecords());
      }
    }
  }

  /**
   * A snapshot in format version 1, taken before version 2 dropped the idle clock: eight records of
   * three keys (TUMBLING 10 ms, grace 5, EMIT FINAL), then advanceTime(1000000) and (1000050), so
   * [20,30) is open for every key and the stored idle clock started at wall clock 1000000.
   */
  @Test
  void a_version_1_snapshot_restores_and_its_idle_clock_is_ignored() throws IOException {
    CompiledRule rule = RuleScript.compile(SOURCE + "CREATE TABLE o AS SELECT k, COUNT(*) AS n, SUM(v) AS s FROM s"
        + " WINDOW TUMBLING (SIZE 10 MILLISECONDS, GRACE PERIOD 5 MILLISECONDS) GROUP BY k EMIT FINAL;").rule();
    byte[] v1 = fixture("aggregation-state-v1.bin");
    assertThat(v1[0]).isEqualTo((byte) 1);
    RuleInstance instance = rule.newInstance(Duration.ofMillis(100));
    instance.restore(v1);
    Outputs out = new Outputs();
    // honoring the stored idle clock would make this 150 ms idle and close [20,30): it starts afresh
    instance.advanceTime(1_000_150, out);
    assertThat(out.records).isEmpty();
    assertThat(instance.snapshot()[0]).as("written as version 2").isEqualTo((byte) 2);
    instance.process(new InputRecord("k0", Row.of("k0", "a", 9, 0.5), 40, 8), out);
    assertThat(out.records).containsExactly("k2=[k2, 1, 6]@25[20,30)", "k0=[k0, 1, 7]@27[20,30)",
        "k1=[k1, 1, 8]@21[20,30)");
  }

  /** The rule and input behind the version-2 fixture: several accumulator kinds, two keys, windows that overlap. */
  static final String V2_RULE = SOURCE + "CREATE TABLE o AS SELECT k, COUNT(*) AS n, SUM(v) AS s, AVG(d) AS a,"
      + " TOPK(v, 2) AS t, LATEST_BY_OFFSET(g) AS l, COUNT_DISTINCT(g) AS c FROM s"
      + " WINDOW HOPPING (SIZE 10 MILLISECONDS, ADVANCE BY 5 MILLISECONDS, GRACE PERIOD 5 MILLISECONDS)"
      + " GROUP BY k EMIT FINAL;";

  static List<InputRecord> v2Input() {
    return List.of(
        new InputRecord("k1", Row.of("k1", "a", 3, 0.5), 1, 0),
        new InputRecord("k2", Row.of("k2", "b", null, 1.25), 3, 1),
        new InputRecord("k1", Row.of("k1", "b", 7, -2.0), 6, 2),
        new InputRecord("k2", Row.of("k2", "b", 4, null), 9, 3),
        new InputRecord("k1", Row.of("k1", "c", 5, 4.0), 12, 4),
        new InputRecord("k2", Row.of("k2", "a", -1, 0.0), 14, 5));
  }

  /**
   * The current format (version 2), written by this code from {@link #V2_RULE} and {@link #v2Input()}
   * (windows [0,10), [5,15) and [10,20) open for both keys, stream time 14). The code still writes exactly
   * these bytes; a change of format must raise the version and add a fixture of it.
   */
  @Test
  void a_version_2_snapshot_restores_and_is_what_this_code_writes() throws IOException {
    CompiledRule rule = RuleScript.compile(V2_RULE).rule();
    byte[] v2 = fixture("aggregation-state-v2.bin");
    assertThat(v2[0]).isEqualTo((byte) 2);
    RuleInstance written = rule.newInstance();
    v2Input().forEach(r -> written.process(r, new Outputs()));
    assertThat(written.snapshot()).as("this code writes the fixture's bytes").isEqualTo(v2);

    RuleInstance instance = rule.newInstance();
    instance.restore(v2);
    Outputs out = new Outputs();
    instance.process(new InputRecord("k1", Row.of("k1", "a", 1, 1.0), 40, 6), out);
    assertThat(out.records).as("the record at 40 closes every window restored").containsExactly(
        "k1=[k1, 2, 10, -0.75, [7, 3], b, 2]@6[0,10)", "k2=[k2, 2, 4, 1.25, [4], b, 1]@9[0,10)",
        "k1=[k1, 2, 12, 1.0, [7, 5], c, 2]@12[5,15)", "k2=[k2, 2, 3, 0.0, [4, -1], a, 2]@14[5,15)",
        "k1=[k1, 1, 5, 4.0, [5], c, 1]@12[10,20)", "k2=[k2, 1, -1, 0.0, [-1], a, 1]@14[10,20)");
  }

  private byte[] fixture(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/io/strom/rules/runtime/window/" + name)) {
      return in.readAllBytes();
    }
  }

  private static List<InputRecord> randomStream(Random random) {
    List<InputRecord> records = new ArrayList<>();
    long time = 0;
    for (int i = 0; i < RECORDS; i++) {
      time += random.nextInt(6);
      long ts = Math.max(0, random.nextInt(5) == 0 ? time - random.nextInt(20) : time);
      String key = "k" + random.nextInt(3);
      Integer v = random.nextInt(8) == 0 ? null : random.nextInt(10);
      Row row = Row.of(key, random.nextBoolean() ? "a" : "b", v, random.nextDouble());
      records.add(new InputRecord(key, row, ts, i));
    }
    return records;
  }
}
