package io.strom.bench.rules.windowed;

import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.Emitter;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.LateRecord;
import io.strom.rules.data.OutputRecord;
import io.strom.rules.data.Row;
import java.util.Locale;

/**
 * Strom through its public API: the rule below compiled once, one {@link RuleInstance} per run,
 * each record handed over as an {@link InputRecord} the way a host (the SMT, the sink) does it.
 */
final class OursWindowedCount implements WindowedCount {

  static final String RULE = String.format(Locale.ROOT, """
      CREATE STREAM events (k BIGINT KEY) WITH (KAFKA_TOPIC='events', VALUE_FORMAT='JSON');
      CREATE TABLE busy AS
        SELECT k, WINDOWSTART AS ws, WINDOWEND AS we, COUNT(*) AS n
        FROM events WINDOW TUMBLING (SIZE %d MILLISECONDS, GRACE PERIOD %d MILLISECONDS)
        GROUP BY k
        HAVING COUNT(*) > %d
        EMIT CHANGES;
      """, WindowedInput.WINDOW_MILLIS, WindowedInput.GRACE_MILLIS, WindowedInput.THRESHOLD);

  private final CompiledRule rule = RuleScript.compile(RULE).rule();

  @Override
  public String name() {
    return "strom (RuleScript)";
  }

  @Override
  public Result run(WindowedInput input) {
    RuleInstance instance = rule.newInstance();
    Sink sink = new Sink();
    Long[] keys = input.keyPool;
    int[] keyIndex = input.keyIndex;
    long[] timestamps = input.timestamps;
    for (int i = 0; i < input.records; i++) {
      Long key = keys[keyIndex[i]];
      instance.process(new InputRecord(key, new KeyRow(key), timestamps[i], i), sink);
    }
    return new Result(sink.rows, sink.tombstones, sink.late, sink.checksum);
  }

  /** The record's only column is its key (as a host's adapter would expose it). */
  private record KeyRow(Long key) implements Row {
    @Override
    public Object get(int columnIndex) {
      return key;
    }
  }

  private static final class Sink implements Emitter {
    long rows;
    long tombstones;
    long late;
    long checksum;

    @Override
    public void emit(OutputRecord record) {
      if (record.isTombstone()) {
        tombstones++;
        return;
      }
      rows++;
      Object[] values = record.values();
      checksum = WindowedCount.mix(checksum, record.key(), record.window().start(), (Long) values[3], record.timestamp());
    }

    @Override
    public void late(LateRecord record) {
      late++;
    }
  }
}
