package io.strom.bench.rules.joins;

import java.util.SplittableRandom;

/**
 * The input every contender processes: a table of users (key, country) loaded first, then a stream
 * of orders (user key, amount) against it. Keys are shared {@code Long} objects, as a deserializer's
 * output would be handed to each engine; amounts are boxed by each contender as it reads them (a
 * deserializer boxes too). A share of the orders ({@link #MISSING_SHARE}) are of users without a
 * table row, which the INNER join drops.
 */
final class JoinInput {

  static final String[] COUNTRIES = {"DE", "FR", "US", "BR", "GB", "IN", "JP", "NG", "CA", "MX", "ES", "IT"};
  /** Orders whose user has no row: their keys lie beyond the table's. */
  static final double MISSING_SHARE = 0.1;
  static final long TABLE_TIME = 0;

  final int tableRows;
  final int records;
  /** The pool of user keys: the first {@code tableRows} have a table row, the rest do not. */
  final Long[] keyPool;
  /** The country of each table row, an index into {@link #COUNTRIES}. */
  final byte[] tableCountry;
  final int[] keyIndex;
  final long[] amounts;
  final long[] timestamps;

  private JoinInput(int tableRows, int records) {
    this.tableRows = tableRows;
    this.records = records;
    int missingKeys = Math.max(1, (int) (tableRows * MISSING_SHARE / (1 - MISSING_SHARE)));
    keyPool = new Long[tableRows + missingKeys];
    for (int k = 0; k < keyPool.length; k++) {
      keyPool[k] = 1_000_000_000L + k;
    }
    tableCountry = new byte[tableRows];
    keyIndex = new int[records];
    amounts = new long[records];
    timestamps = new long[records];
  }

  String country(int row) {
    return COUNTRIES[tableCountry[row]];
  }

  /** The first {@code n} stream records over the same table (for a shorter warm-up of the slowest contender). */
  JoinInput prefix(int n) {
    JoinInput prefix = new JoinInput(tableRows, Math.min(n, records));
    System.arraycopy(keyPool, 0, prefix.keyPool, 0, keyPool.length);
    System.arraycopy(tableCountry, 0, prefix.tableCountry, 0, tableRows);
    System.arraycopy(keyIndex, 0, prefix.keyIndex, 0, prefix.records);
    System.arraycopy(amounts, 0, prefix.amounts, 0, prefix.records);
    System.arraycopy(timestamps, 0, prefix.timestamps, 0, prefix.records);
    return prefix;
  }

  /** Uniformly random users (so {@link #MISSING_SHARE} of the orders find no row), amounts 1-100,000. */
  static JoinInput generate(int tableRows, int records, long seed) {
    JoinInput input = new JoinInput(tableRows, records);
    SplittableRandom random = new SplittableRandom(seed);
    for (int r = 0; r < tableRows; r++) {
      input.tableCountry[r] = (byte) random.nextInt(COUNTRIES.length);
    }
    for (int i = 0; i < records; i++) {
      input.keyIndex[i] = random.nextInt(input.keyPool.length);
      input.amounts[i] = 1 + random.nextInt(100_000);
      input.timestamps[i] = 1_000 + i;
    }
    return input;
  }
}
