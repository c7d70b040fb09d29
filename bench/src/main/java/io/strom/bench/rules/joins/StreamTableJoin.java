package io.strom.bench.rules.joins;

/**
 * One contender: loads the table, then joins every order with its user's row (INNER: an order
 * without a row gives nothing) and emits {@code (user_id, amount, country)} at the order's time.
 * Returns what it emitted so the runs can be checked against each other.
 */
interface StreamTableJoin {

  String name();

  Result run(JoinInput input);

  /** Joined rows emitted and a checksum over them (key, amount, country, time, in order). */
  record Result(long rows, long checksum) {}

  static long mix(long checksum, Long key, Long amount, String country, long timestamp) {
    long h = checksum * 31 + key.hashCode();
    h = h * 31 + amount.hashCode();
    h = h * 31 + country.hashCode();
    return h * 31 + timestamp;
  }
}
