package io.strom.bench.rules.windowed;

/**
 * One contender: a tumbling COUNT(*) per key with HAVING COUNT(*) > THRESHOLD over the input,
 * EMIT CHANGES without caching. Returns what it emitted so the runs can be checked against each other.
 */
interface WindowedCount {

  String name();

  Result run(WindowedInput input);

  /** Rows that passed HAVING, tombstones, late records, and a checksum over the emitted rows. */
  record Result(long rows, long tombstones, long late, long checksum) {}

  static long mix(long checksum, Object key, long windowStart, long count, long timestamp) {
    long h = checksum * 31 + key.hashCode();
    h = h * 31 + windowStart;
    h = h * 31 + count;
    return h * 31 + timestamp;
  }
}
