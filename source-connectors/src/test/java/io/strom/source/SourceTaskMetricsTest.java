package io.strom.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.source.login.LoginSourceTask;
import io.strom.source.sim.SimulationConfig;
import io.strom.testkit.TaskPluginMetrics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;

/** A source task's plugin metrics after real polls, checked against the records it returned. */
class SourceTaskMetricsTest {

  @Test
  void countsRecordsScenarioRecordsAndEpisodes() throws Exception {
    Map<String, String> props = FeedRuns.finiteProps(3_000);
    props.put("users", "50");
    props.put("scenarios", "brute_force:0.2,account_takeover:0.2");
    Map<String, String> taskConfig = FeedRuns.all().filter(f -> f.name().equals("logins")).findFirst().orElseThrow()
        .taskConfigs(props, 1).get(0);
    List<SourceRecord> records = new ArrayList<>();
    try (TaskPluginMetrics metrics = new TaskPluginMetrics("logins", 0)) {
      LoginSourceTask task = new LoginSourceTask();
      task.initialize(context(metrics.pluginMetrics()));
      task.start(taskConfig);
      while (records.size() < 3_000) {
        List<SourceRecord> polled = task.poll();
        if (polled != null) {
          records.addAll(polled);
        }
      }
      task.stop();

      assertThat(metrics.value("records-generated-total")).isEqualTo(3_000L);
      for (String scenario : List.of("brute_force", "account_takeover")) {
        List<SourceRecord> labelled = records.stream().filter(r -> label(r).equals(scenario)).toList();
        // Every record of an attack comes from its attacker's IP, the record key, drawn anew per episode.
        long episodes = labelled.stream().map(SourceRecord::key).distinct().count();
        assertThat(episodes).as(scenario).isGreaterThan(5);
        assertThat(metrics.value("scenario-records-total", "scenario", scenario)).as(scenario)
            .isEqualTo((long) labelled.size());
        assertThat(metrics.value("scenario-episodes-total", "scenario", scenario)).as(scenario).isEqualTo(episodes);
      }
    }
  }

  @Test
  void everyEnabledScenarioIsPublishedFromTheStart() throws Exception {
    Map<String, String> props = FeedRuns.finiteProps(0);
    props.put("scenarios", "brute_force,impossible_travel");
    Map<String, String> taskConfig = FeedRuns.all().filter(f -> f.name().equals("logins")).findFirst().orElseThrow()
        .taskConfigs(props, 1).get(0);
    try (TaskPluginMetrics metrics = new TaskPluginMetrics("logins", 0)) {
      LoginSourceTask task = new LoginSourceTask();
      task.initialize(context(metrics.pluginMetrics()));
      task.start(taskConfig);
      assertThat(metrics.value("records-generated-total")).isEqualTo(0L);
      assertThat(metrics.value("scenario-episodes-total", "scenario", "impossible_travel")).isEqualTo(0L);
      assertThat(metrics.value("scenario-records-total", "scenario", "brute_force")).isEqualTo(0L);
      task.stop();
    }
  }

  private static String label(SourceRecord record) {
    return (String) record.headers().lastWithName(SimulationConfig.SCENARIO_HEADER).value();
  }

  private static SourceTaskContext context(PluginMetrics pluginMetrics) {
    return new SourceTaskContext() {
      @Override
      public Map<String, String> configs() {
        return Map.of();
      }

      @Override
      public OffsetStorageReader offsetStorageReader() {
        return new OffsetStorageReader() {
          @Override
          public <T> Map<String, Object> offset(Map<String, T> partition) {
            return null;
          }

          @Override
          public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
            return Map.of();
          }
        };
      }

      @Override
      public PluginMetrics pluginMetrics() {
        return pluginMetrics;
      }
    };
  }
}
