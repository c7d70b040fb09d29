package io.strom.smt;

import io.strom.connect.rules.RuleConfigKeys;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The keys that pick a rule, shared by {@link RuleTransform} and {@link RuleMatches}: the rule text
 * inline or from a file, and which statement to run ({@link RuleConfigKeys}, as every host defines
 * them), of which a transform runs one.
 */
final class RuleConfig extends AbstractConfig {

  static final String RULES_CONFIG = RuleConfigKeys.RULES_CONFIG;
  static final String RULES_FILE_CONFIG = RuleConfigKeys.RULES_FILE_CONFIG;
  static final String RULES_STATEMENT_CONFIG = RuleConfigKeys.RULES_STATEMENT_CONFIG;

  static final String GROUP_RULE = "Rule";

  private RuleConfig(ConfigDef definition, Map<?, ?> props) {
    super(definition, props);
  }

  /** The rule-picking keys; the transform adds its own to this definition. */
  static ConfigDef ruleKeys() {
    return RuleConfigKeys.define(new ConfigDef(), GROUP_RULE, Importance.HIGH,
        "The rule script, inline: a bare SELECT ... FROM src [WHERE ...], or CREATE STREAM name AS SELECT ..."
            + " statements, optionally with CREATE STREAM src (...) declarations of the source. Without a"
            + " declaration the source's columns are the record's fields (upper-cased names).",
        RuleConfigKeys.Statements.ONE);
  }

  static RuleConfig parse(ConfigDef definition, Map<?, ?> props) {
    return new RuleConfig(definition, props);
  }

  /** The configured rule, parsed and picked. */
  RuleProgram program() {
    String inline = getString(RULES_CONFIG);
    String sql = RuleConfigKeys.script(inline, getString(RULES_FILE_CONFIG));
    if (sql == null) {
      throw new ConfigException(RULES_CONFIG, null, "set exactly one of " + RULES_CONFIG + " and " + RULES_FILE_CONFIG);
    }
    List<String> statement = getList(RULES_STATEMENT_CONFIG);
    return RuleProgram.of(sql, statement.isEmpty() ? null : statement.get(0), RuleConfigKeys.scriptKey(inline),
        RULES_STATEMENT_CONFIG);
  }
}
