package io.strom.smt;

import io.strom.connect.rules.RuleConfigKeys;
import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.RuleStatement;
import io.strom.rules.contract.RuleException;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.data.WindowType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigException;

/**
 * The one rule a transform or predicate runs, picked from the configured script: the statement's
 * own text, its source's declaration when the script has one, and what the script says about it.
 *
 * <p>Without a declaration the source is derived from each record's schema, so the rule is
 * compiled once per distinct schema ({@link #compile(StreamSchema)}); with one, it is compiled
 * here, once.
 */
final class RuleProgram {

  private final String ruleName;
  private final String sourceName;
  private final String statementText;
  private final boolean hasWhere;
  private final boolean named;
  private final String targetTopic;
  private final StreamSchema declaredSource;
  private final CompiledRule declaredRule;

  private RuleProgram(String ruleName, String sourceName, String statementText, boolean hasWhere, boolean named,
      String targetTopic, StreamSchema declaredSource, CompiledRule joinRule) {
    this.targetTopic = targetTopic;
    this.ruleName = ruleName;
    this.sourceName = sourceName;
    this.statementText = statementText;
    this.hasWhere = hasWhere;
    this.named = named;
    this.declaredSource = declaredSource;
    this.declaredRule = joinRule != null ? joinRule : declaredSource == null ? null : compile(declaredSource);
  }

  /**
   * Parses {@code sql} and picks the rule statement named {@code statement} (or the only one).
   *
   * @throws ConfigException naming {@code configKey} and the line:column of a syntax error, or the
   *     rules there are when the choice is unclear
   */
  static RuleProgram of(String sql, String statement, String configKey, String statementKey) {
    List<RuleStatement> statements = parse(sql, configKey);
    List<RuleStatement> rules = statements.stream().filter(RuleStatement::isRule).toList();
    if (rules.isEmpty()) {
      throw new ConfigException(configKey, RuleConfigKeys.SCRIPT, "holds no rule: write a SELECT or CREATE STREAM name AS SELECT ...");
    }
    RuleStatement chosen;
    if (statement == null || statement.isBlank()) {
      if (rules.size() > 1) {
        throw new ConfigException(statementKey, null, "the rules hold " + rules.size()
            + " statements; name the one to run, one of " + names(rules));
      }
      chosen = rules.get(0);
    } else {
      chosen = rules.stream()
          .filter(s -> s.kind() == RuleStatement.Kind.CREATE_AS_SELECT && s.name().equalsIgnoreCase(statement.trim()))
          .findFirst()
          .orElseThrow(() -> new ConfigException(statementKey, statement, "no rule of that name; the rules hold "
              + names(rules)));
    }
    CompiledRule joinRule = chosen.joined().isEmpty() ? null : JoinRule.compile(chosen, statements, configKey);
    checkOneOutputPerInput(chosen, configKey);
    String source = chosen.source();
    boolean named = chosen.kind() == RuleStatement.Kind.CREATE_AS_SELECT;
    String ruleName = named ? chosen.name() : "RULE_" + source;
    StreamSchema declared = null;
    for (RuleStatement s : statements) {
      if (s.kind() == RuleStatement.Kind.SOURCE_DECLARATION && s.name().equals(source)) {
        try {
          declared = RuleScript.compile(s.text()).sources().get(0);
        } catch (RuleException e) {
          throw RuleConfigKeys.invalid(configKey, e);
        }
      }
    }
    try {
      return new RuleProgram(ruleName, source, chosen.text(), chosen.hasWhere(), named,
          named ? chosen.topic() : ruleName, joinRule != null ? joinRule.source() : declared, joinRule);
    } catch (RuleException e) {
      throw RuleConfigKeys.invalid(configKey, e);
    }
  }

  /**
   * A transform returns one record per input, so rules that may emit several for one input are
   * refused: HOPPING windows (one update per window a record falls in), SESSION windows (a merge
   * retracts sessions) and EMIT FINAL (windows of many keys close at once).
   */
  private static void checkOneOutputPerInput(RuleStatement rule, String configKey) {
    WindowType window = rule.window();
    String why = null;
    if (window != null && window != WindowType.TUMBLING) {
      why = window + " windows can emit several records for one input";
    } else if (rule.emitFinal()) {
      why = "EMIT FINAL can emit several records for one input";
    }
    if (why != null) {
      RuleStatement.Position at = window != null ? rule.windowPosition() : rule.queryPosition();
      throw new ConfigException(configKey, RuleConfigKeys.SCRIPT, "invalid rule at " + at + ": " + why
          + ", and a transform returns one; use TUMBLING windows with EMIT CHANGES, or host the rule in the JDBC sink");
    }
  }

  private static List<RuleStatement> parse(String sql, String configKey) {
    try {
      return RuleScript.parse(sql);
    } catch (RuleException e) {
      throw RuleConfigKeys.invalid(configKey, e);
    }
  }

  /**
   * Compiles the rule against a source.
   *
   * @throws RuleException when the rule does not fit the source (unknown column, type mismatch)
   */
  CompiledRule compile(StreamSchema source) {
    return RuleScript.compileQuery(ruleName, source, statementText);
  }

  String ruleName() {
    return ruleName;
  }

  String sourceName() {
    return sourceName;
  }

  /** True for {@code CREATE STREAM|TABLE name AS SELECT} (the rule has a target name), false for a bare SELECT. */
  boolean named() {
    return named;
  }

  /** The rule's target topic: its KAFKA_TOPIC property, else its name (as ksqlDB names the sink topic). */
  String targetTopic() {
    return targetTopic;
  }

  boolean hasWhere() {
    return hasWhere;
  }

  /** The script's declaration of the source, or null when the source comes from the records' schema. */
  StreamSchema declaredSource() {
    return declaredSource;
  }

  /** True for a stream-table join ({@link JoinRule}): its tables are read by the task ({@link GlobalTables}). */
  boolean isJoin() {
    return declaredRule != null && declaredRule.isJoin();
  }

  /** The rule compiled against the declared source (for a join, against every declared source), or null. */
  CompiledRule declaredRule() {
    return declaredRule;
  }

  private static List<String> names(List<RuleStatement> rules) {
    List<String> names = new ArrayList<>();
    for (RuleStatement s : rules) {
      names.add(s.kind() == RuleStatement.Kind.CREATE_AS_SELECT ? s.name()
          : "a bare SELECT at line " + s.position().line());
    }
    return names;
  }

  @Override
  public String toString() {
    return "rule " + ruleName.toUpperCase(Locale.ROOT);
  }
}
