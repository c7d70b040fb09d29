package io.strom.bench.rules.patterns;

import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.Emitter;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.LateRecord;
import io.strom.rules.data.OutputRecord;
import io.strom.rules.data.Row;

/**
 * Strom through its public API: the account-takeover rule of docs/rules.md compiled once, one
 * {@link RuleInstance} per run, each login handed over as an {@link InputRecord} the way a host
 * does it.
 */
final class OursTakeover implements TakeoverDetector {

  static final String RULE = """
      CREATE STREAM logins (user_id STRING KEY, success BOOLEAN, country STRING, ts BIGINT)
        WITH (KAFKA_TOPIC='logins', VALUE_FORMAT='JSON', TIMESTAMP='ts');
      CREATE STREAM account_takeover AS
        SELECT * FROM logins
        MATCH_RECOGNIZE (
          PARTITION BY user_id
          ORDER BY ROWTIME
          MEASURES FIRST(A.ts) AS start_ts, LAST(B.country) AS country, COUNT(A.*) AS failures
          ONE ROW PER MATCH
          AFTER MATCH SKIP PAST LAST ROW
          PATTERN (A{3,} B)
          WITHIN INTERVAL '10' MINUTE
          DEFINE A AS A.success = false,
                 B AS B.success = true AND B.country <> LAST(A.country)
        ) EMIT CHANGES;
      """;

  private final CompiledRule rule = RuleScript.compile(RULE).rule();

  @Override
  public String name() {
    return "strom (RuleScript)";
  }

  @Override
  public Result run(LoginInput in) {
    return run(in, rule.newInstance());
  }

  /** Feeds all of the input to {@code instance} (left holding the partial matches still open). */
  Result run(LoginInput in, RuleInstance instance) {
    Sink sink = new Sink();
    for (int i = 0; i < in.events; i++) {
      instance.process(new InputRecord(in.users[in.user[i]], new Login(in, i), in.time[i], i), sink);
    }
    if (sink.late != 0) {
      throw new IllegalStateException(sink.late + " logins reported late: the input is in event-time order");
    }
    return new Result(sink.matches, sink.checksum, -1);
  }

  RuleInstance newInstance() {
    return rule.newInstance();
  }

  /** One login's columns, read from the input's arrays (as a host's adapter reads its record). */
  private record Login(LoginInput in, int index) implements Row {
    @Override
    public Object get(int column) {
      return switch (column) {
        case 0 -> in.users[in.user[index]];
        case 1 -> in.success[index];
        case 2 -> LoginInput.COUNTRIES[in.country[index]];
        default -> in.time[index];
      };
    }
  }

  private static final class Sink implements Emitter {
    long matches;
    long checksum;
    long late;

    @Override
    public void emit(OutputRecord record) {
      matches++;
      Object[] v = record.values();
      checksum = TakeoverDetector.mix(checksum, (String) v[0], (Long) v[1], (String) v[2], (Long) v[3], record.timestamp());
    }

    @Override
    public void late(LateRecord record) {
      late++;
    }
  }
}
