package io.strom.bench.e2e;

import java.util.Map;

/**
 * One step's figures once its window is over: every alert whose reading the broker appended in
 * the window, matched with the moment its row became visible in PostgreSQL. Waits for late rows up
 * to the drain time; the rows still not there then are missing.
 */
final class StepMeasurement {

  /** The log counts as read past the window once it holds readings this much later. */
  private static final long READ_PAST_MS = 1_000;

  private StepMeasurement() {}

  static RatePlan.Step measure(double offeredRate, long windowStartSecond, long windowSeconds, long drainMs,
                               ReadingLog readings, AlertTable alerts) throws InterruptedException {
    long fromMs = windowStartSecond * 1000;
    long toMs = fromMs + windowSeconds * 1000;
    long deadline = System.currentTimeMillis() + drainMs;
    Map<String, ReadingLog.Reading> appended;
    while (true) {
      appended = readings.alertsAppendedBetween(fromMs, toMs);
      boolean readPast = readings.latestAppend() >= toMs + READ_PAST_MS;
      if ((readPast && allSeen(appended, alerts)) || System.currentTimeMillis() >= deadline) {
        break;
      }
      Thread.sleep(200);
    }
    long[] latencies = new long[appended.size()];
    long[] committed = new long[appended.size()];
    int seen = 0;
    int missing = 0;
    for (Map.Entry<String, ReadingLog.Reading> alert : appended.entrySet()) {
      committed[seen + missing] = alert.getValue().readMs() - alert.getValue().appendedMs();
      Long visible = alerts.firstSeen(alert.getKey());
      if (visible == null) {
        missing++;
      } else {
        latencies[seen++] = visible - alert.getValue().appendedMs();
      }
    }
    double achieved = readings.readingsBetweenSeconds(windowStartSecond, windowStartSecond + windowSeconds)
        / (double) windowSeconds;
    appended.keySet().forEach(alerts::forget);
    readings.forgetBefore(toMs);
    return new RatePlan.Step(offeredRate, achieved, LatencySummary.of(java.util.Arrays.copyOf(latencies, seen), missing),
        LatencySummary.of(committed, 0));
  }

  private static boolean allSeen(Map<String, ReadingLog.Reading> appended, AlertTable alerts) {
    for (String key : appended.keySet()) {
      if (alerts.firstSeen(key) == null) {
        return false;
      }
    }
    return true;
  }
}
