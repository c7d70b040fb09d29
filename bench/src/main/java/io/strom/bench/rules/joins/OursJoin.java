package io.strom.bench.rules.joins;

import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.Emitter;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.LateRecord;
import io.strom.rules.data.OutputRecord;
import io.strom.rules.data.Row;
import io.strom.rules.data.StreamSchema;
import java.util.List;

/**
 * Strom through its public API: the rule below compiled once, one {@link RuleInstance} per run,
 * the users' rows fed first to the table source, then the orders to the stream source, each as an
 * {@link InputRecord} the way a host does it.
 */
final class OursJoin implements StreamTableJoin {

  static final String RULE = """
      CREATE STREAM orders (user_id BIGINT KEY, amount BIGINT)
        WITH (KAFKA_TOPIC='orders', VALUE_FORMAT='JSON');
      CREATE TABLE users (user_id BIGINT PRIMARY KEY, country STRING)
        WITH (KAFKA_TOPIC='users', VALUE_FORMAT='JSON');
      CREATE STREAM enriched_orders AS
        SELECT o.user_id, o.amount, u.country
        FROM orders o JOIN users u ON o.user_id = u.user_id
        EMIT CHANGES;
      """;

  private final CompiledRule rule = RuleScript.compile(RULE).rule();
  private final int ordersSource = sourceIndex(rule.sources(), "ORDERS");
  private final int usersSource = sourceIndex(rule.sources(), "USERS");

  @Override
  public String name() {
    return "strom (RuleScript)";
  }

  @Override
  public Result run(JoinInput input) {
    Sink sink = new Sink();
    load(input, newInstance(), sink);
    return new Result(sink.rows, sink.checksum);
  }

  RuleInstance newInstance() {
    return rule.newInstance();
  }

  /** Loads the table into {@code instance} (left holding it), then joins the orders. */
  void load(JoinInput input, RuleInstance instance, Emitter sink) {
    loadTable(input, instance, sink);
    Long[] keys = input.keyPool;
    int[] keyIndex = input.keyIndex;
    long[] timestamps = input.timestamps;
    for (int i = 0; i < input.records; i++) {
      Long key = keys[keyIndex[i]];
      instance.process(ordersSource, new InputRecord(key, new Order(key, input.amounts[i]), timestamps[i], i), sink);
    }
  }

  void loadTable(JoinInput input, RuleInstance instance, Emitter sink) {
    for (int r = 0; r < input.tableRows; r++) {
      putUser(instance, input.keyPool[r], input.country(r), r, sink);
    }
  }

  /** One user row (a table change) fed to the table source. */
  void putUser(RuleInstance instance, Long key, String country, long offset, Emitter sink) {
    instance.process(usersSource, new InputRecord(key, new User(key, country), JoinInput.TABLE_TIME, offset), sink);
  }

  private static int sourceIndex(List<StreamSchema> sources, String name) {
    for (int i = 0; i < sources.size(); i++) {
      if (sources.get(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    throw new IllegalStateException("the rule reads no source " + name + ": " + sources);
  }

  /** An order's columns (user_id, amount), the amount boxed as a deserializer would. */
  private static final class Order implements Row {
    private final Long key;
    private final Long amount;

    Order(Long key, long amount) {
      this.key = key;
      this.amount = amount;
    }

    @Override
    public Object get(int column) {
      return column == 0 ? key : amount;
    }
  }

  /** A user row's columns (user_id, country). */
  private record User(Long key, String country) implements Row {
    @Override
    public Object get(int column) {
      return column == 0 ? key : country;
    }
  }

  static final class Sink implements Emitter {
    long rows;
    long checksum;

    @Override
    public void emit(OutputRecord record) {
      rows++;
      Object[] v = record.values();
      checksum = StreamTableJoin.mix(checksum, (Long) v[0], (Long) v[1], (String) v[2], record.timestamp());
    }

    @Override
    public void late(LateRecord record) {
      throw new IllegalStateException("a stream-table join has no late records: " + record);
    }
  }
}
