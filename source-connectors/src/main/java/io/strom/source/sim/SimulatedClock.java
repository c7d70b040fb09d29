package io.strom.source.sim;

import java.util.function.LongSupplier;

/**
 * Simulated event time: starts at the first record's event time when the task starts and runs at
 * {@code acceleration} times wall-clock speed (1 = real time). A record is released once the
 * clock has reached its event time. Acceleration 0 means no pacing: every record is due at once.
 */
final class SimulatedClock {

  private final double acceleration;
  private final LongSupplier wallMillis;
  private long anchorWall;
  private long anchorSim;
  private boolean anchored;

  SimulatedClock(double acceleration, LongSupplier wallMillis) {
    this.acceleration = acceleration;
    this.wallMillis = wallMillis;
  }

  /** The latest event time that is due now; the first call pins simulated time to {@code firstEventTime}. */
  long now(long firstEventTime) {
    if (acceleration == 0) {
      return Long.MAX_VALUE;
    }
    if (!anchored) {
      anchorWall = wallMillis.getAsLong();
      anchorSim = firstEventTime;
      anchored = true;
    }
    return anchorSim + (long) ((wallMillis.getAsLong() - anchorWall) * acceleration);
  }

  /** Wall-clock milliseconds until simulated time reaches {@code eventTime}. */
  long wallMillisUntil(long eventTime, long firstEventTime) {
    long due = now(firstEventTime);
    return eventTime <= due ? 0 : (long) Math.ceil((eventTime - due) / acceleration);
  }
}
