package io.strom.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RatePlanTest {

  private static RatePlan.Step step(double rate, long p99) {
    return new RatePlan.Step(rate, rate, LatencySummary.of(new long[] {p99 / 2, p99}, 0));
  }

  @Test
  void runsTheFixedRateAmongTheStepsLowestFirst() {
    RatePlan plan = new RatePlan(1500, List.of(4000.0, 1000.0, 2000.0, 1000.0), 500);

    assertThat(plan.rates()).containsExactly(1000.0, 1500.0, 2000.0, 4000.0);
    assertThat(plan.next()).isEqualTo(1000.0);
  }

  @Test
  void stopsAtTheFirstMissAndReportsTheLastRateThatMetTheTarget() {
    RatePlan plan = new RatePlan(500, List.of(1000.0, 2000.0, 4000.0), 500);
    plan.record(step(500, 120));
    plan.record(step(1000, 480));
    plan.record(step(2000, 900));

    assertThat(plan.next()).isNull(); // 4000 never runs
    assertThat(plan.maxRate()).isEqualTo(1000.0);
    assertThat(plan.fixedStep().latency().p99()).isEqualTo(120);
    assertThat(plan.steps()).hasSize(3);
  }

  @Test
  void aMissBelowTheFixedRateStillRunsTheRatesAbove() {
    RatePlan plan = new RatePlan(1000, List.of(500.0, 2000.0), 500);
    plan.record(step(500, 700));
    assertThat(plan.maxRate()).isZero(); // nothing met the target yet
    assertThat(plan.next()).isEqualTo(1000.0);
    plan.record(step(1000, 300));

    assertThat(plan.next()).isEqualTo(2000.0);
    assertThat(plan.maxRate()).isEqualTo(1000.0);
  }

  @Test
  void aMissingAlertFailsAStepWhateverItsPercentiles() {
    RatePlan plan = new RatePlan(500, List.of(1000.0), 500);
    plan.record(new RatePlan.Step(500, 500, LatencySummary.of(new long[] {10, 20, 30}, 1)));

    assertThat(plan.next()).isNull();
    assertThat(plan.maxRate()).isZero();
  }

  @Test
  void everyStepMeetingTheTargetRunsThemAll() {
    RatePlan plan = new RatePlan(500, List.of(1000.0), 500);
    plan.record(step(500, 100));
    plan.record(step(1000, 200));

    assertThat(plan.next()).isNull();
    assertThat(plan.maxRate()).isEqualTo(1000.0);
  }

  @Test
  void refusesAStepOutOfOrderAndRatesAtOrBelowZero() {
    RatePlan plan = new RatePlan(500, List.of(1000.0), 500);
    assertThatThrownBy(() -> plan.record(step(1000, 100))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new RatePlan(0, List.of(), 500)).isInstanceOf(IllegalArgumentException.class);
  }
}
