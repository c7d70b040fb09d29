package io.strom.connect.rules;

import io.strom.connect.common.ConfigKeyException;
import io.strom.rules.RuleScript;
import io.strom.rules.RuleStatement;
import io.strom.rules.contract.RuleError;
import io.strom.rules.contract.RuleException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The config keys that give a plugin its rules, defined once for every host (the SMT, the
 * PostgreSQL sink): the script inline ({@code rules}) or from a file ({@code rules.file}), and
 * which of its rules to run ({@code rules.statement}). Validators check the script as far as they
 * can without records, so Connect's /validate reports a syntax error on its key with line:column.
 */
public final class RuleConfigKeys {

  public static final String RULES_CONFIG = "rules";
  public static final String RULES_FILE_CONFIG = "rules.file";
  public static final String RULES_STATEMENT_CONFIG = "rules.statement";

  /** What a config error shows as the value at fault, in place of a script that may run to pages. */
  public static final String SCRIPT = "(script)";

  /** How many of the script's rules a host runs, which decides what {@code rules.statement} may hold. */
  public enum Statements {
    /** One (a transform): at most one name, and none when the script holds only one rule. */
    ONE,
    /** Any number (the sink): the rules named, or every rule of the script when none is. */
    ANY
  }

  private RuleConfigKeys() {}

  /**
   * Adds the three keys to {@code definition}, in {@code group} (orders 1 to 3).
   *
   * @param scriptDoc what the script holds and how the host runs it; the keys' common rules
   *     (ConfigProvider references, rules or rules.file) follow it in the doc
   */
  public static ConfigDef define(ConfigDef definition, String group, Importance importance, String scriptDoc,
                                 Statements statements) {
    boolean one = statements == Statements.ONE;
    return definition
        .define(RULES_CONFIG, Type.STRING, null, new ScriptValidator(false), importance,
            scriptDoc + " Also takes a ConfigProvider reference, e.g. ${dir:/etc/strom/rules:iot.sql}. Set this or "
                + RULES_FILE_CONFIG + ", not both.",
            group, 1, Width.LONG, "Rule script")
        .define(RULES_FILE_CONFIG, Type.STRING, null, new ScriptValidator(true), importance,
            "Path, on every worker, of a file holding the rule script (UTF-8), read when the plugin starts."
                + " Set this or " + RULES_CONFIG + ", not both.",
            group, 2, Width.LONG, "Rule script file")
        .define(RULES_STATEMENT_CONFIG, Type.LIST, "", one ? new AtMostOneName() : null, Importance.MEDIUM,
            one ? "Name of the rule to run (the target of CREATE STREAM|TABLE name AS SELECT, case-insensitive)"
                    + " when the script holds several; empty runs the only one."
                : "Names of the script's rules to run (the targets of CREATE STREAM|TABLE name AS SELECT,"
                    + " case-insensitive); empty runs every rule of the script.",
            group, 3, Width.MEDIUM, one ? "Rule to run" : "Rules to run");
  }

  /**
   * The configured script: the text of {@code rules}, else the content of the file
   * {@code rules.file}; null when neither is set (blank counts as not set).
   *
   * @throws ConfigKeyException naming the key at fault: both keys set, or a file that cannot be read
   */
  public static String script(String rules, String rulesFile) {
    boolean inline = rules != null && !rules.isBlank();
    boolean file = rulesFile != null && !rulesFile.isBlank();
    if (inline && file) {
      throw new ConfigKeyException(RULES_FILE_CONFIG, rulesFile, "set " + RULES_CONFIG + " or " + RULES_FILE_CONFIG
          + ", not both");
    }
    return inline ? rules : file ? readFile(rulesFile) : null;
  }

  /** The key the script of {@link #script} came from. */
  public static String scriptKey(String rules) {
    return rules != null && !rules.isBlank() ? RULES_CONFIG : RULES_FILE_CONFIG;
  }

  private static String readFile(String file) {
    try {
      return Files.readString(Path.of(file.trim()), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new ConfigKeyException(RULES_FILE_CONFIG, file, "cannot read the rule file: " + e);
    }
  }

  /** A rule error as a config error on {@code configKey}, with the line:column of every error. */
  public static ConfigKeyException invalid(String configKey, RuleException e) {
    String where = e.errors().stream().map(RuleError::toString).collect(Collectors.joining("; "));
    return new ConfigKeyException(configKey, SCRIPT, "invalid rule at " + where);
  }

  /**
   * Checks rule text as far as it can without records: the syntax always (errors name
   * line:column), and the whole analysis when every rule's source is declared in the script.
   */
  static void check(String sql, String configKey) {
    List<RuleStatement> statements;
    try {
      statements = RuleScript.parse(sql);
    } catch (RuleException e) {
      throw invalid(configKey, e);
    }
    Set<String> declared = statements.stream().filter(s -> !s.isRule())
        .map(RuleStatement::name).collect(Collectors.toSet());
    boolean selfContained = !statements.isEmpty() && statements.stream().allMatch(s ->
        !s.isRule() || s.kind() == RuleStatement.Kind.CREATE_AS_SELECT && declared.contains(s.source()));
    if (selfContained) {
      try {
        RuleScript.compile(sql);
      } catch (RuleException e) {
        throw invalid(configKey, e);
      }
    }
  }

  /**
   * Rejects a rule script that does not parse, naming line:column (shown by Connect's /validate):
   * the key's text, or the file it names, which must also be readable.
   */
  static final class ScriptValidator implements ConfigDef.Validator {
    private final boolean inFile;

    ScriptValidator(boolean inFile) {
      this.inFile = inFile;
    }

    @Override
    public void ensureValid(String name, Object value) {
      if (value != null && !((String) value).isBlank()) {
        check(inFile ? readFile((String) value) : (String) value, name);
      }
    }

    @Override
    public String toString() {
      return inFile ? "path of a readable UTF-8 file holding a rule script that parses"
          : "a rule script that parses (syntax errors are reported with line:column)";
    }
  }

  /** A host that runs one rule takes at most one name. */
  static final class AtMostOneName implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value instanceof List<?> names && names.size() > 1) {
        throw new ConfigKeyException(name, value, "name one rule: a transform runs one");
      }
    }

    @Override
    public String toString() {
      return "at most one rule name";
    }
  }
}
