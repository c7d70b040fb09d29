package io.strom.rules;

import io.strom.rules.analyzer.Analyzer;
import io.strom.rules.ast.Statement;
import io.strom.rules.contract.RuleError;
import io.strom.rules.contract.RuleException;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.parser.RuleParser;
import io.strom.rules.plan.RulePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A compiled rule script: its {@code CREATE STREAM} source declarations and its rules. Entry point
 * of the library:
 *
 * <pre>{@code
 * RuleScript script = RuleScript.compile(sql);
 * CompiledRule rule = script.rule("HOT_DEVICES");
 * RuleInstance instance = rule.newInstance();
 * instance.process(new InputRecord(key, Row.of(values), timestamp, offset), out::add);
 * }</pre>
 */
public final class RuleScript {

  private final List<RuleStatement> statements;
  private final List<StreamSchema> sources;
  private final List<CompiledRule> rules;

  private RuleScript(List<RuleStatement> statements, List<StreamSchema> sources, List<CompiledRule> rules) {
    this.statements = statements;
    this.sources = List.copyOf(sources);
    this.rules = List.copyOf(rules);
  }

  /**
   * Parses a script without analyzing it, for hosts that learn a rule's source only later (e.g. from
   * each record's schema): the statements as written, in script order (empty for an empty script).
   *
   * @throws RuleException listing every syntax error (line, column, message)
   */
  public static List<RuleStatement> parse(String sql) {
    return ScriptStatements.describe(sql, RuleParser.parseScript(sql));
  }

  /**
   * Parses and analyzes a script.
   *
   * @throws RuleException listing every error (line, column, message)
   */
  public static RuleScript compile(String sql) {
    return compile(sql, List.of());
  }

  /**
   * Compiles a script against sources the host already knows (e.g. derived from its own schemas);
   * the script may declare more.
   */
  public static RuleScript compile(String sql, List<StreamSchema> knownSources) {
    try {
      List<Statement> statements = RuleParser.parseScript(sql);
      if (statements.isEmpty()) {
        throw new RuleException(new RuleError(1, 1, "The script holds no statements."));
      }
      Analyzer.Result result = Analyzer.analyze(statements, knownSources, null);
      return new RuleScript(ScriptStatements.describe(sql, statements), result.sources(), compileAll(result.rules()));
    } catch (StackOverflowError e) {
      throw new RuleException(new RuleError(1, 1, "The script is nested too deeply to analyze; simplify it."));
    }
  }

  /**
   * Compiles one rule against a source the host provides: {@code sql} is a bare
   * {@code SELECT ... FROM <source.name()> ...} (the rule is then called {@code name}) or a full
   * {@code CREATE STREAM|TABLE ... AS SELECT}.
   */
  public static CompiledRule compileQuery(String name, StreamSchema source, String sql) {
    try {
      Statement statement = RuleParser.parseStatement(sql);
      Analyzer.Result result = Analyzer.analyze(List.of(statement), List.of(source), name.toUpperCase(Locale.ROOT));
      if (result.rules().isEmpty()) {
        throw new RuleException(new RuleError(statement.location().line(), statement.location().column(),
            "Expected a SELECT or CREATE STREAM|TABLE ... AS SELECT statement."));
      }
      return new CompiledRule(result.rules().get(0));
    } catch (StackOverflowError e) {
      throw new RuleException(new RuleError(1, 1, "The statement is nested too deeply to analyze; simplify it."));
    }
  }

  private static List<CompiledRule> compileAll(List<RulePlan> plans) {
    List<CompiledRule> compiled = new ArrayList<>();
    for (RulePlan plan : plans) {
      compiled.add(new CompiledRule(plan));
    }
    return compiled;
  }

  /** Every statement of the script as written, declarations and rules, in script order. */
  public List<RuleStatement> statements() {
    return statements;
  }

  /** The sources the script declares with {@code CREATE STREAM}. */
  public List<StreamSchema> sources() {
    return sources;
  }

  /** The rules, in script order. */
  public List<CompiledRule> rules() {
    return rules;
  }

  /**
   * The rule of this name (case-insensitive), or the only rule when {@code name} is null.
   *
   * @throws IllegalArgumentException naming the rules there are when there is no such rule
   */
  public CompiledRule rule(String name) {
    if (name == null) {
      if (rules.size() != 1) {
        throw new IllegalArgumentException("the script has " + rules.size() + " rules; name one of "
            + rules.stream().map(CompiledRule::name).toList());
      }
      return rules.get(0);
    }
    for (CompiledRule rule : rules) {
      if (rule.name().equalsIgnoreCase(name)) {
        return rule;
      }
    }
    throw new IllegalArgumentException("no rule named " + name + "; the script has "
        + rules.stream().map(CompiledRule::name).toList());
  }

  /** The only rule of a script that has exactly one. */
  public CompiledRule rule() {
    return rule(null);
  }
}
