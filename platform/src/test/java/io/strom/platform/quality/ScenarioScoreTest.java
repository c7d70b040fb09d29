package io.strom.platform.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioScoreTest {

  private static final ScoredRule RULE = new ScoredRule("stuck_alerts", Path.of("r.sql"), ScoredRule.Kind.DETECTS,
      "stuck", "device_id", null, Double.NaN);

  private static Episode episode(String scenario, String entity, long start, long end, boolean complete) {
    return new Episode(scenario, entity, start, end, Episode.NO_CROSSING, complete);
  }

  @Test
  void alertsOverlappingAnEpisodeOfTheirEntityAreTruePositives() {
    List<Episode> episodes = List.of(
        episode("stuck", "d1", 1_000, 9_000, true),
        episode("stuck", "d2", 1_000, 9_000, true),
        episode("stuck", "d3", 1_000, 9_000, false), // cut short by the end of the feed: not counted
        episode("drift", "d4", 1_000, 9_000, true));
    List<Alert> alerts = List.of(
        new Alert("stuck_alerts", "d1", 4_000, 4_000),
        new Alert("stuck_alerts", "d1", 6_000, 6_000),
        new Alert("stuck_alerts", "d2", 9_500, 9_500), // after the episode: a false positive
        new Alert("stuck_alerts", "d4", 5_000, 5_000), // another scenario's episode: a false positive
        new Alert("stuck_alerts", "d3", 5_000, 5_000)); // the cut-short episode's: not a false positive
    ScenarioScore score = ScenarioScore.of("stuck", RULE, episodes, alerts);

    assertThat(score.episodes()).isEqualTo(2);
    assertThat(score.detected()).isEqualTo(1);
    assertThat(score.recall()).isEqualTo(0.5);
    assertThat(score.truePositives()).isEqualTo(3);
    assertThat(score.precision()).isEqualTo(3 / 5.0);
    assertThat(score.delays()).containsExactly(3_000L);
    assertThat(score.falsePositives()).extracting(Alert::entity).containsExactly("d2", "d4");
    assertThat(score.missed()).extracting(Episode::entity).containsExactly("d2");
  }

  @Test
  void aWindowedAlertOverlapsByItsWindowAndCountsAtItsEnd() {
    List<Episode> episodes = List.of(episode("stuck", "d1", 30_000, 70_000, true));
    ScenarioScore score = ScenarioScore.of("stuck", RULE, episodes,
        List.of(new Alert("stuck_alerts", "d1", 0, 59_999)));
    assertThat(score.precision()).isEqualTo(1.0);
    assertThat(score.delays()).containsExactly(29_999L);
  }

  @Test
  void aScenarioWithoutRuleHasItsEpisodesAndNoDetection() {
    ScenarioScore score = ScenarioScore.of("stuck", null, List.of(episode("stuck", "d1", 0, 1, true)), List.of());
    assertThat(score.episodes()).isEqualTo(1);
    assertThat(score.recall()).isZero();
    assertThat(score.delayMedian()).isNull();
  }

  @Test
  void percentilesAreNearestRank() {
    List<Long> values = List.of(5L, 1L, 4L, 2L, 3L, 10L, 6L, 7L, 8L, 9L);
    assertThat(Percentiles.of(values, 0.5)).isEqualTo(5L);
    assertThat(Percentiles.of(values, 0.95)).isEqualTo(10L);
    assertThat(Percentiles.of(List.of(), 0.5)).isNull();
  }

  @Test
  void aWarningCountsWhenItComesBeforeTheCrossing() {
    ScoredRule warn = new ScoredRule("warn", Path.of("r.sql"), ScoredRule.Kind.PREDICTS, "overheat", "device_id",
        "temperature", 40);
    List<Episode> episodes = List.of(
        new Episode("overheat", "d1", 10_000, 60_000, 17_000, true),
        new Episode("overheat", "d2", 10_000, 60_000, 15_000, true));
    List<Alert> warnings = List.of(
        new Alert("warn", "d1", 12_000, 12_000),
        new Alert("warn", "d1", 13_000, 13_000),
        new Alert("warn", "d2", 15_000, 15_000), // at the crossing: too late
        new Alert("warn", "d3", 15_000, 15_000)); // no episode
    PredictionScore score = PredictionScore.of(warn, episodes, warnings);
    assertThat(score.episodes()).isEqualTo(2);
    assertThat(score.warnedInAdvance()).isEqualTo(1);
    assertThat(score.leads()).containsExactly(5_000L);
    assertThat(score.falseWarnings()).isEqualTo(2);
  }
}
