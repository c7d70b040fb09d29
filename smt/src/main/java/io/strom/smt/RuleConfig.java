package io.strom.smt;

import io.strom.rules.RuleException;
import io.strom.rules.RuleScript;
import io.strom.rules.ast.Statement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * The keys that pick a rule, shared by {@link RuleTransform} and {@link RuleMatches}: the rule text
 * inline or from a file, and which statement to run.
 */
final class RuleConfig extends AbstractConfig {

  static final String RULES_CONFIG = "rules";
  static final String RULES_FILE_CONFIG = "rules.file";
  static final String RULES_STATEMENT_CONFIG = "rules.statement";

  static final String GROUP_RULE = "Rule";

  private RuleConfig(ConfigDef definition, Map<?, ?> props) {
    super(definition, props);
  }

  /** The rule-picking keys; the transform adds its own to this definition. */
  static ConfigDef ruleKeys() {
    return new ConfigDef()
        .define(RULES_CONFIG, Type.STRING, null, new RuleTextValidator(), Importance.HIGH,
            "The rule script, inline: a bare SELECT ... FROM src [WHERE ...], or CREATE STREAM name AS SELECT ..."
                + " statements, optionally with CREATE STREAM src (...) declarations of the source. Without a"
                + " declaration the source's columns are the record's fields (upper-cased names). Also takes a"
                + " ConfigProvider reference, e.g. ${dir:/etc/strom/rules:iot.sql}. Set this or "
                + RULES_FILE_CONFIG + ".",
            GROUP_RULE, 1, Width.LONG, "Rules")
        .define(RULES_FILE_CONFIG, Type.STRING, null, new RuleFileValidator(), Importance.HIGH,
            "Path of a file holding the rule script (UTF-8), read on the worker when the transform starts. Set this"
                + " or " + RULES_CONFIG + ".",
            GROUP_RULE, 2, Width.LONG, "Rules file")
        .define(RULES_STATEMENT_CONFIG, Type.STRING, null, Importance.MEDIUM,
            "Name of the rule to run (the target of CREATE STREAM|TABLE name AS SELECT) when the script holds"
                + " several; empty runs the only one.",
            GROUP_RULE, 3, Width.MEDIUM, "Statement");
  }

  static RuleConfig parse(ConfigDef definition, Map<?, ?> props) {
    return new RuleConfig(definition, props);
  }

  /** The configured rule, parsed and picked. */
  RuleProgram program() {
    String inline = getString(RULES_CONFIG);
    String file = getString(RULES_FILE_CONFIG);
    boolean hasInline = inline != null && !inline.isBlank();
    boolean hasFile = file != null && !file.isBlank();
    if (hasInline == hasFile) {
      // neither set: rules is missing; both set: the file is the one too many
      throw new ConfigException(hasFile ? RULES_FILE_CONFIG : RULES_CONFIG, hasFile ? file : null,
          "set exactly one of " + RULES_CONFIG + " and " + RULES_FILE_CONFIG);
    }
    String sql = hasInline ? inline : read(file);
    String key = hasInline ? RULES_CONFIG : RULES_FILE_CONFIG;
    return RuleProgram.of(sql, getString(RULES_STATEMENT_CONFIG), key, RULES_STATEMENT_CONFIG);
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file.trim()), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(RULES_FILE_CONFIG, file, "cannot read the rule file: " + e);
    }
  }

  /**
   * Checks rule text as far as it can without records: the syntax always (errors name
   * line:column), and the whole analysis when every rule's source is declared in the script.
   */
  static void check(String sql, String configKey) {
    List<Statement> statements = RuleProgram.parse(sql, configKey);
    Set<String> declared = statements.stream().filter(s -> s instanceof Statement.CreateSource)
        .map(s -> ((Statement.CreateSource) s).name().name()).collect(Collectors.toSet());
    boolean selfContained = !statements.isEmpty() && statements.stream().allMatch(s ->
        s instanceof Statement.CreateSource
            || s instanceof Statement.CreateAs c && declared.contains(c.query().from().name().name()));
    if (selfContained) {
      try {
        RuleScript.compile(sql);
      } catch (RuleException e) {
        throw RuleProgram.invalid(configKey, e);
      }
    }
  }

  /** Rejects rule text that does not parse, naming line:column (shown by Connect's /validate). */
  static final class RuleTextValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value != null && !((String) value).isBlank()) {
        check((String) value, name);
      }
    }

    @Override
    public String toString() {
      return "a rule script that parses (syntax errors are reported with line:column)";
    }
  }

  /** Rejects a rule file that cannot be read or does not parse. */
  static final class RuleFileValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value != null && !((String) value).isBlank()) {
        check(read((String) value), name);
      }
    }

    @Override
    public String toString() {
      return "path of a readable UTF-8 file holding a rule script that parses";
    }
  }
}
