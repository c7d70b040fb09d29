package io.strom.source.sim;

import io.strom.connect.common.ForeignKeys;
import io.strom.connect.common.PluginVersion;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector side shared by every simulated feed: parses the config, splits the entities over
 * the tasks, and pins the start time so that every task's event times agree.
 */
public abstract class SimulatedSourceConnector extends SourceConnector {

  private static final Logger log = LoggerFactory.getLogger(SimulatedSourceConnector.class);
  private static final String TASKS_MAX_CONFIG = "tasks.max";

  private final Feed feed;
  private Map<String, String> props;
  private int entityCount;
  private Instant startTime;

  protected SimulatedSourceConnector(Feed feed) {
    this.feed = feed;
  }

  @Override
  public String version() {
    return PluginVersion.get();
  }

  @Override
  public ConfigDef config() {
    return feed.configDef();
  }

  @Override
  public void start(Map<String, String> props) {
    SimulationConfig config = feed.parse(props);
    config.scenarioMix();
    this.props = new HashMap<>(props);
    List<String> entities = feed.models().apply(config).entityIds();
    this.entityCount = entities.size();
    this.startTime = Optional.ofNullable(config.startTime())
        .or(() -> storedStartTime(entities))
        .orElseGet(() -> Instant.now().truncatedTo(ChronoUnit.MILLIS));
    log.info("Simulated {} source starts: {} entities, first event time {}", feed.spec().name(), entityCount, startTime);
  }

  /**
   * Without a configured start.time, the one the first run picked, as its entities' committed
   * offsets store it. A connector restarted (on another worker after a failover, say) thus hands
   * its tasks the same configs again; a fresh "now" would change them, and Connect would restart
   * every task of the connector once more.
   */
  private Optional<Instant> storedStartTime(List<String> entities) {
    if (context() == null) {
      return Optional.empty(); // started outside a worker (tests, benchmarks): no stored offsets
    }
    try {
      Map<Map<String, String>, Map<String, Object>> stored =
          context().offsetStorageReader().offsets(Simulation.partitions(entities));
      return stored.values().stream()
          .filter(offset -> offset != null && offset.get(Simulation.START_KEY) instanceof Number)
          .map(offset -> ((Number) offset.get(Simulation.START_KEY)).longValue())
          .min(Long::compare)
          .map(Instant::ofEpochMilli);
    } catch (RuntimeException e) {
      log.warn("Simulated {} source: cannot read the stored start time ({}); using now", feed.spec().name(), e.toString());
      return Optional.empty();
    }
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    int tasks = Math.min(maxTasks, entityCount);
    List<Map<String, String>> configs = new ArrayList<>(tasks);
    for (int i = 0; i < tasks; i++) {
      Map<String, String> task = new HashMap<>(props);
      task.put(SimulationConfig.START_TIME_CONFIG, startTime.toString());
      task.put(SimulationConfig.TASK_INDEX_CONFIG, Integer.toString(i));
      task.put(SimulationConfig.TASK_COUNT_CONFIG, Integer.toString(tasks));
      configs.add(task);
    }
    return configs;
  }

  @Override
  public void stop() {}

  @Override
  public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
    // Records are a pure function of (seed, entity, step) plus state stored with the offsets, so a
    // task resumed from a committed offset writes exactly what the lost transaction would have.
    return ExactlyOnceSupport.SUPPORTED;
  }

  /**
   * Single-field checks from the ConfigDef and keys that nobody defines (a typo does nothing
   * otherwise), then the rules that involve several fields.
   */
  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config result = super.validate(connectorConfigs);
    ForeignKeys.flag(result, connectorConfigs, config(), Set.of(), Map.of());
    boolean clean = result.configValues().stream().allMatch(v -> v.errorMessages().isEmpty());
    if (!clean) {
      return result;
    }
    SimulationConfig config = feed.parse(connectorConfigs);
    try {
      config.scenarioMix();
    } catch (ConfigException e) {
      value(result, SimulationConfig.SCENARIOS_CONFIG).addErrorMessage(e.getMessage());
      value(result, SimulationConfig.SCENARIO_RATE_CONFIG).addErrorMessage(e.getMessage());
    }
    int entities = feed.models().apply(config).entityIds().size();
    Integer tasksMax = parseTasksMax(connectorConfigs.get(TASKS_MAX_CONFIG));
    if (tasksMax != null && tasksMax > entities) {
      String message = TASKS_MAX_CONFIG + " is " + tasksMax + " but " + feed.spec().entitiesConfig()
          + " defines only " + entities + " entities; every task needs at least one";
      value(result, feed.spec().entitiesConfig()).addErrorMessage(message);
      ConfigValue tasksValue = new ConfigValue(TASKS_MAX_CONFIG);
      tasksValue.value(tasksMax);
      tasksValue.addErrorMessage(message);
      result.configValues().add(tasksValue);
    }
    return result;
  }

  /** Accepts only offsets this connector could have written (or null, which resets an entity). */
  @Override
  public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
    for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
      if (!(entry.getKey().get(Simulation.ENTITY_KEY) instanceof String)) {
        throw new ConnectException("source partition must have a string '" + Simulation.ENTITY_KEY + "': " + entry.getKey());
      }
      Map<String, ?> offset = entry.getValue();
      if (offset == null) {
        continue;
      }
      for (String key : List.of(Simulation.SEQ_KEY, Simulation.EMITTED_KEY, Simulation.START_KEY)) {
        Object value = offset.get(key);
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0) {
          throw new ConnectException("offset key '" + key + "' must be a non-negative integer, got " + value
              + " for " + entry.getKey());
        }
      }
      for (String key : List.of(Simulation.LAST_DELIVERY_KEY, Simulation.LAST_SEQ_KEY)) {
        Object value = offset.get(key);
        if (value != null && !(value instanceof Integer || value instanceof Long)) {
          throw new ConnectException("offset key '" + key + "' must be an integer when present, got " + value
              + " for " + entry.getKey());
        }
      }
    }
    return true;
  }

  private static ConfigValue value(Config config, String name) {
    return config.configValues().stream().filter(v -> v.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalStateException(name + " is not defined"));
  }

  private static Integer parseTasksMax(String text) {
    try {
      return text == null ? null : Integer.valueOf(text.trim());
    } catch (NumberFormatException e) {
      return null; // the worker reports a malformed tasks.max itself
    }
  }

}
