package io.strom.platform.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The progress line: records behind, the rate the gap closes at (over the last 30 s), the time left at that rate. */
class ReplayProgressTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void theFirstSampleShowsOnlyHowFarBehindLaterOnesTheRateAndTimeLeft() {
    ReplayProgress progress = new ReplayProgress();
    assertThat(progress.line("v2", 0, 100_000, 300L)).isEqualTo("REPLAY v2 behind 100,000 records (live: 300)");
    assertThat(progress.line("v2", 5 * SECOND, 90_000, 300L))
        .isEqualTo("REPLAY v2 behind 90,000 records (live: 300), closing at 2,000 records/s, about 45 s left");
    assertThat(progress.line("v2", 10 * SECOND, 95_000, null))
        .isEqualTo("REPLAY v2 behind 95,000 records, closing at 500 records/s, about 3 min 10 s left");
    assertThat(progress.line("v2", 15 * SECOND, 0, null)).isEqualTo("REPLAY v2 behind 0 records, closing at 6,667 records/s");
  }

  @Test
  void theRateSpansTheLastThirtySecondsOnly() {
    ReplayProgress progress = new ReplayProgress();
    progress.line("v2", 0, 100_000, null);
    progress.line("v2", 5 * SECOND, 100_000, null);
    progress.line("v2", 10 * SECOND, 95_000, null);
    progress.line("v2", 15 * SECOND, 96_000, null);
    // from the sample at 10 s, the newest at least 30 s old
    assertThat(progress.line("v2", 40 * SECOND, 5_000, null)).isEqualTo("REPLAY v2 behind 5,000 records, closing at 3,000"
        + " records/s, about 2 s left");
    assertThat(progress.line("v2", 45 * SECOND, 5_000, null))
        .isEqualTo("REPLAY v2 behind 5,000 records, closing at 3,033 records/s, about 2 s left");
  }

  @Test
  void durationsReadAsSecondsMinutesOrHours() {
    assertThat(ReplayProgress.duration(0.2)).isEqualTo("1 s");
    assertThat(ReplayProgress.duration(75)).isEqualTo("1 min 15 s");
    assertThat(ReplayProgress.duration(3 * 3600 + 125)).isEqualTo("3 h 02 min");
  }
}
