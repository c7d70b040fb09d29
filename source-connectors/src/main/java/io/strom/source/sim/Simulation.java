package io.strom.source.sim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's share of a feed: its entities' generators, merged in event-time order into
 * {@link SourceRecord}s whose source offsets let any task resume any entity with no gap and no
 * repeat. Pure bookkeeping: pacing (clock, rate) is the task's job, so a benchmark can drive the
 * same simulation without Connect.
 */
public final class Simulation {

  private static final Logger log = LoggerFactory.getLogger(Simulation.class);

  /** Source partition key: one partition per entity, so entities may move between tasks. */
  public static final String ENTITY_KEY = "entity";
  /** Offset keys: the next step to generate, records written so far, the entity's first event time. */
  public static final String SEQ_KEY = "seq";
  public static final String EMITTED_KEY = "emitted";
  public static final String START_KEY = "start";

  /** The value field every feed's schema ends with: the ground truth. */
  public static final String SCENARIO_FIELD = "scenario";

  private final FeedModel model;
  private final ScenarioMix mix;
  private final long seed;
  private final String topic;
  private final boolean groundTruthField;
  private final long intervalMs;
  private final SimulationMetrics metrics;
  private final PriorityQueue<EntityRun> queue =
      new PriorityQueue<>(Comparator.comparingLong((EntityRun r) -> r.next.timestamp()).thenComparing(r -> r.id));

  /**
   * @param entities this task's share of {@code model.entityIds()}
   * @param startMillis event time of the first step of an entity that has no stored offset
   * @param storedOffsets the committed offsets of (some of) those entities, by source partition
   */
  Simulation(SimulationConfig config, FeedModel model, List<String> entities, long startMillis,
      Map<Map<String, String>, Map<String, Object>> storedOffsets) {
    this.model = model;
    this.mix = config.scenarioMix();
    this.seed = config.seed();
    this.topic = config.topic();
    this.groundTruthField = config.groundTruthField();
    this.intervalMs = config.eventIntervalMs();
    this.metrics = new SimulationMetrics(mix);
    List<String> all = model.entityIds();
    Map<String, Integer> globalIndex = new HashMap<>();
    for (int i = 0; i < all.size(); i++) {
      globalIndex.put(all.get(i), i);
    }
    for (String id : entities) {
      long quota = quota(globalIndex.get(id), all.size(), config.maxRecords());
      EntityRun run = new EntityRun(id, model.generator(id), quota, startMillis);
      Map<String, Object> stored = storedOffsets.get(run.partition);
      if (stored != null) {
        run.restore(stored);
      }
      if (run.advance()) {
        queue.add(run);
      }
    }
  }

  /**
   * The simulation of one task: its share of the entities, each resumed from its stored offset.
   *
   * @param taskProps a config from {@link SimulatedSourceConnector#taskConfigs(int)}
   * @param storedOffsets looks up the committed offsets of source partitions (a task's offset reader)
   */
  public static Simulation forTask(Feed feed, Map<String, String> taskProps,
      Function<Collection<Map<String, String>>, Map<Map<String, String>, Map<String, Object>>> storedOffsets) {
    SimulationConfig config = feed.parse(taskProps);
    FeedModel model = feed.models().apply(config);
    List<String> entities = share(model.entityIds(), config.taskIndex(), config.taskCount());
    Map<Map<String, String>, Map<String, Object>> stored = storedOffsets.apply(partitions(entities));
    long resumed = stored.values().stream().filter(Objects::nonNull).count();
    log.info("Simulated {} task {}/{} runs {} entities ({} resumed from stored offsets)",
        feed.spec().name(), config.taskIndex() + 1, config.taskCount(), entities.size(), resumed);
    return new Simulation(config, model, entities, config.startTime().toEpochMilli(), stored);
  }

  /** The entities task {@code index} of {@code count} runs: every count-th, so shares stay even. */
  static List<String> share(List<String> entities, int index, int count) {
    List<String> mine = new ArrayList<>();
    for (int i = index; i < entities.size(); i += count) {
      mine.add(entities.get(i));
    }
    return mine;
  }

  public static Map<String, String> partition(String entity) {
    return Map.of(ENTITY_KEY, entity);
  }

  static Collection<Map<String, String>> partitions(List<String> entities) {
    return entities.stream().map(Simulation::partition).toList();
  }

  /** Records entity {@code index} of {@code count} may write: max.records spread evenly, the remainder to the first. */
  static long quota(int index, int count, long maxRecords) {
    if (maxRecords == 0) {
      return Long.MAX_VALUE;
    }
    return maxRecords / count + (index < maxRecords % count ? 1 : 0);
  }

  /** What this simulation produced so far, for the task's metrics. */
  public SimulationMetrics metrics() {
    return metrics;
  }

  /** True once every entity has written its quota. */
  public boolean finished() {
    return queue.isEmpty();
  }

  /** Event time of the next record, or {@link Long#MAX_VALUE} when finished. */
  public long nextEventTime() {
    return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().next.timestamp();
  }

  /** Up to {@code max} records with event time at most {@code dueUpTo}, in event-time order. */
  public List<SourceRecord> poll(int max, long dueUpTo) {
    List<SourceRecord> records = new ArrayList<>(Math.min(max, 1024));
    while (records.size() < max && !queue.isEmpty() && queue.peek().next.timestamp() <= dueUpTo) {
      EntityRun run = queue.poll();
      records.add(toRecord(run));
      if (run.advance()) {
        queue.add(run);
      }
    }
    metrics.polled(records.size());
    return records;
  }

  private SourceRecord toRecord(EntityRun run) {
    Event event = run.next;
    String label = event.scenario() == null ? SimulationConfig.NO_SCENARIO : event.scenario();
    if (event.scenario() != null) {
      // An episode lives within one block: its first labelled record there starts it. A task that
      // resumes an entity mid-episode counts that episode again (its counters start at 0 anyway).
      boolean starts = run.nextBlock != run.labelledBlock;
      run.labelledBlock = run.nextBlock;
      metrics.labelled(event.scenario(), starts);
    }
    event.value().put(SCENARIO_FIELD, groundTruthField ? label : null);
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString(SimulationConfig.SCENARIO_HEADER, label);
    return new SourceRecord(run.partition, run.nextOffset, topic, null,
        Schema.STRING_SCHEMA, event.key(), model.valueSchema(), event.value(), event.timestamp(), headers);
  }

  /** The schema of the ground-truth field, the same in every feed. */
  public static Schema scenarioFieldSchema() {
    return SchemaBuilder.string().optional()
        .doc("Ground truth: the scenario this record belongs to, or 'none'; null when ground.truth.field=false.")
        .build();
  }

  /** One entity's position in its sequence, and its next record computed ahead. */
  private final class EntityRun {
    final String id;
    final Map<String, String> partition;
    final EntityGenerator generator;
    final long quota;
    long start;
    long seq;
    long emitted;
    long cachedBlock = -1;
    String cachedScenario;
    Event next;
    /** The block of the step that produced {@link #next}. */
    long nextBlock;
    /** The block of the last labelled record written, or -1. */
    long labelledBlock = -1;
    Map<String, Object> nextOffset;

    EntityRun(String id, EntityGenerator generator, long quota, long start) {
      this.id = id;
      this.partition = partition(id);
      this.generator = generator;
      this.quota = quota;
      this.start = start;
    }

    void restore(Map<String, Object> offset) {
      seq = ((Number) offset.get(SEQ_KEY)).longValue();
      emitted = ((Number) offset.get(EMITTED_KEY)).longValue();
      start = ((Number) offset.get(START_KEY)).longValue();
      generator.restore(offset);
    }

    /** Computes the next record; false once the quota is written. */
    boolean advance() {
      if (emitted >= quota) {
        return false;
      }
      Event event;
      do {
        nextBlock = seq / model.blockLength();
        event = generator.generate(step(seq));
        seq++;
      } while (event == null);
      emitted++;
      next = event;
      Map<String, Object> offset = new HashMap<>(generator.state());
      offset.put(SEQ_KEY, seq);
      offset.put(EMITTED_KEY, emitted);
      offset.put(START_KEY, start);
      nextOffset = offset;
      return true;
    }

    private Step step(long s) {
      int blockLength = model.blockLength();
      long block = s / blockLength;
      if (block != cachedBlock) {
        cachedBlock = block;
        cachedScenario = mix.pick(DeterministicRandom.forBlockScenario(seed, id, block));
      }
      return new Step(s, (int) (s % blockLength), cachedScenario,
          DeterministicRandom.forStep(seed, id, s), DeterministicRandom.forBlock(seed, id, block),
          start + block * blockLength * intervalMs, intervalMs);
    }
  }
}
