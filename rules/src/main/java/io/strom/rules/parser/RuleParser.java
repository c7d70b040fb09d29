package io.strom.rules.parser;

import io.strom.rules.ast.Statement;
import io.strom.rules.contract.RuleError;
import io.strom.rules.contract.RuleException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Parses rule text into AST statements. Tries ANTLR's fast SLL mode first and falls back to full
 * LL only when SLL fails (as ksqlDB's DefaultKsqlParser does). Every syntax error becomes a
 * {@link RuleError} with line and column; nothing is printed and the SQL text is never logged.
 */
public final class RuleParser {

  /** Deeper nesting than this is rejected instead of risking the parser's stack. */
  private static final int MAX_NESTING = 200;

  private RuleParser() {}

  /** A whole script: statements separated by semicolons. */
  public static List<Statement> parseScript(String sql) {
    StromSqlParser.ScriptContext tree = parse(sql, StromSqlParser::script);
    return build(() -> AstBuilder.script(tree));
  }

  /** Exactly one statement (a trailing semicolon is optional). */
  public static Statement parseStatement(String sql) {
    StromSqlParser.SingleStatementContext tree = parse(sql, StromSqlParser::singleStatement);
    return build(() -> AstBuilder.statement(tree.statement()));
  }

  /** Builds the AST from a tree that parsed without errors. */
  private static <T> T build(java.util.function.Supplier<T> builder) {
    try {
      return builder.get();
    } catch (StackOverflowError e) {
      throw new RuleException(new RuleError(1, 1, "the statement is nested too deeply to analyze; simplify it"));
    }
  }

  private static <T extends ParserRuleContext> T parse(String sql, Function<StromSqlParser, T> rule) {
    checkNesting(sql);
    StromSqlLexer lexer = new StromSqlLexer(CharStreams.fromString(sql));
    lexer.removeErrorListeners();
    CommonTokenStream tokens = new CommonTokenStream(lexer);
    StromSqlParser parser = new StromSqlParser(tokens);
    parser.removeErrorListeners();
    try {
      parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
      parser.setErrorHandler(new BailErrorStrategy());
      return rule.apply(parser);
    } catch (ParseCancellationException sllFailed) {
      tokens.seek(0);
      parser.reset();
      parser.getInterpreter().setPredictionMode(PredictionMode.LL);
      parser.setErrorHandler(new DefaultErrorStrategy());
      Collector collector = new Collector();
      parser.addErrorListener(collector);
      T tree = rule.apply(parser);
      if (!collector.errors.isEmpty()) {
        throw new RuleException(collector.errors);
      }
      return tree;
    } catch (StackOverflowError e) {
      throw new RuleException(new RuleError(1, 1, "the statement is nested too deeply to parse; simplify it"));
    }
  }

  /** Rejects absurd nesting of brackets up front, with the position where it got too deep. */
  private static void checkNesting(String sql) {
    int depth = 0;
    int line = 1;
    int column = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      column++;
      if (c == '\n') {
        line++;
        column = 0;
      } else if (c == '(' || c == '[') {
        if (++depth > MAX_NESTING) {
          throw new RuleException(new RuleError(line, column,
              "brackets are nested more than " + MAX_NESTING + " deep; simplify the expression"));
        }
      } else if (c == ')' || c == ']') {
        depth = Math.max(0, depth - 1);
      }
    }
  }

  /** Collects syntax errors with their positions and a message a user can act on. */
  private static final class Collector extends BaseErrorListener {
    final List<RuleError> errors = new ArrayList<>();

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
        String msg, RecognitionException e) {
      String message = msg;
      if (offendingSymbol instanceof Token token) {
        if (token.getType() == Token.EOF) {
          message = msg.replace("<EOF>", "end of input");
        } else if (token.getType() == StromSqlLexer.UNRECOGNIZED) {
          message = "unexpected character '" + token.getText() + "'";
        }
      }
      errors.add(new RuleError(line, charPositionInLine + 1, "Syntax Error: " + message));
    }
  }
}
