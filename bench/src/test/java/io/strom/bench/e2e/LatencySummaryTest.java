package io.strom.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

  @Test
  void nearestRankPercentilesOfOneToHundred() {
    long[] shuffled = LongStream.rangeClosed(1, 100).map(i -> (i * 37) % 100 + 1).toArray();

    LatencySummary summary = LatencySummary.of(shuffled, 0);

    assertThat(summary.alerts()).isEqualTo(100);
    assertThat(summary.p50()).isEqualTo(50);
    assertThat(summary.p95()).isEqualTo(95);
    assertThat(summary.p99()).isEqualTo(99);
    assertThat(summary.max()).isEqualTo(100);
  }

  @Test
  void smallSamplesTakeTheNextMeasuredValueNotAnInterpolation() {
    LatencySummary summary = LatencySummary.of(new long[] {30, 10, 20}, 0);

    assertThat(summary.p50()).isEqualTo(20); // rank ceil(1.5) = 2
    assertThat(summary.p99()).isEqualTo(30); // rank ceil(2.97) = 3
    assertThat(LatencySummary.of(new long[] {7}, 0).p50()).isEqualTo(7);
  }

  @Test
  void oneSlowAlertInAHundredIsTheP99() {
    long[] latencies = LongStream.generate(() -> 40).limit(100).toArray();
    latencies[17] = 900;

    LatencySummary summary = LatencySummary.of(latencies, 0);

    assertThat(summary.p99()).isEqualTo(40); // 99 of 100 at 40 ms: the p99 is 40, the max 900
    assertThat(summary.max()).isEqualTo(900);
    assertThat(summary.meets(500)).isTrue();
    latencies[3] = 900;
    assertThat(LatencySummary.of(latencies, 0).p99()).isEqualTo(900);
  }

  @Test
  void missingAlertsOrNoAlertsMissTheTarget() {
    assertThat(LatencySummary.of(new long[] {10, 20}, 1).meets(500)).isFalse();
    assertThat(LatencySummary.of(new long[0], 0).meets(500)).isFalse();
    assertThat(LatencySummary.of(new long[0], 0).p99()).isEqualTo(-1);
    assertThat(LatencySummary.of(new long[] {10, 501}, 0).meets(500)).isFalse();
    assertThat(LatencySummary.of(new long[] {10, 500}, 0).meets(500)).isTrue();
  }
}
