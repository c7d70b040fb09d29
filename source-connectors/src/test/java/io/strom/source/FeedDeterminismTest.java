package io.strom.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.source.sim.Simulation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Same seed, same records: for any task count, and across a resume from committed offsets. */
class FeedDeterminismTest {

  private static final JsonConverter JSON = FeedRuns.jsonConverter();

  static List<FeedRuns> feeds() {
    return FeedRuns.all().toList();
  }

  @ParameterizedTest
  @MethodSource("feeds")
  void theSameSeedGivesByteIdenticalValuesForAnyTaskCount(FeedRuns feed) {
    Map<String, String> props = FeedRuns.finiteProps(2_000);
    props.put("scenario.rate", "0.2");

    Map<String, List<String>> oneTask = valuesByEntity(feed.run(props, 1));
    Map<String, List<String>> threeTasks = valuesByEntity(feed.run(props, 3));
    Map<String, List<String>> again = valuesByEntity(feed.run(props, 1));

    assertThat(oneTask.values().stream().mapToInt(List::size).sum()).isEqualTo(2_000);
    assertThat(threeTasks).isEqualTo(oneTask);
    assertThat(again).isEqualTo(oneTask);
  }

  @ParameterizedTest
  @MethodSource("feeds")
  void anotherSeedGivesOtherValues(FeedRuns feed) {
    Map<String, String> props = FeedRuns.finiteProps(200);
    Map<String, List<String>> seed42 = valuesByEntity(feed.run(props, 1));
    props.put("seed", "7");
    assertThat(valuesByEntity(feed.run(props, 1))).isNotEqualTo(seed42);
  }

  @ParameterizedTest
  @MethodSource("feeds")
  void aTaskResumedFromCommittedOffsetsContinuesWithNoGapAndNoRepeat(FeedRuns feed) {
    Map<String, String> props = FeedRuns.finiteProps(3_000);
    props.put("scenario.rate", "0.2");
    Map<String, String> taskConfig = feed.taskConfigs(props, 1).get(0);
    List<SourceRecord> whole = feed.run(props, 1);

    Simulation first = Simulation.forTask(feed.feed(), taskConfig, partitions -> Map.of());
    List<SourceRecord> before = new ArrayList<>();
    while (before.size() < 1_234) {
      before.addAll(first.poll(1_234 - before.size(), Long.MAX_VALUE));
    }
    Map<Map<String, String>, Map<String, Object>> committed = new HashMap<>();
    for (SourceRecord record : before) {
      @SuppressWarnings("unchecked")
      Map<String, String> partition = (Map<String, String>) record.sourcePartition();
      @SuppressWarnings("unchecked")
      Map<String, Object> offset = (Map<String, Object>) record.sourceOffset();
      committed.put(partition, offset);
    }
    Simulation resumed = Simulation.forTask(feed.feed(), taskConfig, partitions -> committed);
    List<SourceRecord> after = new ArrayList<>();
    while (!resumed.finished()) {
      after.addAll(resumed.poll(500, Long.MAX_VALUE));
    }

    List<SourceRecord> joined = new ArrayList<>(before);
    joined.addAll(after);
    assertThat(valuesByEntity(joined)).isEqualTo(valuesByEntity(whole));
  }

  /** Each entity's records in order, as the bytes the JSON converter writes (plus key and timestamp). */
  static Map<String, List<String>> valuesByEntity(List<SourceRecord> records) {
    Map<String, List<String>> byEntity = new TreeMap<>();
    for (SourceRecord record : records) {
      String entity = (String) record.sourcePartition().get(Simulation.ENTITY_KEY);
      byte[] value = JSON.fromConnectData(record.topic(), record.valueSchema(), record.value());
      byEntity.computeIfAbsent(entity, e -> new ArrayList<>())
          .add(record.key() + "|" + record.timestamp() + "|" + new String(value, StandardCharsets.UTF_8));
    }
    return byEntity;
  }
}
