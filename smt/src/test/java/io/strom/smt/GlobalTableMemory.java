package io.strom.smt;

import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.Emitter;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.LateRecord;
import io.strom.rules.data.OutputRecord;
import io.strom.testkit.Heap;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.StringConverter;

/**
 * How much heap a global table keeps per row, through the path the task's reader takes: each
 * row's key and value as bytes, converted by StringConverter and JsonConverter, read by
 * {@link TableRows} and applied to the rule instance. Prints the retained bytes per row (GC'd heap
 * with the instance minus without) for a users table of two short strings. Not a test: run it by
 * hand (docs/smt.md gives the command and the figures), e.g. with -Xmx1g.
 */
final class GlobalTableMemory {

  private static final String SCRIPT = """
      CREATE STREAM logins (user_id STRING KEY, country STRING) WITH (kafka_topic = 'logins');
      CREATE TABLE users (user_id STRING PRIMARY KEY, home_country STRING) WITH (kafka_topic = 'users');
      CREATE STREAM away AS SELECT l.user_id AS user_id, l.country, u.home_country
        FROM logins l JOIN users u ON l.user_id = u.user_id;
      """;
  private static final String[] COUNTRIES = {"US", "DE", "FR", "GB", "IN", "JP", "BR", "CA", "PL", "AU", "NG", "SG"};
  private static final Emitter NONE = new Emitter() {
    @Override
    public void emit(OutputRecord record) {
      throw new IllegalStateException("a table change emitted " + record);
    }

    @Override
    public void late(LateRecord late) {}
  };

  private GlobalTableMemory() {}

  public static void main(String[] args) {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    CompiledRule rule = RuleScript.compile(SCRIPT).rule("AWAY");
    StringConverter keys = new StringConverter();
    keys.configure(Map.of(), true);
    JsonConverter values = new JsonConverter();
    values.configure(Map.of("schemas.enable", "false"), false);
    for (int round = 0; round < 3; round++) {
      TableRows table = new TableRows(rule.sources().get(1));
      long before = Heap.usedAfterGc();
      RuleInstance instance = rule.newInstance();
      for (int r = 0; r < rows; r++) {
        byte[] key = String.format("user-%07d", r).getBytes(StandardCharsets.UTF_8);
        byte[] value = ("{\"home_country\":\"" + COUNTRIES[r % COUNTRIES.length] + "\"}")
            .getBytes(StandardCharsets.UTF_8);
        Object k = keys.toConnectData("users", key).value();
        Object v = values.toConnectData("users", value).value();
        instance.process(1, table.change(k, v, "users", r, r), NONE);
      }
      long after = Heap.usedAfterGc();
      java.lang.ref.Reference.reachabilityFence(instance);
      System.out.printf("round %d: %d rows retain %.1f MB, %.0f bytes per row%n", round, rows,
          (after - before) / 1e6, (after - before) / (double) rows);
    }
  }
}
