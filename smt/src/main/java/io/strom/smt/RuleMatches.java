package io.strom.smt;

import io.strom.connect.common.PluginVersion;
import io.strom.connect.rules.SchemalessRows;
import io.strom.rules.contract.RuleEvaluationException;
import io.strom.rules.data.InputRecord;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.metrics.Monitorable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/**
 * A rule's WHERE clause as a Connect predicate on the record value, so that any transform can be
 * applied to (or, with {@code negate}, skip) the records a rule matches. Only the WHERE clause
 * counts; the SELECT list is checked against the records but not computed. A record without a
 * value never matches.
 */
public final class RuleMatches<R extends ConnectRecord<R>> implements Predicate<R>, Monitorable {

  public static final String OVERVIEW_DOC = "True for records whose value passes a Strom rule's WHERE clause.";

  public static final String RULES_CONFIG = RuleConfig.RULES_CONFIG;
  public static final String RULES_FILE_CONFIG = RuleConfig.RULES_FILE_CONFIG;
  public static final String RULES_STATEMENT_CONFIG = RuleConfig.RULES_STATEMENT_CONFIG;

  public static final ConfigDef CONFIG_DEF = RuleConfig.ruleKeys();

  private RuleRunner runner;
  private final RuleMetrics metrics = new RuleMetrics();
  private PluginMetrics pluginMetrics;
  private long sourceSequence;

  @Override
  public void configure(Map<String, ?> configs) {
    RuleProgram program = RuleConfig.parse(CONFIG_DEF, configs).program();
    if (program.isJoin()) {
      throw new ConfigException(RULES_CONFIG, io.strom.connect.rules.RuleConfigKeys.SCRIPT, "rule "
          + program.ruleName() + " joins tables, which a predicate does not keep; run the join in RuleTransform"
          + " (docs/smt.md, \"Joins: the global table\")");
    }
    runner = new RuleRunner(program);
    if (pluginMetrics != null) {
      metrics.register(pluginMetrics, runner.program().ruleName(), false);
    }
  }

  @Override
  public void withPluginMetrics(PluginMetrics pluginMetrics) {
    // Connect configures a plugin before handing it its metrics; register now or right after configure()
    this.pluginMetrics = pluginMetrics;
    if (runner != null) {
      metrics.register(pluginMetrics, runner.program().ruleName(), false);
    }
  }

  @Override
  public boolean test(R record) {
    metrics.in++;
    Object value = record.value();
    if (value == null) {
      return false;
    }
    try {
      RuleRunner.Bound bound;
      InputRecord input;
      long time = record.timestamp() != null ? record.timestamp() : System.currentTimeMillis();
      long offset = record instanceof SinkRecord sink ? sink.kafkaOffset() : sourceSequence++;
      if (value instanceof Struct struct) {
        bound = runner.bind(struct.schema()).orFail();
        input = new InputRecord(record.key(), bound.reader.row(record.key(), struct), time, offset);
      } else if (value instanceof Map<?, ?> map) {
        bound = runner.bindSchemaless(map).orFail();
        input = new InputRecord(record.key(), SchemalessRows.row(bound.rule.source(), record.key(), map), time, offset);
      } else {
        throw new DataException("rule " + runner.program().ruleName() + ": the record value must be a Struct or a"
            + " Map, not " + value.getClass().getName());
      }
      boolean matches;
      if (metrics.sample()) {
        long start = System.nanoTime();
        matches = bound.where.test(input);
        metrics.evaluationTook(System.nanoTime() - start);
      } else {
        matches = bound.where.test(input);
      }
      if (matches) {
        metrics.out++;
      }
      return matches;
    } catch (RuleEvaluationException e) {
      metrics.failed++;
      throw new DataException(e.getMessage(), e);
    } catch (DataException e) {
      metrics.failed++;
      throw runner.naming(e);
    }
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
    runner = null;
  }

  @Override
  public String toString() {
    return "RuleMatches{" + (runner == null ? "unconfigured" : runner.program()) + "}";
  }
}
