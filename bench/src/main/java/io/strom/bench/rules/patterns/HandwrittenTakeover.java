package io.strom.bench.rules.patterns;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The same pattern as a state machine written for it: per user, the times of the failures since
 * the last success that are still inside WITHIN, and the last failure's country. A success ends
 * the run: it matches when at least three failures lie less than WITHIN before it and its country
 * differs from the last failure's (the match starts at the earliest such failure: greedy, and
 * SQL tries the earliest start first); either way every partial match of the user ends with it.
 */
final class HandwrittenTakeover implements TakeoverDetector {

  /** The failures since the last success, oldest first, from {@code head}. */
  private static final class Run {
    long[] times = new long[4];
    int head;
    int size;
    byte lastCountry;

    void dropUntil(long oldestAllowed) {
      while (size > 0 && times[head] <= oldestAllowed) {
        head++;
        size--;
      }
    }

    void add(long time) {
      if (head + size == times.length) {
        if (head > 0) {
          System.arraycopy(times, head, times, 0, size);
        } else {
          times = Arrays.copyOf(times, times.length * 2);
        }
        head = 0;
      }
      times[head + size++] = time;
    }
  }

  @Override
  public String name() {
    return "hand-written";
  }

  @Override
  public Result run(LoginInput in) {
    Map<String, Run> runs = new HashMap<>();
    long matches = 0;
    long checksum = 0;
    long within = LoginInput.WITHIN_MILLIS;
    for (int i = 0; i < in.events; i++) {
      String user = in.users[in.user[i]];
      long time = in.time[i];
      if (!in.success[i]) {
        Run run = runs.computeIfAbsent(user, u -> new Run());
        run.dropUntil(time - within);
        run.add(time);
        run.lastCountry = in.country[i];
      } else {
        Run run = runs.remove(user);
        if (run == null) {
          continue;
        }
        run.dropUntil(time - within);
        if (run.size >= LoginInput.MIN_FAILURES && run.lastCountry != in.country[i]) {
          matches++;
          checksum = TakeoverDetector.mix(checksum, user, run.times[run.head], LoginInput.COUNTRIES[in.country[i]],
              run.size, time);
        }
      }
    }
    long open = 0;
    long streamTime = in.events == 0 ? 0 : in.time[in.events - 1];
    for (Run run : runs.values()) {
      run.dropUntil(streamTime - within);
      open += run.size;
    }
    return new Result(matches, checksum, open);
  }
}
