package io.strom.rules.runtime.window;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which keys have a window closing at which stream time, in ascending close time and, per close
 * time, in the order the windows were scheduled. That order is the EMIT FINAL output order and is
 * part of the snapshot. Entries are hints: a key listed at a time whose window has since grown
 * (a session) or gone is simply skipped when that time comes.
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
