package io.strom.rules.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.Row;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Joins and table sources through the public API: feed a seeded random mix of the sources'
 * records (out of order, repeated keys, table updates and deletes), snapshot at every cut point,
 * restore into a fresh instance, continue; the outputs must equal an uninterrupted run.
 */
class JoinSnapshotRestoreTest {

  /** Two streams and two tables, all keyed by a STRING k. */
  private static final String SOURCES = """
      CREATE STREAM s1 (k STRING KEY, a INT) WITH (KAFKA_TOPIC='s1');
      CREATE STREAM s2 (k STRING KEY, b INT) WITH (KAFKA_TOPIC='s2');
      CREATE TABLE t1 (k STRING PRIMARY KEY, c INT) WITH (KAFKA_TOPIC='t1');
      CREATE TABLE t2 (k STRING PRIMARY KEY, d INT) WITH (KAFKA_TOPIC='t2');
      """;
  private static final int STREAMS_PER_RULE = 30;
  private static final int RECORDS = 22;

  @ParameterizedTest
  @ValueSource(strings = {
      "CREATE STREAM o AS SELECT s1.k, a, c FROM s1 JOIN t1 ON s1.k = t1.k;",
      "CREATE STREAM o AS SELECT s1.k, a, c, d FROM s1 LEFT JOIN t1 ON s1.k = t1.k LEFT JOIN t2 ON s1.k = t2.k;",
      "CREATE STREAM o AS SELECT s1.k, a, b FROM s1 LEFT JOIN s2 WITHIN 5 MILLISECONDS ON s1.k = s2.k;",
      "CREATE STREAM o AS SELECT ROWKEY AS id, a, b FROM s1 FULL OUTER JOIN s2 WITHIN 4 MILLISECONDS GRACE PERIOD 3 MILLISECONDS ON s1.k = s2.k;",
      "CREATE STREAM o AS SELECT s2.k, a, b FROM s1 RIGHT JOIN s2 WITHIN (2 MILLISECONDS, 6 MILLISECONDS) GRACE PERIOD 2 MILLISECONDS ON s1.k = s2.k WHERE b > 1;",
      "CREATE TABLE o AS SELECT t1.k, c, d FROM t1 JOIN t2 ON t1.k = t2.k;",
      "CREATE TABLE o AS SELECT t1.k, c, d FROM t1 LEFT JOIN t2 ON t1.k = t2.k WHERE c > 2;",
      "CREATE TABLE o AS SELECT ROWKEY AS id, c, d FROM t1 FULL OUTER JOIN t2 ON t1.k = t2.k;",
      "CREATE TABLE o AS SELECT c, COUNT(*) AS n, SUM(c) AS s FROM t1 GROUP BY c HAVING COUNT(*) > 0;",
      "CREATE STREAM o AS SELECT a, k FROM s1 PARTITION BY a;"})
  void restoring_at_every_cut_point_continues_exactly(String rule) {
    CompiledRule compiled = RuleScript.compile(SOURCES + rule).rule();
    List<String> topics = compiled.sources().stream().map(s -> s.topic()).toList();
    Random random = new Random(rule.hashCode());
    int outputs = 0;
    for (int stream = 0; stream < STREAMS_PER_RULE; stream++) {
      List<Fed> records = randomInput(random, topics);
      Outputs whole = new Outputs();
      RuleInstance uninterrupted = compiled.newInstance();
      records.forEach(r -> uninterrupted.process(r.source(), r.record(), whole));
      outputs += whole.records.size();
      for (int cut = 0; cut <= records.size(); cut++) {
        Outputs split = new Outputs();
        RuleInstance before = compiled.newInstance();
        records.subList(0, cut).forEach(r -> before.process(r.source(), r.record(), split));
        RuleInstance after = compiled.newInstance();
        after.restore(before.snapshot());
        records.subList(cut, records.size()).forEach(r -> after.process(r.source(), r.record(), split));
        assertThat(split.records).as("stream %d cut at %d of %s", stream, cut, records).isEqualTo(whole.records);
        assertThat(after.lateRecords()).isEqualTo(uninterrupted.lateRecords());
        assertThat(after.snapshot()).as("the restored state snapshots to the same bytes at the end")
            .isEqualTo(uninterrupted.snapshot());
      }
    }
    assertThat(outputs).as("the random inputs make the rule emit").isGreaterThan(STREAMS_PER_RULE);
  }

  /** The rule and input behind the version-1 join fixture: a held outer record, both windows' sides and a table. */
  static final String V1_RULE = """
      CREATE STREAM s1 (k STRING KEY, a INT) WITH (KAFKA_TOPIC='s1');
      CREATE STREAM s2 (k STRING KEY, b INT) WITH (KAFKA_TOPIC='s2');
      CREATE TABLE t1 (k STRING PRIMARY KEY, c INT) WITH (KAFKA_TOPIC='t1');
      CREATE STREAM o AS SELECT s1.k, a, b, c FROM s1 LEFT JOIN s2 WITHIN 5 MILLISECONDS GRACE PERIOD 2 MILLISECONDS
        ON s1.k = s2.k LEFT JOIN t1 ON s1.k = t1.k;
      """;

  static List<Fed> v1Input() {
    return List.of(
        new Fed(2, new InputRecord("k1", Row.of("k1", 7), 1, 0)),
        new Fed(0, new InputRecord("k1", Row.of("k1", 1), 2, 1)),
        new Fed(1, new InputRecord("k1", Row.of("k1", 10), 4, 2)),
        new Fed(0, new InputRecord("k2", Row.of("k2", 2), 5, 3)),
        new Fed(2, new InputRecord("k2", Row.of("k2", 8), 6, 4)),
        new Fed(0, new InputRecord("k1", Row.of("k1", 3), 9, 5)));
  }

  /**
   * The join snapshot format (JN, version 1), written by this code from {@link #V1_RULE} and
   * {@link #v1Input()}: this code still writes exactly these bytes and reads them back; a change of
   * format must raise the version and add a fixture of it.
   */
  @Test
  void a_version_1_join_snapshot_restores_and_is_what_this_code_writes() throws IOException {
    CompiledRule rule = RuleScript.compile(V1_RULE).rule();
    byte[] v1;
    try (InputStream in = getClass().getResourceAsStream("/io/strom/rules/runtime/join/join-state-v1.bin")) {
      v1 = in.readAllBytes();
    }
    RuleInstance written = rule.newInstance();
    Outputs seen = new Outputs();
    v1Input().forEach(r -> written.process(r.source(), r.record(), seen));
    assertThat(seen.records).containsExactly("k1=[k1, 1, 10, 7]@4", "k1=[k1, 3, 10, 7]@9");
    assertThat(written.snapshot()).as("this code writes the fixture's bytes").isEqualTo(v1);

    RuleInstance restored = rule.newInstance();
    restored.restore(v1);
    Outputs out = new Outputs();
    restored.process(0, new InputRecord("k3", Row.of("k3", 4), 20, 6), out);
    assertThat(out.records).as("k2, held since 5, is emitted with nulls once stream time passes 5 + 5 + 2")
        .containsExactly("k2=[k2, 2, null, 8]@5");
  }

  /** One record and the index of the rule's source it is fed to. */
  private record Fed(int source, InputRecord record) {
    @Override
    public String toString() {
      return source + ":" + record.key() + (record.value() == null ? "=null" : "=" + record.value().get(1))
          + "@" + record.timestamp();
    }
  }

  private static List<Fed> randomInput(Random random, List<String> topics) {
    List<Fed> records = new ArrayList<>();
    long time = 0;
    for (int i = 0; i < RECORDS; i++) {
      time += random.nextInt(4);
      long ts = Math.max(0, random.nextInt(5) == 0 ? time - random.nextInt(12) : time);
      int source = random.nextInt(topics.size());
      String key = "k" + random.nextInt(3);
      boolean table = topics.get(source).startsWith("t");
      Row row = table && random.nextInt(4) == 0 ? null : Row.of(key, random.nextInt(5));
      records.add(new Fed(source, new InputRecord(key, row, ts, i)));
    }
    return records;
  }
}
