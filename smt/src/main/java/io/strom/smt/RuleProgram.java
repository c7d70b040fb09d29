package io.strom.smt;

import io.strom.rules.CompiledRule;
import io.strom.rules.RuleError;
import io.strom.rules.RuleException;
import io.strom.rules.RuleScript;
import io.strom.rules.StreamSchema;
import io.strom.rules.ast.Expression;
import io.strom.rules.ast.Location;
import io.strom.rules.ast.Query;
import io.strom.rules.ast.Statement;
import io.strom.rules.ast.WindowSpec;
import io.strom.rules.parser.RuleParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;

/**
 * The one rule a transform or predicate runs, picked from the configured script: the statement's
 * own text, its source's declaration when the script has one, and what the AST says about it.
 *
 * <p>Without a declaration the source is derived from each record's schema, so the rule is
 * compiled once per distinct schema ({@link #compile(StreamSchema)}); with one, it is compiled
 * here, once.
 */
final class RuleProgram {

  /** What a config error shows as the value at fault, in place of a script that may run to pages. */
  private static final String SCRIPT = "(script)";

  private final String ruleName;
  private final String sourceName;
  private final String statementText;
  private final Query query;
  private final boolean named;
  private final String targetTopic;
  private final StreamSchema declaredSource;
  private final CompiledRule declaredRule;

  private RuleProgram(String ruleName, String sourceName, String statementText, Query query, boolean named,
      String targetTopic, StreamSchema declaredSource) {
    this.targetTopic = targetTopic;
    this.ruleName = ruleName;
    this.sourceName = sourceName;
    this.statementText = statementText;
    this.query = query;
    this.named = named;
    this.declaredSource = declaredSource;
    this.declaredRule = declaredSource == null ? null : compile(declaredSource);
  }

  /**
   * Parses {@code sql} and picks the rule statement named {@code statement} (or the only one).
   *
   * @throws ConfigException naming {@code configKey} and the line:column of a syntax error, or the
   *     rules there are when the choice is unclear
   */
  static RuleProgram of(String sql, String statement, String configKey, String statementKey) {
    List<Statement> statements = parse(sql, configKey);
    List<Statement> rules = statements.stream().filter(s -> !(s instanceof Statement.CreateSource)).toList();
    if (rules.isEmpty()) {
      throw new ConfigException(configKey, SCRIPT, "holds no rule: write a SELECT or CREATE STREAM name AS SELECT ...");
    }
    Statement chosen;
    if (statement == null || statement.isBlank()) {
      if (rules.size() > 1) {
        throw new ConfigException(statementKey, null, "the rules hold " + rules.size()
            + " statements; name the one to run, one of " + names(rules));
      }
      chosen = rules.get(0);
    } else {
      chosen = rules.stream()
          .filter(s -> s instanceof Statement.CreateAs c && c.name().name().equalsIgnoreCase(statement.trim()))
          .findFirst()
          .orElseThrow(() -> new ConfigException(statementKey, statement, "no rule of that name; the rules hold "
              + names(rules)));
    }
    Query query = chosen instanceof Statement.CreateAs c ? c.query() : ((Statement.BareQuery) chosen).query();
    checkOneOutputPerInput(query, configKey);
    String source = query.from().name().name();
    String ruleName = chosen instanceof Statement.CreateAs c ? c.name().name() : "RULE_" + source;
    StreamSchema declared = null;
    for (Statement s : statements) {
      if (s instanceof Statement.CreateSource d && d.name().name().equals(source)) {
        try {
          declared = RuleScript.compile(textOf(sql, statements, s)).sources().get(0);
        } catch (RuleException e) {
          throw invalid(configKey, e);
        }
      }
    }
    try {
      return new RuleProgram(ruleName, source, textOf(sql, statements, chosen), query,
          chosen instanceof Statement.CreateAs, topicOf(chosen, ruleName), declared);
    } catch (RuleException e) {
      throw invalid(configKey, e);
    }
  }

  /**
   * A transform returns one record per input, so rules that may emit several for one input are
   * refused: HOPPING windows (one update per window a record falls in), SESSION windows (a merge
   * retracts sessions) and EMIT FINAL (windows of many keys close at once).
   */
  private static void checkOneOutputPerInput(Query query, String configKey) {
    WindowSpec window = query.window();
    String why = null;
    if (window != null && window.kind() != WindowSpec.Kind.TUMBLING) {
      why = window.kind() + " windows can emit several records for one input";
    } else if (query.emit() == Query.Emit.FINAL) {
      why = "EMIT FINAL can emit several records for one input";
    }
    if (why != null) {
      Location at = window != null ? window.location() : query.location();
      throw new ConfigException(configKey, SCRIPT, "invalid rule at " + at.line() + ":" + at.column() + ": " + why
          + ", and a transform returns one; use TUMBLING windows with EMIT CHANGES, or host the rule in the JDBC sink");
    }
  }

  private static String topicOf(Statement rule, String ruleName) {
    if (rule instanceof Statement.CreateAs c) {
      for (Statement.Property p : c.properties()) {
        if (p.name().name().equalsIgnoreCase("KAFKA_TOPIC") && p.value() instanceof Expression.StringLiteral s) {
          return s.value();
        }
      }
    }
    return ruleName;
  }

  /** Syntax check only, for the config validator (the source may be known only from records). */
  static List<Statement> parse(String sql, String configKey) {
    try {
      return RuleParser.parseScript(sql);
    } catch (RuleException e) {
      throw invalid(configKey, e);
    }
  }

  static ConfigException invalid(String configKey, RuleException e) {
    String where = e.errors().stream().map(RuleError::toString).collect(Collectors.joining("; "));
    return new ConfigException(configKey, SCRIPT, "invalid rule at " + where);
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
    return query.where() != null;
  }

  /** The script's declaration of the source, or null when the source comes from the records' schema. */
  StreamSchema declaredSource() {
    return declaredSource;
  }

  /** The rule compiled against the declared source, or null. */
  CompiledRule declaredRule() {
    return declaredRule;
  }

  /**
   * The text of one statement, padded with newlines and spaces so that the positions in errors
   * from compiling it alone are those in the whole script.
   */
  private static String textOf(String sql, List<Statement> statements, Statement statement) {
    int start = offset(sql, statement.location());
    int end = sql.length();
    int i = statements.indexOf(statement);
    if (i + 1 < statements.size()) {
      end = offset(sql, statements.get(i + 1).location());
    }
    Location at = statement.location();
    return "\n".repeat(at.line() - 1) + " ".repeat(at.column() - 1) + sql.substring(start, end);
  }

  private static int offset(String sql, Location location) {
    int line = 1;
    int i = 0;
    while (line < location.line() && i < sql.length()) {
      if (sql.charAt(i++) == '\n') {
        line++;
      }
    }
    return Math.min(sql.length(), i + location.column() - 1);
  }

  private static List<String> names(List<Statement> rules) {
    List<String> names = new ArrayList<>();
    for (Statement s : rules) {
      names.add(s instanceof Statement.CreateAs c ? c.name().name()
          : "a bare SELECT at line " + s.location().line());
    }
    return names;
  }

  @Override
  public String toString() {
    return "rule " + ruleName.toUpperCase(Locale.ROOT);
  }
}
