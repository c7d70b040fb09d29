package io.strom.smt;

import io.strom.connect.common.EnumValidator;
import io.strom.connect.common.PluginVersion;
import io.strom.connect.rules.ConnectValues;
import io.strom.connect.rules.SchemalessRows;
import io.strom.rules.contract.Emitter;
import io.strom.rules.contract.RowProjection;
import io.strom.rules.contract.RuleEvaluationException;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.LateRecord;
import io.strom.rules.data.OutputRecord;
import io.strom.rules.data.Row;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.metrics.Monitorable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Strom rule on each record's value ({@link Value}) or key ({@link Key}): records the rule
 * filters out are dropped (or passed on unchanged), the others become the rule's output row, a
 * Struct of a schema derived from the SELECT list (or a map, for schemaless records).
 *
 * <p>A record the rule cannot evaluate throws a {@link DataException} naming the rule and the
 * cause, so Connect's error handling ({@code errors.tolerance}, dead letter queue) applies.
 */
public abstract class RuleTransform<R extends ConnectRecord<R>> implements Transformation<R>, Monitorable {

  private static final Logger LOG = LoggerFactory.getLogger(RuleTransform.class);

  public static final String OVERVIEW_DOC = "Runs a Strom rule (ksqlDB-style SQL) on each record: records the"
      + " rule's WHERE clause rejects are dropped or passed unchanged, the others are replaced by the rule's SELECT"
      + " list. Use <code>" + RuleTransform.class.getName() + "$Value</code> for the record value or <code>"
      + RuleTransform.class.getName() + "$Key</code> for the key.";

  public static final String RULES_CONFIG = RuleConfig.RULES_CONFIG;
  public static final String RULES_FILE_CONFIG = RuleConfig.RULES_FILE_CONFIG;
  public static final String RULES_STATEMENT_CONFIG = RuleConfig.RULES_STATEMENT_CONFIG;
  public static final String FILTERED_RECORDS_CONFIG = "filtered.records";
  public static final String OUTPUT_TOPIC_CONFIG = "output.topic";

  /** What happens to a record the rule filters out. */
  public enum Filtered { DROP, PASS }

  /** Where an output record goes. */
  public enum OutputTopic { INPUT, RULE }

  private static final String GROUP_OUTPUT = "Output";

  public static final ConfigDef CONFIG_DEF = TableConfig.define(RuleConfig.ruleKeys()
      .define(FILTERED_RECORDS_CONFIG, Type.STRING, "drop", EnumValidator.of(Filtered.class),
          Importance.MEDIUM, "What happens to a record the rule filters out: 'drop' removes it, 'pass' hands it on"
              + " unchanged.", GROUP_OUTPUT, 1, Width.SHORT, "Filtered records")
      .define(OUTPUT_TOPIC_CONFIG, Type.STRING, "input", EnumValidator.of(OutputTopic.class),
          Importance.MEDIUM, "Topic of an output record: 'input' keeps the record's topic, 'rule' uses the rule's"
              + " target (its KAFKA_TOPIC property, else the name in CREATE STREAM name AS SELECT; a bare SELECT has"
              + " none).", GROUP_OUTPUT, 2, Width.SHORT, "Output topic"));

  private RuleRunner runner;
  /** The tables of a stream-table join, read by the task; null for every other rule. */
  private GlobalTables tables;
  private Filtered filtered;
  private String outputTopic;
  private final RuleMetrics metrics = new RuleMetrics();
  private PluginMetrics pluginMetrics;
  private final Capture capture = new Capture();
  private long sourceSequence;

  @Override
  public void configure(Map<String, ?> configs) {
    RuleConfig config = RuleConfig.parse(CONFIG_DEF, configs);
    RuleProgram program = config.program();
    filtered = EnumValidator.parse(Filtered.class, config.getString(FILTERED_RECORDS_CONFIG));
    OutputTopic topic = EnumValidator.parse(OutputTopic.class, config.getString(OUTPUT_TOPIC_CONFIG));
    if (topic == OutputTopic.RULE && !program.named()) {
      throw new ConfigException(OUTPUT_TOPIC_CONFIG, config.getString(OUTPUT_TOPIC_CONFIG),
          "a bare SELECT has no target name; write CREATE STREAM name AS SELECT ... or keep the input topic");
    }
    outputTopic = topic == OutputTopic.RULE ? program.targetTopic() : null;
    runner = new RuleRunner(program);
    if (program.isJoin()) {
      tables = GlobalTables.start(program.declaredRule(), TableConfig.of(config, program.ruleName()));
    }
    if (pluginMetrics != null) {
      metrics.register(pluginMetrics, program.ruleName(), true);
    }
    LOG.info("{} configured: source {}, {}, filtered records {}, output topic {}", program, program.sourceName(),
        program.declaredSource() == null ? "columns from each record's schema" : "declared columns", filtered,
        outputTopic == null ? "the input topic" : outputTopic);
  }

  @Override
  public void withPluginMetrics(PluginMetrics pluginMetrics) {
    // Connect configures a plugin before handing it its metrics; register now or right after configure()
    this.pluginMetrics = pluginMetrics;
    if (runner != null) {
      metrics.register(pluginMetrics, runner.program().ruleName(), true);
    }
  }

  @Override
  public R apply(R record) {
    metrics.in++;
    Object value = operatingValue(record);
    if (value == null) {
      // a record without a value: a plain projection passes it on, a filter filters it (as in ksqlDB)
      if (runner.program().hasWhere()) {
        return filteredOut(record);
      }
      metrics.out++;
      return newRecord(record, topic(record), operatingSchema(record), null, null, null, false);
    }
    RuleRunner.Bound bound;
    Row row;
    Object key = operatesOnKey() ? null : record.key();
    boolean emitted;
    Object[] outValues; // null for a tombstone
    Object outKey;
    try {
      if (value instanceof Struct struct) {
        bound = runner.bind(struct.schema()).orFail();
        row = bound.reader.row(key, struct);
      } else if (value instanceof Map<?, ?> map) {
        bound = runner.bindSchemaless(map).orFail();
        row = SchemalessRows.row(bound.rule.source(), key, map);
      } else {
        throw new DataException("rule " + runner.program().ruleName() + ": the record " + (operatesOnKey() ? "key" : "value")
            + " must be a Struct or a Map, not " + value.getClass().getName());
      }
      long time = record.timestamp() != null ? record.timestamp() : System.currentTimeMillis();
      RowProjection projection = bound.projection;
      // a join's one instance, table changes applied (untimed: the first record waits for the load)
      RuleInstance joinInstance = tables != null ? tables.instance() : null;
      // one call site for the rule, timed or not, so the JIT inlines it into apply once
      boolean timed = metrics.sample();
      long start = timed ? System.nanoTime() : 0L;
      if (projection != null) {
        // a filter/projection over a stream, evaluated in place into the binding's one values
        // array: the output Struct or map below copies it before the next record overwrites it
        Object[] into = bound.projected;
        emitted = projection.project(row, time, into);
        outValues = into;
        outKey = emitted ? projection.key(into) : null;
      } else {
        long offset = record instanceof SinkRecord sink ? sink.kafkaOffset() : sourceSequence++;
        capture.output = null;
        capture.pattern = bound.rule.isPattern();
        RuleInstance instance = joinInstance != null ? joinInstance
            : bound.instance(record.topic(), record.kafkaPartition(), offset, record instanceof SinkRecord);
        instance.process(new InputRecord(key, row, time, offset), capture);
        OutputRecord out = capture.output;
        emitted = out != null;
        outValues = emitted ? out.values() : null;
        outKey = emitted ? out.key() : null;
      }
      if (timed) {
        metrics.evaluationTook(System.nanoTime() - start);
      }
    } catch (RuleEvaluationException e) {
      metrics.failed++;
      throw new DataException(e.getMessage(), e);
    } catch (DataException e) {
      metrics.failed++;
      throw runner.naming(e);
    }
    if (!emitted) {
      return filteredOut(record);
    }
    metrics.out++;
    if (bound.outputSchema == null) {
      Object ruleKey = outKey instanceof io.strom.rules.types.StructValue s ? s.toMap() : outKey;
      return newRecord(record, topic(record), null,
          outValues == null ? null : SchemalessRows.toMap(outValues, bound.rule.output()),
          null, ruleKey, bound.hasKeyColumns);
    }
    Object ruleKey = bound.outputKeySchema == null ? null : ConnectValues.toConnect(outKey, bound.outputKeySchema);
    return newRecord(record, topic(record), bound.outputSchema,
        outValues == null ? null : bound.writer.write(outValues, bound.reader),
        bound.outputKeySchema, ruleKey, bound.hasKeyColumns);
  }

  private R filteredOut(R record) {
    metrics.filtered++;
    return filtered == Filtered.PASS ? record : null;
  }

  private String topic(R record) {
    return outputTopic != null ? outputTopic : record.topic();
  }

  @Override
  public ConfigDef config() {
    return CONFIG_DEF;
  }

  @Override
  public String version() {
    return PluginVersion.get();
  }

  @Override
  public void close() {
    if (tables != null) {
      tables.close();
      tables = null;
    }
    runner = null;
  }

  /** Metrics counters, for tests and benchmarks in this package. */
  RuleMetrics metrics() {
    return metrics;
  }

  protected abstract boolean operatesOnKey();

  protected abstract Schema operatingSchema(R record);

  protected abstract Object operatingValue(R record);

  /**
   * The output record: the operated-on part replaced by {@code schema}/{@code value}; for the
   * value variant, the key replaced by the rule's key when {@code hasRuleKey}.
   */
  protected abstract R newRecord(R record, String topic, Schema schema, Object value, Schema ruleKeySchema,
      Object ruleKey, boolean hasRuleKey);

  /**
   * Holds the rule's output for the record being transformed: 0 or 1 for the rules a transform
   * accepts, except patterns. A record can complete several matches (overlapping ones with an
   * AFTER MATCH SKIP other than PAST LAST ROW, rows released together from the grace buffer, partial
   * matches of other keys that WITHIN ends); the transform returns the first, and counts and logs the others.
   */
  private final class Capture implements Emitter {
    OutputRecord output;
    boolean pattern;

    @Override
    public void emit(OutputRecord record) {
      if (output == null) {
        output = record;
        return;
      }
      if (!pattern) {
        // configure() refuses the rules that do this; never drop an output silently
        throw new DataException("rule " + runner.program().ruleName() + " emitted several records for one input;"
            + " a transform returns one");
      }
      metrics.droppedMatches++;
      LOG.warn("Rule {}: one record completed several matches and a transform returns one record; dropping the"
          + " match of key {} at {} (host the rule in the JDBC sink to keep every match)", runner.program().ruleName(),
          record.key(), record.timestamp());
    }

    @Override
    public void late(LateRecord late) {
      metrics.late++;
    }
  }

  /** Runs the rule on the record key; the value is left as it is. */
  public static final class Key<R extends ConnectRecord<R>> extends RuleTransform<R> {
    @Override
    protected boolean operatesOnKey() {
      return true;
    }

    @Override
    protected Schema operatingSchema(R record) {
      return record.keySchema();
    }

    @Override
    protected Object operatingValue(R record) {
      return record.key();
    }

    @Override
    protected R newRecord(R record, String topic, Schema schema, Object value, Schema ruleKeySchema, Object ruleKey,
        boolean hasRuleKey) {
      return record.newRecord(topic, record.kafkaPartition(), schema, value, record.valueSchema(), record.value(),
          record.timestamp(), record.headers());
    }
  }

  /** Runs the rule on the record value; the key stays unless the rule's output has key columns. */
  public static final class Value<R extends ConnectRecord<R>> extends RuleTransform<R> {
    @Override
    protected boolean operatesOnKey() {
      return false;
    }

    @Override
    protected Schema operatingSchema(R record) {
      return record.valueSchema();
    }

    @Override
    protected Object operatingValue(R record) {
      return record.value();
    }

    @Override
    protected R newRecord(R record, String topic, Schema schema, Object value, Schema ruleKeySchema, Object ruleKey,
        boolean hasRuleKey) {
      Schema keySchema = hasRuleKey ? ruleKeySchema : record.keySchema();
      Object key = hasRuleKey ? ruleKey : record.key();
      return record.newRecord(topic, record.kafkaPartition(), keySchema, key, schema, value, record.timestamp(),
          record.headers());
    }
  }
}
