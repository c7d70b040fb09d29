package io.strom.rules.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
