package io.strom.source.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SimulatedClockTest {

  private final AtomicLong wall = new AtomicLong(5_000);

  @Test
  void startsAtTheFirstEventAndRunsAtTheAcceleration() {
    SimulatedClock clock = new SimulatedClock(60, wall::get);
    assertThat(clock.now(1_000_000)).isEqualTo(1_000_000);
    wall.addAndGet(1_000);
    assertThat(clock.now(1_000_000)).isEqualTo(1_060_000);
    assertThat(clock.wallMillisUntil(1_120_000, 1_000_000)).isEqualTo(1_000);
    assertThat(clock.wallMillisUntil(1_010_000, 1_000_000)).isZero();
  }

  @Test
  void accelerationZeroReleasesEverythingAtOnce() {
    SimulatedClock clock = new SimulatedClock(0, wall::get);
    assertThat(clock.now(0)).isEqualTo(Long.MAX_VALUE);
    assertThat(clock.wallMillisUntil(Long.MAX_VALUE - 1, 0)).isZero();
  }
}
