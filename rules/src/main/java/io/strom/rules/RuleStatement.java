package io.strom.rules;

import static java.util.Objects.requireNonNull;

import io.strom.rules.data.WindowType;

/**
 * One statement of a rule script as it was written, before any analysis: what a host needs to pick
 * a rule, report on it or compile it alone ({@link RuleScript#parse(String)}).
 *
 * @param kind what the statement declares
 * @param table true for {@code CREATE TABLE}, false for {@code CREATE STREAM} and a bare SELECT
 * @param name the declared source or target name, or null for a bare SELECT
 * @param text the statement's own text, preceded by as many newlines and spaces as it is from the
 *     script's start, so that errors from compiling it alone carry the positions in the script
 * @param source the name after FROM, or null for a source declaration
 * @param topic the {@code KAFKA_TOPIC} property, else {@code name}; null for a bare SELECT
 * @param window the WINDOW clause's type, or null without one
 * @param emitFinal true for {@code EMIT FINAL}
 * @param hasWhere true when the query has a WHERE clause
 * @param position where the statement starts
 * @param queryPosition where its SELECT starts, or null for a source declaration
 * @param windowPosition where its WINDOW clause starts, or null without one
 * @param joined the names of the sources it joins with its FROM source, in order; empty without a JOIN
 */
public record RuleStatement(Kind kind, boolean table, String name, String text, String source, String topic,
    WindowType window, boolean emitFinal, boolean hasWhere, Position position, Position queryPosition,
    Position windowPosition, java.util.List<String> joined) {

  /** The three forms of statement a script holds. */
  public enum Kind {
    /** {@code CREATE STREAM|TABLE name (columns...) WITH (...)}: declares a source. */
    SOURCE_DECLARATION,
    /** {@code CREATE STREAM|TABLE name [WITH (...)] AS SELECT ...}: a rule with a target name. */
    CREATE_AS_SELECT,
    /** {@code SELECT ... FROM source ...}: a rule whose name the host gives. */
    BARE_SELECT
  }

  /** A 1-based line and column in the script. */
  public record Position(int line, int column) {
    @Override
    public String toString() {
      return line + ":" + column;
    }
  }

  public RuleStatement {
    requireNonNull(kind, "kind");
    requireNonNull(text, "text");
    requireNonNull(position, "position");
    joined = joined == null ? java.util.List.of() : java.util.List.copyOf(joined);
  }

  /** A statement without a JOIN. */
  public RuleStatement(Kind kind, boolean table, String name, String text, String source, String topic,
      WindowType window, boolean emitFinal, boolean hasWhere, Position position, Position queryPosition,
      Position windowPosition) {
    this(kind, table, name, text, source, topic, window, emitFinal, hasWhere, position, queryPosition, windowPosition,
        java.util.List.of());
  }

  /** True for the statements that are rules (not source declarations). */
  public boolean isRule() {
    return kind != Kind.SOURCE_DECLARATION;
  }
}
