package io.strom.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.connect.rules.StructReader;
import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.Emitter;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.LateRecord;
import io.strom.rules.data.OutputRecord;
import io.strom.source.sim.SimulationConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sequence patterns shipped in config/rules/ find the simulators' labelled scenarios: a feed
 * with every scenario of its kind runs through the compiled rule (one instance, as one partition
 * of the feed), and the matches must fall on the labelled episodes (precision: the match's last
 * row belongs to the scenario) and find nearly all of them (recall: an episode with a match on
 * its entity between its first and last labelled row). The rules do not read the label.
 */
class ShippedPatternRulesTest {

  private static final Path RULES = Path.of("..", "config", "rules");

  /**
   * @param entity the value field naming the entity (the pattern's PARTITION BY)
   * @param episodeGapMs labelled rows of one entity further apart than this are two episodes
   */
  record Case(String rule, String file, FeedRuns feed, Map<String, String> props, String scenario, String entity,
              long episodeGapMs) {
    @Override
    public String toString() {
      return rule;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("account_takeover_alerts", "fraud-detection.sql", feed("logins"),
            props("0.05", Map.of("users", "2000", "max.records", "120000")), "account_takeover", "user_id", 600_000),
        new Case("impossible_travel_alerts", "fraud-detection.sql", feed("logins"),
            props("0.05", Map.of("users", "2000", "max.records", "120000")), "impossible_travel", "user_id", 600_000),
        new Case("sensor_failure_alerts", "iot-monitoring.sql", feed("iot"),
            props("0.2", Map.of("devices", "20", "max.records", "24000")), "overheat", "device_id", 5_000),
        new Case("pump_and_dump_alerts", "predictive-analytics.sql", feed("stocks"),
            props("0.2", Map.of("max.records", "60000")), "pump_and_dump", "symbol", 60_000));
  }

  private static FeedRuns feed(String name) {
    return FeedRuns.all().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }

  /** Every scenario of the feed (the others are distractors), {@code rate} of the blocks with one. */
  private static Map<String, String> props(String rate, Map<String, String> overrides) {
    Map<String, String> props = FeedRuns.finiteProps(0);
    props.put("scenario.rate", rate);
    props.putAll(overrides);
    return props;
  }

  private record Labelled(String entity, long time) {}

  private record Episode(String entity, long start, long end) {}

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theShippedPatternFindsItsScenario(Case c) throws Exception {
    CompiledRule rule = RuleScript.compile(Files.readString(RULES.resolve(c.file()))).rule(c.rule());
    assertThat(rule.isPattern()).isTrue();
    List<SourceRecord> records = c.feed().run(c.props(), 1);

    RuleInstance instance = rule.newInstance();
    List<OutputRecord> matches = new ArrayList<>();
    long[] late = {0};
    Emitter emitter = new Emitter() {
      @Override
      public void emit(OutputRecord record) {
        matches.add(record);
      }

      @Override
      public void late(LateRecord record) {
        late[0]++;
      }
    };
    Map<Labelled, Set<String>> labels = new HashMap<>();
    Map<String, List<Long>> scenarioRows = new HashMap<>();
    StructReader reader = null;
    long offset = 0;
    for (SourceRecord record : records) {
      Struct value = (Struct) record.value();
      if (reader == null) {
        reader = new StructReader(rule.source(), value.schema());
      }
      String entity = value.getString(c.entity());
      String label = record.headers().lastWithName(SimulationConfig.SCENARIO_HEADER).value().toString();
      labels.computeIfAbsent(new Labelled(entity, record.timestamp()), k -> new HashSet<>()).add(label);
      if (label.equals(c.scenario())) {
        scenarioRows.computeIfAbsent(entity, k -> new ArrayList<>()).add(record.timestamp());
      }
      instance.process(new InputRecord(record.key(), reader.row(record.key(), value), record.timestamp(), offset++),
          emitter);
    }
    List<Episode> episodes = episodes(scenarioRows, c.episodeGapMs());

    long truePositives = matches.stream()
        .filter(m -> labels.getOrDefault(new Labelled((String) m.key(), m.timestamp()), Set.of()).contains(c.scenario()))
        .count();
    long found = episodes.stream().filter(e -> matches.stream().anyMatch(m -> m.key().equals(e.entity())
        && m.timestamp() >= e.start() && m.timestamp() <= e.end())).count();
    double precision = matches.isEmpty() ? 0 : (double) truePositives / matches.size();
    double recall = (double) found / episodes.size();
    System.out.printf("METRIC %s records=%d episodes=%d matches=%d precision=%.3f recall=%.3f late=%d%n", c.rule(),
        records.size(), episodes.size(), matches.size(), precision, recall, late[0]);

    assertThat(episodes).as("the feed plays the scenario").hasSizeGreaterThanOrEqualTo(10);
    assertThat(late[0]).as("the feed of one task is in event-time order").isZero();
    assertThat(precision).as("matches on labelled %s rows", c.scenario()).isGreaterThanOrEqualTo(0.9);
    assertThat(recall).as("%s episodes with a match", c.scenario()).isGreaterThanOrEqualTo(0.9);
  }

  /** Each entity's labelled rows, split where they are more than {@code gapMs} apart. */
  private static List<Episode> episodes(Map<String, List<Long>> rows, long gapMs) {
    List<Episode> episodes = new ArrayList<>();
    rows.forEach((entity, times) -> {
      List<Long> sorted = times.stream().sorted().toList();
      long start = sorted.get(0);
      long end = start;
      for (long t : sorted.subList(1, sorted.size())) {
        if (t - end > gapMs) {
          episodes.add(new Episode(entity, start, end));
          start = t;
        }
        end = t;
      }
      episodes.add(new Episode(entity, start, end));
    });
    return episodes;
  }
}
