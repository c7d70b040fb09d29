package io.strom.bench.rules.joins;

import java.util.HashMap;

/**
 * The same join written by hand the obvious way: a HashMap from user key to the table's row (its
 * columns, as a table row has several in general), one lookup per order, the output row built as
 * an array.
 */
final class HandwrittenJoin implements StreamTableJoin {

  /** The rows escape here, as they would to a producer. */
  private Object[] lastRow;

  @Override
  public String name() {
    return "hand-written HashMap";
  }

  @Override
  public Result run(JoinInput input) {
    HashMap<Long, Object[]> users = new HashMap<>();
    for (int r = 0; r < input.tableRows; r++) {
      Long key = input.keyPool[r];
      users.put(key, new Object[] {key, input.country(r)});
    }
    long rows = 0;
    long checksum = 0;
    Long[] keys = input.keyPool;
    int[] keyIndex = input.keyIndex;
    for (int i = 0; i < input.records; i++) {
      Long key = keys[keyIndex[i]];
      Long amount = input.amounts[i];
      Object[] user = users.get(key);
      if (user == null) {
        continue;
      }
      Object[] row = {key, amount, user[1]};
      lastRow = row;
      rows++;
      checksum = StreamTableJoin.mix(checksum, key, amount, (String) row[2], input.timestamps[i]);
    }
    return new Result(rows, checksum);
  }
}
