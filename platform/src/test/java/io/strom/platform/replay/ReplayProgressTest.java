package io.strom.platform.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The progress line: records behind, the rate the gap closes at, the time left at that rate. */
class ReplayProgressTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void theFirstSampleShowsOnlyHowFarBehindLaterOnesTheRateAndTimeLeft() {
    ReplayProgress progress = new ReplayProgress();
    assertThat(progress.line("v2", 0, 100_000, 300L)).isEqualTo("REPLAY v2 behind 100,000 records (live: 300)");
    assertThat(progress.line("v2", 5 * SECOND, 90_000, 300L))
        .isEqualTo("REPLAY v2 behind 90,000 records (live: 300), closing at 2,000 records/s, about 45 s left");
    assertThat(progress.line("v2", 10 * SECOND, 95_000, null))
        .isEqualTo("REPLAY v2 behind 95,000 records, closing at -1,000 records/s, time left unknown (not closing)");
    assertThat(progress.line("v2", 15 * SECOND, 0, null)).isEqualTo("REPLAY v2 behind 0 records, closing at 19,000 records/s");
  }

  @Test
  void durationsReadAsSecondsMinutesOrHours() {
    assertThat(ReplayProgress.duration(0.2)).isEqualTo("1 s");
    assertThat(ReplayProgress.duration(75)).isEqualTo("1 min 15 s");
    assertThat(ReplayProgress.duration(3 * 3600 + 125)).isEqualTo("3 h 02 min");
  }
}
