package io.strom.bench.rules;

import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.Emitter;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.OutputRecord;
import io.strom.rules.data.Row;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A filter + projection rule over 1M pre-built rows, against a hand-written Java method doing the
 * same work on the same rows (same checks for null, same output shape: key + Object[] values).
 * One operation = one pass over all rows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StatelessRuleJmh {

  static final int ROWS = 1_000_000;

  static final String RULE = """
      CREATE STREAM readings (device_id STRING KEY, site STRING, temp_c DOUBLE, humidity INT)
        WITH (KAFKA_TOPIC='readings', VALUE_FORMAT='JSON');
      CREATE STREAM hot AS
        SELECT device_id, site, temp_c * 1.8 + 32 AS temp_f, humidity
        FROM readings
        WHERE temp_c > 30.0 AND humidity < 80
        EMIT CHANGES;
      """;

  InputRecord[] records;
  RuleInstance instance;

  @Setup(Level.Trial)
  public void setUp() {
    CompiledRule rule = RuleScript.compile(RULE).rule();
    instance = rule.newInstance();
    records = new InputRecord[ROWS];
    SplittableRandom random = new SplittableRandom(42);
    String[] sites = {"lab", "roof", "boiler", "yard"};
    for (int i = 0; i < ROWS; i++) {
      String device = "dev-" + random.nextInt(100_000);
      Double temp = random.nextInt(50) == 0 ? null : random.nextDouble(-10, 50);
      Row row = Row.of(device, sites[random.nextInt(sites.length)], temp, random.nextInt(100));
      records[i] = new InputRecord(device, row, 1_764_028_800_000L + i, i);
    }
  }

  @Benchmark
  public void ours(Blackhole bh) {
    Emitter out = bh::consume;
    for (InputRecord record : records) {
      instance.process(record, out);
    }
  }

  @Benchmark
  public void handwritten(Blackhole bh) {
    for (InputRecord record : records) {
      OutputRecord out = hot(record);
      if (out != null) {
        bh.consume(out);
      }
    }
  }

  /** The rule written by hand: WHERE temp_c > 30.0 AND humidity < 80, then the projection. */
  static OutputRecord hot(InputRecord record) {
    Row row = record.value();
    if (row == null) {
      return null;
    }
    Object temp = row.get(2);
    Object humidity = row.get(3);
    if (temp == null || (Double) temp <= 30.0 || humidity == null || (Integer) humidity >= 80) {
      return null;
    }
    Object device = row.get(0);
    Object[] values = {device, row.get(1), (Double) temp * 1.8 + 32, humidity};
    return new OutputRecord(device, values, record.timestamp(), null);
  }
}
