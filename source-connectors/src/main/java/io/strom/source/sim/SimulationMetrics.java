package io.strom.source.sim;

import io.strom.connect.common.TaskCounter;
import io.strom.connect.common.TaskMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a task's simulation produced: records, and per enabled scenario its labelled records and
 * the episodes that started. Every enabled scenario has its gauges from the start (at 0 until it
 * plays), so that a dashboard sees each series before the first incident; scenarios not enabled
 * cannot occur and get none. Counted by the task thread as it polls (see {@link TaskCounter}).
 */
public final class SimulationMetrics {

  /** The metrics' names, a contract with dashboards and the exporter's rules. */
  public static final String RECORDS_GENERATED = "records-generated-total";
  public static final String SCENARIO_RECORDS = "scenario-records-total";
  public static final String SCENARIO_EPISODES = "scenario-episodes-total";
  public static final String SCENARIO_TAG = "scenario";
  public static final String RECORDS_DELAYED = "records-delayed-total";

  private final TaskCounter records = new TaskCounter();
  private final TaskCounter delayed = new TaskCounter();
  private final Map<String, TaskCounter> scenarioRecords = new LinkedHashMap<>();
  private final Map<String, TaskCounter> scenarioEpisodes = new LinkedHashMap<>();

  SimulationMetrics(ScenarioMix mix) {
    for (String scenario : mix.rates().keySet()) {
      scenarioRecords.put(scenario, new TaskCounter());
      scenarioEpisodes.put(scenario, new TaskCounter());
    }
  }

  /** Registers the gauges with the task's plugin metrics. */
  public void register(TaskMetrics metrics) {
    metrics.counter(RECORDS_GENERATED, "Records the task returned from poll().", records);
    metrics.counter(RECORDS_DELAYED, "Records the task delivered late, out of event-time order (late.rate).",
        delayed);
    scenarioRecords.forEach((scenario, counter) -> metrics.counter(SCENARIO_RECORDS,
        "Records labelled with the scenario (the ground truth of injected incidents).", SCENARIO_TAG, scenario,
        counter));
    scenarioEpisodes.forEach((scenario, counter) -> metrics.counter(SCENARIO_EPISODES,
        "Episodes of the scenario that started (an entity's first labelled record of a block).", SCENARIO_TAG,
        scenario, counter));
  }

  void polled(int count) {
    records.add(count);
  }

  void delayed() {
    delayed.increment();
  }

  void labelled(String scenario, boolean episodeStarts) {
    scenarioRecords.get(scenario).increment();
    if (episodeStarts) {
      scenarioEpisodes.get(scenario).increment();
    }
  }
}
