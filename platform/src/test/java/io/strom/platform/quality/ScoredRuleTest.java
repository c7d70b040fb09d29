package io.strom.platform.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strom.source.iot.IotSensorSourceConnector;
import io.strom.source.login.LoginSourceConnector;
import io.strom.source.sim.ScenarioSpec;
import io.strom.source.stock.StockTickSourceConnector;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ScoredRuleTest {

  private static final Path FILE = Path.of("rules.sql");

  @Test
  void theAnnotationAboveACreateScoresThatRule() {
    List<ScoredRule> rules = ScoredRule.in(FILE, """
        -- Hot readings.
        -- quality: detects overheat by device_id
        -- (more comment)
        CREATE STREAM hot AS SELECT device_id, ts FROM readings WHERE temperature > 40 EMIT CHANGES;

        -- quality: predicts overheat by DEVICE_ID when temperature > 40.5
        CREATE STREAM warm AS SELECT device_id, ts FROM readings EMIT CHANGES;
        CREATE STREAM unscored AS SELECT device_id FROM readings EMIT CHANGES;
        """);
    assertThat(rules).containsExactly(
        new ScoredRule("hot", FILE, ScoredRule.Kind.DETECTS, "overheat", "device_id", null, Double.NaN),
        new ScoredRule("warm", FILE, ScoredRule.Kind.PREDICTS, "overheat", "device_id", "temperature", 40.5));
    assertThat(rules.get(0).table()).isEqualTo("hot");
  }

  @Test
  void anAnnotationSeparatedFromTheStatementByCodeIsDropped() {
    assertThat(ScoredRule.in(FILE, """
        -- quality: detects stuck by device_id
        CREATE STREAM readings (device_id STRING KEY) WITH (kafka_topic = 'r');
        CREATE STREAM later AS SELECT device_id FROM readings EMIT CHANGES;
        """)).extracting(ScoredRule::name).containsExactly("readings");
  }

  @Test
  void aPredictionNeedsItsThreshold() {
    assertThatThrownBy(() -> ScoredRule.in(FILE, "-- quality: predicts overheat by device_id\nCREATE STREAM w AS SELECT 1;"))
        .hasMessageContaining("when FIELD > VALUE");
  }

  @Test
  void theShippedRulesDetectEveryScenarioOfTheThreeFeeds() {
    List<String> scenarios = Stream.of(IotSensorSourceConnector.SPEC, LoginSourceConnector.SPEC,
            StockTickSourceConnector.SPEC)
        .flatMap(spec -> spec.scenarios().stream()).map(ScenarioSpec::name).toList();
    List<ScoredRule> shipped = ScoredRule.in(Path.of("..", "config", "rules"));
    assertThat(shipped.stream().filter(r -> r.kind() == ScoredRule.Kind.DETECTS).map(ScoredRule::scenario))
        .containsExactlyInAnyOrderElementsOf(scenarios);
    assertThat(shipped).filteredOn(r -> r.kind() == ScoredRule.Kind.PREDICTS).extracting(ScoredRule::name)
        .containsExactly("overheat_warnings");
  }
}
