package io.strom.bench.rules.joins;

import io.strom.testkit.Heap;
import io.strom.rules.contract.RuleInstance;
import java.util.HashMap;

/**
 * Retained heap per table row: the GC'd heap with a rule instance holding {@code rows} users'
 * rows minus without (the instance alone holds them). Each row's key is a new object, so the
 * retained keys count too, as they would from a deserializer; the countries are shared strings
 * (a dozen distinct values). The same for the hand-written HashMap, for comparison.
 */
final class TableRowMemory {

  private static final long FIRST_KEY = 5_000_000_000L;

  private TableRowMemory() {}

  static double strom(OursJoin ours, int rows) {
    OursJoin.Sink sink = new OursJoin.Sink();
    long before = Heap.usedAfterGc();
    RuleInstance instance = ours.newInstance();
    for (int r = 0; r < rows; r++) {
      ours.putUser(instance, Long.valueOf(FIRST_KEY + r), country(r), r, sink);
    }
    long after = Heap.usedAfterGc();
    java.lang.ref.Reference.reachabilityFence(instance);
    return (after - before) / (double) rows;
  }

  static double handwritten(int rows) {
    long before = Heap.usedAfterGc();
    HashMap<Long, Object[]> users = new HashMap<>();
    for (int r = 0; r < rows; r++) {
      Long key = FIRST_KEY + r;
      users.put(key, new Object[] {key, country(r)});
    }
    long after = Heap.usedAfterGc();
    java.lang.ref.Reference.reachabilityFence(users);
    return (after - before) / (double) rows;
  }

  private static String country(int row) {
    return JoinInput.COUNTRIES[row % JoinInput.COUNTRIES.length];
  }
}
