package io.strom.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.source.sim.Simulation;
import io.strom.source.sim.SimulationConfig;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every scenario is played when enabled, and its records carry the label in header and field. */
class ScenarioLabelsTest {

  static Stream<Arguments> scenarios() {
    return FeedRuns.all().flatMap(feed -> feed.feed().spec().scenarios().stream()
        .map(scenario -> Arguments.of(feed, scenario.name())));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("scenarios")
  void anEnabledScenarioLabelsItsRecordsAndOnlyThose(FeedRuns feed, String scenario) {
    Map<String, String> props = FeedRuns.finiteProps(3_000);
    props.put("scenarios", scenario + ":0.5");
    List<SourceRecord> records = feed.run(props, 1);

    List<String> headers = records.stream().map(ScenarioLabelsTest::headerLabel).distinct().toList();
    assertThat(headers).containsExactlyInAnyOrder(scenario, SimulationConfig.NO_SCENARIO);
    for (SourceRecord record : records) {
      assertThat(((Struct) record.value()).getString(Simulation.SCENARIO_FIELD)).isEqualTo(headerLabel(record));
    }
  }

  @ParameterizedTest
  @MethodSource("feeds")
  void withoutScenariosEveryRecordIsLabelledNone(FeedRuns feed) {
    Map<String, String> props = FeedRuns.finiteProps(1_000);
    props.put("scenarios", "");
    assertThat(feed.run(props, 1)).extracting(ScenarioLabelsTest::headerLabel).containsOnly(SimulationConfig.NO_SCENARIO);
  }

  @ParameterizedTest
  @MethodSource("feeds")
  void withTheGroundTruthFieldOffOnlyTheHeaderCarriesTheLabel(FeedRuns feed) {
    Map<String, String> props = FeedRuns.finiteProps(1_000);
    props.put("scenario.rate", "0.2");
    props.put("ground.truth.field", "false");
    List<SourceRecord> records = feed.run(props, 1);
    assertThat(records).extracting(r -> ((Struct) r.value()).get(Simulation.SCENARIO_FIELD)).containsOnlyNulls();
    assertThat(records).extracting(ScenarioLabelsTest::headerLabel).contains(SimulationConfig.NO_SCENARIO)
        .anyMatch(label -> !label.equals(SimulationConfig.NO_SCENARIO));
  }

  static Stream<FeedRuns> feeds() {
    return FeedRuns.all();
  }

  static String headerLabel(SourceRecord record) {
    return (String) record.headers().lastWithName(SimulationConfig.SCENARIO_HEADER).value();
  }
}
