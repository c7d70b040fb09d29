package io.strom.rules.runtime.window;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which key is due at which stream time: each key is listed once, at the earliest close time of its
 * windows ({@link KeyWindows#scheduledAt}), so the schedule holds at most one live entry per key.
 * Buckets are visited in ascending close time and, within one, in the order keys were scheduled:
 * that is the EMIT FINAL output order, and it is part of the snapshot. An entry whose key has since
 * been scheduled earlier (an out-of-order window) is stale and skipped.
 */
final class CloseSchedule {

  static final class Bucket {
    KeyWindows[] keys = new KeyWindows[4];
    int size;

    void add(KeyWindows windows) {
      if (size > 0 && keys[size - 1] == windows) {
        return;
      }
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
      }
      keys[size++] = windows;
    }
  }

  private final TreeMap<Long, Bucket> buckets = new TreeMap<>();
  // Most records of a partition land in the same window, so the last bucket used is cached.
  private long cachedTime;
  private Bucket cached;

  // buckets.firstKey(), kept at hand: it is checked on every record that advances stream time.
  private long first = Long.MAX_VALUE;

  void add(long closeTime, KeyWindows windows) {
    if (closeTime < first) {
      first = closeTime;
    }
    if (cached == null || cachedTime != closeTime) {
      cached = buckets.computeIfAbsent(closeTime, t -> new Bucket());
      cachedTime = closeTime;
    }
    cached.add(windows);
  }

  /** The earliest close time scheduled, or {@code Long.MAX_VALUE} when none is. */
  long firstTime() {
    return first;
  }

  Bucket pollFirst() {
    Bucket polled = buckets.pollFirstEntry().getValue();
    if (polled == cached) {
      cached = null;
    }
    first = buckets.isEmpty() ? Long.MAX_VALUE : buckets.firstKey();
    return polled;
  }

  Iterable<Map.Entry<Long, Bucket>> entries() {
    return buckets.entrySet();
  }

  void clear() {
    buckets.clear();
    cached = null;
    first = Long.MAX_VALUE;
  }
}
