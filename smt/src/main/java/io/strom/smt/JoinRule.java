package io.strom.smt;

import io.strom.connect.rules.RuleConfigKeys;
import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.RuleStatement;
import io.strom.rules.contract.RuleException;
import io.strom.rules.data.StreamSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.config.ConfigException;

/**
 * The join rules a transform runs: a stream (the records the transform sees) joined with one or
 * more tables, which the task reads whole from their topics ({@link GlobalTables}). Every source
 * must be declared in the script (the tables' topics and columns come from nowhere else, and one
 * compiled rule serves the task's one instance); stream-stream and table-table joins are refused,
 * as they need both inputs in one order, which only the sink host has.
 */
final class JoinRule {

  private JoinRule() {}

  /**
   * The chosen rule compiled against its declared sources.
   *
   * @throws ConfigException naming {@code configKey} and the statement's line:column
   */
  static CompiledRule compile(RuleStatement rule, List<RuleStatement> statements, String configKey) {
    String name = rule.name() != null ? rule.name() : "the SELECT";
    List<String> names = new ArrayList<>();
    names.add(rule.source());
    names.addAll(rule.joined());
    List<StreamSchema> declared = new ArrayList<>();
    for (String source : names) {
      RuleStatement declaration = statements.stream()
          .filter(s -> s.kind() == RuleStatement.Kind.SOURCE_DECLARATION && s.name().equals(source))
          .findFirst()
          .orElseThrow(() -> refused(rule, configKey, name + " joins " + source + ", which the script does not"
              + " declare: a join in a transform needs CREATE STREAM/CREATE TABLE declarations of every source"
              + " (the tables' topics and columns come from them)"));
      try {
        declared.add(RuleScript.compile(declaration.text()).sources().get(0));
      } catch (RuleException e) {
        throw RuleConfigKeys.invalid(configKey, e);
      }
    }
    CompiledRule compiled;
    try {
      compiled = RuleScript.compile(rule.text(), declared).rules().get(0);
    } catch (RuleException e) {
      throw RuleConfigKeys.invalid(configKey, e);
    }
    List<StreamSchema> sources = compiled.sources();
    if (sources.get(0).table()) {
      throw refused(rule, configKey, name + " reads the table " + sources.get(0).name() + " on its left: a"
          + " transform's records are a stream, so only stream-table joins run here; table-table joins need"
          + " both changelogs in one order: host them in the PostgreSQL sink (docs/sink.md)");
    }
    for (StreamSchema source : sources.subList(1, sources.size())) {
      if (!source.table()) {
        throw refused(rule, configKey, name + " joins the stream " + source.name() + ": stream-stream joins need"
            + " both streams in one order, which a transform does not see; host them in the PostgreSQL sink"
            + " (docs/sink.md)");
      }
    }
    return compiled;
  }

  private static ConfigException refused(RuleStatement rule, String configKey, String why) {
    return new ConfigException(configKey, RuleConfigKeys.SCRIPT, "invalid rule at " + rule.queryPosition() + ": "
        + why);
  }
}
