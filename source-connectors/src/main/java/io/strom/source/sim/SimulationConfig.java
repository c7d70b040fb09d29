package io.strom.source.sim;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * The configuration every simulated source shares (output, seed, timing, throughput, scenarios).
 * Each feed's connector adds its entity keys to {@link #configDef(FeedSpec)}; connector and
 * tasks parse the same definition.
 */
public class SimulationConfig extends AbstractConfig {

  public static final String TOPIC_CONFIG = "topic";
  public static final String GROUND_TRUTH_FIELD_CONFIG = "ground.truth.field";
  public static final String SEED_CONFIG = "seed";
  public static final String START_TIME_CONFIG = "start.time";
  public static final String EVENT_INTERVAL_CONFIG = "event.interval.ms";
  public static final String TIME_ACCELERATION_CONFIG = "time.acceleration";
  public static final String RATE_CONFIG = "rate.per.second";
  public static final String BATCH_SIZE_CONFIG = "batch.size";
  public static final String MAX_RECORDS_CONFIG = "max.records";
  public static final String SCENARIOS_CONFIG = "scenarios";
  public static final String SCENARIO_RATE_CONFIG = "scenario.rate";
  public static final String LATE_RATE_CONFIG = "late.rate";
  public static final String MAX_DELAY_CONFIG = "max.delay.ms";

  /** Set by the connector in each task's config only: which share of the entities the task runs. */
  static final String TASK_INDEX_CONFIG = "task.index";
  static final String TASK_COUNT_CONFIG = "task.count";

  public static final String GROUP_OUTPUT = "Output";
  public static final String GROUP_ENTITIES = "Entities";
  public static final String GROUP_TIMING = "Timing";
  public static final String GROUP_THROUGHPUT = "Throughput";
  public static final String GROUP_SCENARIOS = "Scenarios";
  public static final String GROUP_LATE = "Late and out-of-order delivery";

  /** The name of the record header that carries the ground truth. */
  public static final String SCENARIO_HEADER = "strom.scenario";
  /** The ground-truth label of a record that belongs to no scenario. */
  public static final String NO_SCENARIO = "none";
  /** The header of a record delivered late: by how many milliseconds of event time (absent on the others). */
  public static final String DELAYED_HEADER = "strom.delayed.ms";

  private final FeedSpec spec;

  public SimulationConfig(FeedSpec spec, ConfigDef definition, Map<?, ?> props) {
    super(definition, props);
    this.spec = spec;
  }

  /** The shared keys, with the feed's defaults; the feed adds its own keys to group {@link #GROUP_ENTITIES}. */
  public static ConfigDef configDef(FeedSpec spec) {
    List<String> allScenarios = spec.scenarios().stream().map(ScenarioSpec::name).toList();
    return new ConfigDef()
        .define(TOPIC_CONFIG, Type.STRING, spec.defaultTopic(), Validators.TOPIC_NAME, Importance.HIGH,
            "Topic the records are written to.", GROUP_OUTPUT, 1, Width.MEDIUM, "Topic")
        .define(GROUND_TRUTH_FIELD_CONFIG, Type.BOOLEAN, true, Importance.LOW,
            "Whether the value's 'scenario' field carries the ground truth (the scenario label, or '"
                + NO_SCENARIO + "'). When false the field is null, so rules cannot peek at it; the '"
                + SCENARIO_HEADER + "' header carries the label either way.",
            GROUP_OUTPUT, 2, Width.SHORT, "Ground truth in value")
        .define(SEED_CONFIG, Type.LONG, 42L, Importance.HIGH,
            "Seed of every random draw. The same seed and config give the same records for every entity, "
                + "on every run and for any tasks.max.",
            GROUP_ENTITIES, 1, Width.SHORT, "Seed")
        .define(START_TIME_CONFIG, Type.STRING, "", Validators.INSTANT_OR_EMPTY, Importance.MEDIUM,
            "Event time of every entity's first record. Empty means the time the connector first starts, "
                + "kept in its offsets so that a restart (after a failover, say) keeps it; set it for "
                + "reproducible event times.",
            GROUP_TIMING, 1, Width.MEDIUM, "Start time")
        .define(EVENT_INTERVAL_CONFIG, Type.LONG, spec.defaultIntervalMs(), Range.between(1, 86_400_000L),
            Importance.MEDIUM, "Event-time gap in milliseconds between two steps of one entity.",
            GROUP_TIMING, 2, Width.SHORT, "Event interval (ms)")
        .define(TIME_ACCELERATION_CONFIG, Type.DOUBLE, 1.0, Range.atLeast(0.0), Importance.MEDIUM,
            "Speed of the simulated clock relative to wall-clock time: a record is written once simulated "
                + "time reaches its event time. 1 is real time, 60 makes a minute pass per second, "
                + "0 writes records as fast as " + RATE_CONFIG + " allows.",
            GROUP_TIMING, 3, Width.SHORT, "Time acceleration")
        .define(RATE_CONFIG, Type.DOUBLE, 1000.0, Validators.POSITIVE, Importance.HIGH,
            "Most records per second each task writes (a token bucket).",
            GROUP_THROUGHPUT, 1, Width.SHORT, "Records/s per task")
        .define(BATCH_SIZE_CONFIG, Type.INT, 500, Range.between(1, 100_000), Importance.LOW,
            "Most records one poll returns (with exactly-once support and transaction.boundary=poll, "
                + "Connect's default, also the most one transaction holds).",
            GROUP_THROUGHPUT, 2, Width.SHORT, "Batch size")
        .define(MAX_RECORDS_CONFIG, Type.LONG, 0L, Range.atLeast(0L), Importance.MEDIUM,
            "Total records the connector writes, spread evenly over the entities (0 = unlimited). "
                + "With a limit the run is finite and its records are the same for any tasks.max.",
            GROUP_THROUGHPUT, 3, Width.SHORT, "Max records")
        .define(SCENARIOS_CONFIG, Type.LIST, allScenarios, new ScenarioMix.Validator(spec.scenarios()),
            Importance.MEDIUM,
            "Scenarios to play, comma-separated, each as name or name:rate. The rate is the probability "
                + "that a block of an entity's steps plays that scenario. Empty plays none.",
            GROUP_SCENARIOS, 1, Width.LONG, "Scenarios", new ScenarioMix.Recommender(spec.scenarios()))
        .define(SCENARIO_RATE_CONFIG, Type.DOUBLE, spec.defaultScenarioRate(), Range.between(0.0, 1.0),
            Importance.LOW,
            "Rate of every entry in " + SCENARIOS_CONFIG + " that gives none. The rates together must not exceed 1.",
            GROUP_SCENARIOS, 2, Width.SHORT, "Default scenario rate",
            List.of(SCENARIOS_CONFIG), new ScenarioRateRecommender())
        .define(LATE_RATE_CONFIG, Type.DOUBLE, 0.0, Range.between(0.0, 1.0), Importance.LOW,
            "Share of records delivered late, out of event-time order, so that rules' grace periods are "
                + "exercised (0 = none). A late record keeps its event time but is written among the records "
                + "of event time ts + d, after its entity's records up to then, with d drawn between 1 and "
                + MAX_DELAY_CONFIG + "; it carries the header '" + DELAYED_HEADER + "' = d. Which records are "
                + "late, and by how much, depends only on the seed, so runs and restarts repeat it.",
            GROUP_LATE, 1, Width.SHORT, "Late share")
        .define(MAX_DELAY_CONFIG, Type.LONG, 60_000L, Range.atLeast(0L), Importance.LOW,
            "Most event time in milliseconds by which a late record is delivered after the records that "
                + "follow it (0 = none is late). An entity holds back up to " + MAX_DELAY_CONFIG + " / "
                + EVENT_INTERVAL_CONFIG + " records while one of its records waits.",
            GROUP_LATE, 2, Width.SHORT, "Max delay (ms)", List.of(LATE_RATE_CONFIG), new LateDelayRecommender());
  }

  public FeedSpec spec() {
    return spec;
  }

  public String topic() {
    return getString(TOPIC_CONFIG);
  }

  public boolean groundTruthField() {
    return getBoolean(GROUND_TRUTH_FIELD_CONFIG);
  }

  public long seed() {
    return getLong(SEED_CONFIG);
  }

  /** The configured start, or null when the connector is to pick it. */
  public Instant startTime() {
    String text = getString(START_TIME_CONFIG).trim();
    return text.isEmpty() ? null : Instant.parse(text);
  }

  public long eventIntervalMs() {
    return getLong(EVENT_INTERVAL_CONFIG);
  }

  public double timeAcceleration() {
    return getDouble(TIME_ACCELERATION_CONFIG);
  }

  public double ratePerSecond() {
    return getDouble(RATE_CONFIG);
  }

  public int batchSize() {
    return getInt(BATCH_SIZE_CONFIG);
  }

  public long maxRecords() {
    return getLong(MAX_RECORDS_CONFIG);
  }

  /** The enabled scenarios with their rates; rejects a mix whose rates add up to more than 1. */
  public ScenarioMix scenarioMix() {
    ScenarioMix mix = ScenarioMix.parse(getList(SCENARIOS_CONFIG), getDouble(SCENARIO_RATE_CONFIG), spec.scenarios());
    if (mix.totalRate() > 1.0) {
      throw new ConfigException(SCENARIOS_CONFIG, getList(SCENARIOS_CONFIG),
          "the scenario rates add up to " + mix.totalRate() + ", more than 1");
    }
    return mix;
  }

  public double lateRate() {
    return getDouble(LATE_RATE_CONFIG);
  }

  public long maxDelayMs() {
    return getLong(MAX_DELAY_CONFIG);
  }

  /** True when some records are delivered late. */
  public boolean delaysRecords() {
    return lateRate() > 0 && maxDelayMs() > 0;
  }

  int taskIndex() {
    return Integer.parseInt((String) originals().get(TASK_INDEX_CONFIG));
  }

  int taskCount() {
    return Integer.parseInt((String) originals().get(TASK_COUNT_CONFIG));
  }

  /** {@code scenario.rate} only matters while some scenario is enabled. */
  private static final class ScenarioRateRecommender implements ConfigDef.Recommender {
    @Override
    public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
      return List.of();
    }

    @Override
    public boolean visible(String name, Map<String, Object> parsedConfig) {
      Object scenarios = parsedConfig.get(SCENARIOS_CONFIG);
      return !(scenarios instanceof List<?> list) || !list.isEmpty();
    }
  }

  /** {@code max.delay.ms} only matters while {@code late.rate} is above 0. */
  private static final class LateDelayRecommender implements ConfigDef.Recommender {
    @Override
    public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
      return List.of();
    }

    @Override
    public boolean visible(String name, Map<String, Object> parsedConfig) {
      return !(parsedConfig.get(LATE_RATE_CONFIG) instanceof Double rate) || rate > 0;
    }
  }
}
