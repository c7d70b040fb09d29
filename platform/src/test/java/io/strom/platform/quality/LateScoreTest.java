package io.strom.platform.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LateScoreTest {

  private static final List<HostedRule> RULES = List.of(
      new HostedRule("OVERHEAT_ALERTS", "iot.sql", "iot.readings", false),
      new HostedRule("DEVICE_STATS", "iot.sql", "iot.readings", true),
      new HostedRule("STUCK_ALERTS", "iot.sql", "iot.readings", true),
      new HostedRule("SPIKES", "stocks.sql", "stock.ticks", true));

  private static final List<GroundTruth.Truth> TRUTH = List.of(
      new GroundTruth.Truth("iot.readings", List.of(), 100, 3,
          Set.of(LateScore.recordId("d1", 1_000), LateScore.recordId("d1", 2_000), LateScore.recordId("d2", 1_000))),
      new GroundTruth.Truth("stock.ticks", List.of(), 50, 0, Set.of()));

  @Test
  void aDelayedRecordInTheLateTableDidNotCountForThatRuleOnly() {
    List<LateRecord> late = List.of(
        // one record that missed two hopping windows: one record, not two
        new LateRecord("DEVICE_STATS", "iot.readings", "iot.readings/0@7", "d1", 1_000, 500),
        new LateRecord("DEVICE_STATS", "iot.readings", "iot.readings/0@7", "d1", 1_000, 9_500),
        new LateRecord("DEVICE_STATS", "iot.readings", "iot.readings/1@3", "d2", 1_000, 20),
        // a record the feed did not deliver late: reported apart, not taken off the delayed ones
        new LateRecord("DEVICE_STATS", "iot.readings", "iot.readings/1@9", "d2", 5_000, 10));

    List<LateScore> scores = LateScore.of(RULES, TRUTH, late, Map.of("STUCK_ALERTS", "stuck"));

    assertThat(scores).extracting(LateScore::rule).containsExactly("device_stats", "stuck_alerts", "spikes");
    LateScore stats = scores.get(0);
    assertThat(stats.delayed()).isEqualTo(3);
    assertThat(stats.tooLate()).isEqualTo(3);
    assertThat(stats.tooLateNotDelayed()).isEqualTo(1);
    assertThat(stats.counted()).isEqualTo(1);
    assertThat(stats.maxLateByMs()).isEqualTo(9_500);
    LateScore stuck = scores.get(1);
    assertThat(stuck.scenario()).isEqualTo("stuck");
    assertThat(stuck.counted()).isEqualTo(3);
    assertThat(stuck.shareCounted()).isEqualTo(1.0);
    assertThat(scores.get(2).delayed()).isZero();

    LateScore.Overall overall = LateScore.overall(TRUTH, late);
    assertThat(overall.delayed()).isEqualTo(3);
    assertThat(overall.countedByEveryRule()).isEqualTo(1);
  }

  @Test
  void theShippedRuleFilesNameTheirStatefulRulesAndTopics() {
    List<HostedRule> hosted = HostedRule.in(java.nio.file.Path.of("../config/rules"));
    assertThat(hosted).filteredOn(HostedRule::stateful).extracting(HostedRule::name)
        .contains("DEVICE_STATS", "STUCK_SENSOR_ALERTS", "BRUTE_FORCE_ALERTS", "PUMP_AND_DUMP_ALERTS")
        .doesNotContain("OVERHEAT_ALERTS");
    assertThat(hosted).filteredOn(r -> r.name().equals("DEVICE_STATS")).extracting(HostedRule::topic)
        .containsExactly("iot.readings");
  }
}
