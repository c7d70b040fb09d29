package io.strom.platform.quality;

import io.strom.source.sim.Simulation;
import io.strom.source.sim.SimulatedSourceConnector;
import io.strom.source.sim.SimulationConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The labelled episodes of a feed, regenerated in this process from the same config the source
 * connector runs: the simulators are pure in (seed, config), so this is the very sequence of
 * records the connector wrote, with its {@code strom.scenario} header, which the rules never see.
 */
final class GroundTruth {

  /**
   * What the report needs from one feed: its episodes and the records delivered late (header
   * {@code strom.delayed.ms}): how many, and their {@link LateScore#recordId} (key and event time).
   */
  record Truth(String topic, List<Episode> episodes, long records, long delayed, Set<String> delayedIds) {}

  private GroundTruth() {}

  /**
   * The episodes of {@code feed}. An episode is a run of records of one scenario whose entity (the
   * {@code entityFields} value for the scenario, default the record key) is the same, split where
   * two labelled records are more than five event intervals (at least 10 s) apart. It is complete
   * when the simulated entity that played it (the source partition: a device, a user, a symbol) has
   * records for five event intervals (at least 2 minutes) before and after it: the run neither
   * began nor ended (the entity's max.records share) in the middle of it, nor right before, where
   * a rule had no history to compare with.
   */
  static Truth of(QualityFeed feed, Map<String, String> entityFields, Map<String, ScoredRule> predictors) {
    SimulatedSourceConnector connector = feed.connectors().get();
    connector.start(feed.props());
    List<SourceRecord> records = new ArrayList<>();
    for (Map<String, String> task : connector.taskConfigs(1)) {
      Simulation simulation = Simulation.forTask(feed.feed(), task, partitions -> Map.of());
      while (!simulation.finished()) {
        records.addAll(simulation.poll(10_000, Long.MAX_VALUE));
      }
    }
    long gap = Math.max(10_000, 5 * feed.intervalMs());
    long tail = Math.max(120_000, 5 * feed.intervalMs());
    Map<String, Map<String, List<SourceRecord>>> labelled = new TreeMap<>();
    // simulated entity (the source partition: a device, a user, a symbol) -> {first, last event time}
    Map<Object, long[]> span = new HashMap<>();
    long delayed = 0;
    Set<String> delayedIds = new HashSet<>();
    for (SourceRecord record : records) {
      span.computeIfAbsent(record.sourcePartition(), k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
      long[] times = span.get(record.sourcePartition());
      times[0] = Math.min(times[0], record.timestamp());
      times[1] = Math.max(times[1], record.timestamp());
      if (record.headers().lastWithName(SimulationConfig.DELAYED_HEADER) != null) {
        delayed++;
        delayedIds.add(LateScore.recordId(String.valueOf(record.key()), record.timestamp()));
      }
      Header label = record.headers().lastWithName(SimulationConfig.SCENARIO_HEADER);
      String scenario = label == null ? SimulationConfig.NO_SCENARIO : String.valueOf(label.value());
      if (scenario.equals(SimulationConfig.NO_SCENARIO)) {
        continue;
      }
      String field = entityFields.get(scenario);
      String entity = field == null ? String.valueOf(record.key()) : String.valueOf(((Struct) record.value()).get(field));
      labelled.computeIfAbsent(scenario, s -> new TreeMap<>()).computeIfAbsent(entity, e -> new ArrayList<>()).add(record);
    }
    List<Episode> episodes = new ArrayList<>();
    labelled.forEach((scenario, byEntity) -> byEntity.forEach((entity, rows) -> {
      rows.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
      ScoredRule predictor = predictors.get(scenario);
      int first = 0;
      for (int i = 1; i <= rows.size(); i++) {
        if (i == rows.size() || rows.get(i).timestamp() - rows.get(i - 1).timestamp() > gap) {
          List<SourceRecord> run = rows.subList(first, i);
          long start = run.get(0).timestamp();
          long end = run.get(run.size() - 1).timestamp();
          long[] times = span.get(run.get(run.size() - 1).sourcePartition());
          episodes.add(new Episode(scenario, entity, start, end, crossing(run, predictor),
              times[0] + tail <= start && end + tail <= times[1]));
          first = i;
        }
      }
    }));
    return new Truth(feed.topic(), episodes, records.size(), delayed, delayedIds);
  }

  /** The first record above the predictor's threshold, or {@link Episode#NO_CROSSING}. */
  private static long crossing(List<SourceRecord> run, ScoredRule predictor) {
    if (predictor == null) {
      return Episode.NO_CROSSING;
    }
    for (SourceRecord record : run) {
      Object value = ((Struct) record.value()).get(predictor.field());
      if (value instanceof Number n && n.doubleValue() > predictor.threshold()) {
        return record.timestamp();
      }
    }
    return Episode.NO_CROSSING;
  }
}
