package io.strom.bench.rules.windowed;

import java.util.ArrayDeque;
import java.util.HashMap;

/**
 * The same query written by hand the obvious way: a HashMap from (key, window start) to a counter,
 * a queue of windows in creation order for eviction, the grace check, HAVING and the output row.
 */
final class HandwrittenWindowedCount implements WindowedCount {

  private record WindowKey(Object key, long start) {}

  /** The rows escape here, as they would to a producer. */
  private Object[] lastRow;

  @Override
  public String name() {
    return "hand-written HashMap";
  }

  @Override
  public Result run(WindowedInput input) {
    long size = WindowedInput.WINDOW_MILLIS;
    long grace = WindowedInput.GRACE_MILLIS;
    HashMap<WindowKey, long[]> windows = new HashMap<>();
    ArrayDeque<WindowKey> byCreation = new ArrayDeque<>();
    long streamTime = Long.MIN_VALUE;
    long rows = 0;
    long late = 0;
    long checksum = 0;
    for (int i = 0; i < input.records; i++) {
      Object key = input.keyPool[input.keyIndex[i]];
      long ts = input.timestamps[i];
      if (ts > streamTime) {
        streamTime = ts;
        while (!byCreation.isEmpty() && byCreation.peekFirst().start() + size + grace <= streamTime) {
          windows.remove(byCreation.pollFirst());
        }
      }
      long start = ts - ts % size;
      if (start + size + grace <= streamTime) {
        late++;
        continue;
      }
      WindowKey windowKey = new WindowKey(key, start);
      long[] counter = windows.get(windowKey);
      if (counter == null) {
        counter = new long[2];
        windows.put(windowKey, counter);
        byCreation.addLast(windowKey);
      }
      counter[0]++;
      counter[1] = Math.max(counter[1], ts);
      if (counter[0] > WindowedInput.THRESHOLD) {
        Object[] row = {key, start, start + size, counter[0]};
        lastRow = row;
        rows++;
        checksum = WindowedCount.mix(checksum, key, start, counter[0], counter[1]);
      }
    }
    return new Result(rows, 0, late, checksum);
  }
}
