package io.strom.bench.rules.windowed;

import java.util.Random;

/**
 * The input every contender processes: records over a pool of distinct keys, event time advancing
 * steadily, a few records out of order (most within grace, some beyond it). Keys are shared
 * {@code Long} objects, as a deserializer's output would be handed to each engine.
 */
final class WindowedInput {

  static final long WINDOW_MILLIS = 60_000;
  static final long GRACE_MILLIS = 10_000;
  /** HAVING COUNT(*) > THRESHOLD */
  static final long THRESHOLD = 2;

  final int records;
  final Long[] keyPool;
  final int[] keyIndex;
  final long[] timestamps;

  private WindowedInput(int records, int keys) {
    this.records = records;
    this.keyPool = new Long[keys];
    this.keyIndex = new int[records];
    this.timestamps = new long[records];
  }

  /** The first {@code n} records (for a shorter warm-up of the slowest contender). */
  WindowedInput prefix(int n) {
    WindowedInput prefix = new WindowedInput(Math.min(n, records), keyPool.length);
    System.arraycopy(keyPool, 0, prefix.keyPool, 0, keyPool.length);
    System.arraycopy(keyIndex, 0, prefix.keyIndex, 0, prefix.records);
    System.arraycopy(timestamps, 0, prefix.timestamps, 0, prefix.records);
    return prefix;
  }

  /** About 3 records per key and window, 5 % out of order by up to 5 s, 0.1 % by up to 2 min. */
  static WindowedInput generate(int records, int keys, long seed) {
    WindowedInput input = new WindowedInput(records, keys);
    for (int k = 0; k < keys; k++) {
      input.keyPool[k] = 1_000_000_000L + k;
    }
    Random random = new Random(seed);
    double millisPerRecord = WINDOW_MILLIS / (3.0 * keys);
    for (int i = 0; i < records; i++) {
      long ts = (long) (i * millisPerRecord);
      int roll = random.nextInt(1000);
      if (roll < 1) {
        ts -= random.nextInt(120_000);
      } else if (roll < 50) {
        ts -= random.nextInt(5_000);
      }
      input.timestamps[i] = Math.max(0, ts);
      input.keyIndex[i] = random.nextInt(keys);
    }
    return input;
  }
}
