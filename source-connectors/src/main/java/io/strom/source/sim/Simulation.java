package io.strom.source.sim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
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
  /**
   * Offset keys written only with late delivery on: where the entity's last written record was
   * delivered (event time plus delay) and its step. With them "seq", "emitted" and the generator's
   * state point at the oldest record still held back, not past the last one written.
   */
  public static final String LAST_DELIVERY_KEY = "last.delivery";
  public static final String LAST_SEQ_KEY = "last.seq";

  /** The value field every feed's schema ends with: the ground truth. */
  public static final String SCENARIO_FIELD = "scenario";

  private final FeedModel model;
  private final ScenarioMix mix;
  private final long seed;
  private final String topic;
  private final boolean groundTruthField;
  private final long intervalMs;
  private final boolean delays;
  private final double lateRate;
  private final long maxDelayMs;
  private final SimulationMetrics metrics;
  private final PriorityQueue<EntityRun> queue =
      new PriorityQueue<>(Comparator.comparingLong((EntityRun r) -> r.head.delivery()).thenComparing(r -> r.id));

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
    this.delays = config.delaysRecords();
    this.lateRate = config.lateRate();
    this.maxDelayMs = config.maxDelayMs();
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

  /**
   * Event time at which the next record is delivered (its own, plus its delay when it is late), or
   * {@link Long#MAX_VALUE} when finished.
   */
  public long nextEventTime() {
    return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().head.delivery();
  }

  /**
   * Up to {@code max} records delivered at event time at most {@code dueUpTo}, in delivery order:
   * event-time order, except that late records come among the records of their delivery time.
   */
  public List<SourceRecord> poll(int max, long dueUpTo) {
    List<SourceRecord> records = new ArrayList<>(Math.min(max, 1024));
    while (records.size() < max && !queue.isEmpty() && queue.peek().head.delivery() <= dueUpTo) {
      EntityRun run = queue.poll();
      Pending head = run.head;
      records.add(toRecord(run, head, run.take()));
      if (run.advance()) {
        queue.add(run);
      }
    }
    metrics.polled(records.size());
    return records;
  }

  private SourceRecord toRecord(EntityRun run, Pending record, Map<String, Object> offset) {
    Event event = record.event();
    String label = event.scenario() == null ? SimulationConfig.NO_SCENARIO : event.scenario();
    if (event.scenario() != null) {
      // An episode lives within one block: its first labelled record there starts it (a late one
      // of an earlier block does not). A task that resumes an entity mid-episode counts that
      // episode again (its counters start at 0 anyway).
      boolean starts = record.block() > run.labelledBlock;
      run.labelledBlock = Math.max(run.labelledBlock, record.block());
      metrics.labelled(event.scenario(), starts);
    }
    event.value().put(SCENARIO_FIELD, groundTruthField ? label : null);
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString(SimulationConfig.SCENARIO_HEADER, label);
    if (record.delayMs() > 0) {
      headers.addLong(SimulationConfig.DELAYED_HEADER, record.delayMs());
      metrics.delayed();
    }
    return new SourceRecord(run.partition, offset, topic, null,
        Schema.STRING_SCHEMA, event.key(), model.valueSchema(), event.value(), event.timestamp(), headers);
  }

  /** The schema of the ground-truth field, the same in every feed. */
  public static Schema scenarioFieldSchema() {
    return SchemaBuilder.string().optional()
        .doc("Ground truth: the scenario this record belongs to, or 'none'; null when ground.truth.field=false.")
        .build();
  }

  /**
   * A generated record waiting to be written.
   *
   * @param block the block of the step that produced it
   * @param seq the step that produced it
   * @param delivery where in event time it is written: its timestamp plus its delay
   * @param delayMs how late it is delivered (0 for most)
   * @param before the offset that regenerates the entity from this record on
   */
  private record Pending(Event event, long block, long seq, long delivery, long delayMs, Map<String, Object> before) {

    /** True if this record is written before one at {@code (otherDelivery, otherSeq)}. */
    boolean precedes(long otherDelivery, long otherSeq) {
      return delivery < otherDelivery || (delivery == otherDelivery && seq < otherSeq);
    }
  }

  /**
   * One entity's position in its sequence and its records generated ahead. An entity writes its
   * records in order of (delivery, step): a late record waits until the entity has generated
   * past its delivery time. Records of one entity come in event-time order (every generator keeps
   * to it), so none generated later can go before it. The offset written with a record points at
   * the oldest record still waiting (from there the entity regenerates) plus, with late delivery
   * on, the delivery position of the record itself: on resume, regenerated records at or before it
   * were written already and are skipped.
   */
  private final class EntityRun {
    final String id;
    final Map<String, String> partition;
    final EntityGenerator generator;
    final long quota;
    long start;
    /** The next step to generate, and records generated so far. */
    long seq;
    long generated;
    /** The offset that regenerates from {@link #seq} on; null until first needed. */
    Map<String, Object> cursor;
    long lastTimestamp = Long.MIN_VALUE;
    /** Generated, not yet written, in the order they were generated. */
    final List<Pending> pending = new ArrayList<>(2);
    /** After a resume: the delivery position of the last record written before the restart. */
    long writtenDelivery = Long.MIN_VALUE;
    long writtenSeq = Long.MIN_VALUE;
    long cachedBlock = -1;
    String cachedScenario;
    /** The record written next, and its index in {@link #pending}. */
    Pending head;
    int headIndex;
    /** The highest block of a labelled record written, or -1. */
    long labelledBlock = -1;

    EntityRun(String id, EntityGenerator generator, long quota, long start) {
      this.id = id;
      this.partition = partition(id);
      this.generator = generator;
      this.quota = quota;
      this.start = start;
    }

    void restore(Map<String, Object> offset) {
      seq = ((Number) offset.get(SEQ_KEY)).longValue();
      generated = ((Number) offset.get(EMITTED_KEY)).longValue();
      start = ((Number) offset.get(START_KEY)).longValue();
      if (offset.get(LAST_DELIVERY_KEY) instanceof Number delivery && offset.get(LAST_SEQ_KEY) instanceof Number step) {
        writtenDelivery = delivery.longValue();
        writtenSeq = step.longValue();
      }
      generator.restore(offset);
    }

    /** Finds the next record to write, generating ahead as far as needed; false once all are written. */
    boolean advance() {
      if (cursor == null) {
        cursor = cursorOffset();
      }
      headIndex = earliestIndex();
      while (generated < quota && (headIndex < 0 || lastTimestamp < pending.get(headIndex).delivery())) {
        generateOne();
      }
      if (headIndex < 0) {
        return false;
      }
      head = pending.get(headIndex);
      return true;
    }

    /** Removes {@link #head} from the waiting records; returns the source offset to write it with. */
    Map<String, Object> take() {
      pending.remove(headIndex);
      Map<String, Object> offset = pending.isEmpty() ? cursor : pending.get(0).before();
      if (delays) {
        offset = new HashMap<>(offset);
        offset.put(LAST_DELIVERY_KEY, head.delivery());
        offset.put(LAST_SEQ_KEY, head.seq());
      }
      return offset;
    }

    /** The position in {@link #pending} of the record to write first, or -1 when none waits. */
    private int earliestIndex() {
      int best = -1;
      for (int i = 0; i < pending.size(); i++) {
        if (best < 0 || pending.get(i).precedes(pending.get(best).delivery(), pending.get(best).seq())) {
          best = i;
        }
      }
      return best;
    }

    private void generateOne() {
      Map<String, Object> before = cursor;
      Event event;
      long step;
      do {
        step = seq;
        event = generator.generate(step(seq));
        seq++;
      } while (event == null);
      generated++;
      lastTimestamp = Math.max(lastTimestamp, event.timestamp());
      cursor = cursorOffset();
      long delay = delays ? delayOf(step) : 0;
      Pending record = new Pending(event, step / model.blockLength(), step, event.timestamp() + delay, delay, before);
      if (!record.precedes(writtenDelivery, writtenSeq) && !(record.delivery() == writtenDelivery && step == writtenSeq)) {
        pending.add(record);
        if (headIndex < 0 || record.precedes(pending.get(headIndex).delivery(), pending.get(headIndex).seq())) {
          headIndex = pending.size() - 1;
        }
      } // else written before the restart
    }

    /** How late the record of step {@code s} is delivered: 0 for most, else 1 to max.delay.ms. */
    private long delayOf(long s) {
      SplittableRandom random = DeterministicRandom.forDelivery(seed, id, s);
      return random.nextDouble() < lateRate ? 1 + random.nextLong(maxDelayMs) : 0;
    }

    private Map<String, Object> cursorOffset() {
      Map<String, Object> offset = new HashMap<>(generator.state());
      offset.put(SEQ_KEY, seq);
      offset.put(EMITTED_KEY, generated);
      offset.put(START_KEY, start);
      return offset;
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
