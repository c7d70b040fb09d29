package io.strom.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.source.sim.Simulation;
import io.strom.source.sim.SimulationConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** late.rate and max.delay.ms: which records come late, by how much, and that runs and restarts repeat it. */
class LateDeliveryTest {

  private static final JsonConverter JSON = FeedRuns.jsonConverter();
  private static final long MAX_DELAY = 20_000;
  private static final long INTERVAL = 1_000;

  static List<FeedRuns> feeds() {
    return FeedRuns.all().toList();
  }

  private static Map<String, String> lateProps(long records, double lateRate) {
    Map<String, String> props = FeedRuns.finiteProps(records);
    props.put("scenario.rate", "0.2");
    props.put("event.interval.ms", Long.toString(INTERVAL));
    props.put(SimulationConfig.LATE_RATE_CONFIG, Double.toString(lateRate));
    props.put(SimulationConfig.MAX_DELAY_CONFIG, Long.toString(MAX_DELAY));
    return props;
  }

  @ParameterizedTest
  @MethodSource("feeds")
  void theShareOfLateRecordsIsTheLateRate(FeedRuns feed) {
    List<SourceRecord> records = feed.run(lateProps(20_000, 0.1), 1);
    long late = records.stream().filter(r -> delay(r) != null).count();
    assertThat(records).hasSize(20_000);
    // Binomial with n = 20000, p = 0.1: one standard deviation is 0.002.
    assertThat(late / 20_000.0).isBetween(0.09, 0.11);
  }

  @ParameterizedTest
  @MethodSource("feeds")
  void aLateRecordComesAfterTheRecordsUpToItsDelayAndBeforeAllLaterOnes(FeedRuns feed) {
    List<SourceRecord> records = feed.run(lateProps(10_000, 0.1), 1);
    long maxBefore = Long.MIN_VALUE;
    long maxOnTimeBefore = Long.MIN_VALUE;
    int overtakenBySameEntity = 0;
    int late = 0;
    Map<Object, Long> latestOfEntity = new HashMap<>();
    for (int i = 0; i < records.size(); i++) {
      SourceRecord record = records.get(i);
      Long delay = delay(record);
      if (delay != null) {
        late++;
        assertThat(delay).isBetween(1L, MAX_DELAY);
        long deliveredAt = record.timestamp() + delay;
        assertThat(maxBefore).as("no record before it is later than its delivery time").isLessThanOrEqualTo(deliveredAt);
        for (SourceRecord after : records.subList(i + 1, records.size())) {
          if (delay(after) == null) {
            assertThat(after.timestamp()).as("records on time after it").isGreaterThanOrEqualTo(deliveredAt);
            break; // those after that one are later still (the on-time records are in event-time order)
          }
        }
        if (latestOfEntity.getOrDefault(entity(record), Long.MIN_VALUE) > record.timestamp()) {
          overtakenBySameEntity++;
        }
      } else {
        assertThat(record.timestamp()).as("on-time records stay in event-time order").isGreaterThanOrEqualTo(maxOnTimeBefore);
        maxOnTimeBefore = record.timestamp();
      }
      maxBefore = Math.max(maxBefore, record.timestamp());
      latestOfEntity.merge(entity(record), record.timestamp(), Math::max);
    }
    assertThat(late).isGreaterThan(500);
    // Delays are uniform in 1..20 s and steps 1 s apart: nearly every late record follows later ones of its own entity.
    assertThat(overtakenBySameEntity).isGreaterThan(late * 8 / 10);
  }

  @ParameterizedTest
  @MethodSource("feeds")
  void lateDeliveryChangesOnlyTheOrderNotTheRecords(FeedRuns feed) {
    Map<String, List<String>> onTime = byEntity(feed.run(lateProps(3_000, 0), 1), false);
    Map<String, List<String>> late = byEntity(feed.run(lateProps(3_000, 0.2), 1), false);
    assertThat(onTime.values().stream().allMatch(v -> v.equals(v.stream().sorted(byTimestamp()).toList()))).isTrue();
    late.replaceAll((entity, values) -> values.stream().sorted(byTimestamp()).toList());
    assertThat(late).isEqualTo(onTime);
  }

  @ParameterizedTest
  @MethodSource("feeds")
  void theSeedDecidesWhichRecordsAreLateForAnyTaskCount(FeedRuns feed) {
    Map<String, String> props = lateProps(3_000, 0.1);
    Map<String, List<String>> oneTask = byEntity(feed.run(props, 1), true);
    assertThat(byEntity(feed.run(props, 3), true)).isEqualTo(oneTask);
    assertThat(byEntity(feed.run(props, 1), true)).isEqualTo(oneTask);
    assertThat(feed.run(props, 1).stream().map(LateDeliveryTest::line).toList())
        .isEqualTo(feed.run(props, 1).stream().map(LateDeliveryTest::line).toList());

    props.put("seed", "7");
    Set<String> lateWithSeed7 = lateRecords(feed.run(props, 1));
    props.put("seed", "42");
    assertThat(lateRecords(feed.run(props, 1))).isNotEqualTo(lateWithSeed7);
  }

  @ParameterizedTest
  @MethodSource("feeds")
  void tasksRestartedFromCommittedOffsetsWriteExactlyTheSameRecords(FeedRuns feed) {
    Map<String, String> props = lateProps(4_000, 0.2);
    Map<String, String> taskConfig = feed.taskConfigs(props, 1).get(0);
    List<SourceRecord> whole = feed.run(props, 1);

    // Restart after uneven numbers of records, each time from the offsets of the records written so far.
    Map<Map<String, String>, Map<String, Object>> committed = new HashMap<>();
    List<SourceRecord> joined = new ArrayList<>();
    int[] cuts = {1, 333, 1_234, 1_235, 2_900};
    int cut = 0;
    Simulation simulation = Simulation.forTask(feed.feed(), taskConfig, partitions -> Map.of());
    while (!simulation.finished()) {
      int until = cut < cuts.length ? cuts[cut] : Integer.MAX_VALUE;
      for (SourceRecord record : simulation.poll(Math.min(500, until - joined.size()), Long.MAX_VALUE)) {
        joined.add(record);
        commit(committed, record);
      }
      if (joined.size() == until) {
        cut++;
        Map<Map<String, String>, Map<String, Object>> stored = Map.copyOf(committed);
        simulation = Simulation.forTask(feed.feed(), taskConfig, partitions -> stored);
      }
    }

    assertThat(byEntity(joined, true)).isEqualTo(byEntity(whole, true));
    assertThat(committed.values()).allSatisfy(offset ->
        assertThat(offset).containsKeys(Simulation.LAST_DELIVERY_KEY, Simulation.LAST_SEQ_KEY));
  }

  @ParameterizedTest
  @MethodSource("feeds")
  void offLeavesOffsetsAndHeadersAsBefore(FeedRuns feed) {
    List<SourceRecord> records = feed.run(FeedRuns.finiteProps(500), 1);
    assertThat(records).allSatisfy(r -> {
      assertThat(delay(r)).isNull();
      assertThat(r.sourceOffset()).doesNotContainKeys(Simulation.LAST_DELIVERY_KEY, Simulation.LAST_SEQ_KEY);
    });
  }

  @SuppressWarnings("unchecked")
  private static void commit(Map<Map<String, String>, Map<String, Object>> committed, SourceRecord record) {
    committed.put((Map<String, String>) record.sourcePartition(), (Map<String, Object>) record.sourceOffset());
  }

  private static Object entity(SourceRecord record) {
    return record.sourcePartition().get(Simulation.ENTITY_KEY);
  }

  private static Long delay(SourceRecord record) {
    Header header = record.headers().lastWithName(SimulationConfig.DELAYED_HEADER);
    return header == null ? null : (Long) header.value();
  }

  private static Set<String> lateRecords(List<SourceRecord> records) {
    Set<String> late = new HashSet<>();
    records.stream().filter(r -> delay(r) != null).forEach(r -> late.add(r.key() + "@" + r.timestamp()));
    return late;
  }

  /** Key, timestamp, delay header and value bytes of a record. */
  private static String line(SourceRecord record) {
    byte[] value = JSON.fromConnectData(record.topic(), record.valueSchema(), record.value());
    return record.timestamp() + "|" + record.key() + "|" + delay(record) + "|" + new String(value, StandardCharsets.UTF_8);
  }

  /** Each entity's records in the order written; {@code withDelay} keeps the header in the line. */
  private static Map<String, List<String>> byEntity(List<SourceRecord> records, boolean withDelay) {
    Map<String, List<String>> byEntity = new TreeMap<>();
    for (SourceRecord record : records) {
      String entity = (String) record.sourcePartition().get(Simulation.ENTITY_KEY);
      byEntity.computeIfAbsent(entity, e -> new ArrayList<>()).add(withDelay ? line(record) : withoutDelay(record));
    }
    return byEntity;
  }

  private static String withoutDelay(SourceRecord record) {
    byte[] value = JSON.fromConnectData(record.topic(), record.valueSchema(), record.value());
    return record.timestamp() + "|" + record.key() + "|" + new String(value, StandardCharsets.UTF_8);
  }

  private static Comparator<String> byTimestamp() {
    return Comparator.comparingLong(line -> Long.parseLong(line.substring(0, line.indexOf('|'))));
  }
}
