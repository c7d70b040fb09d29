package io.strom.rules.plan;

import io.strom.rules.data.StreamSchema;
import java.util.List;

/**
 * The joining part of a rule: {@code FROM s0 JOIN s1 ON ... JOIN s2 ON ...}, left-deep. Every
 * expression of the rule (WHERE, the projection, the ON operands) reads one <em>joined row</em>
 * of {@code rowWidth} slots: source i's columns at {@code sources.get(i).offset()}, its record
 * time at {@code rowTimeSlot()}, and the join key at {@code keySlot} (a synthetic {@code ROWKEY}).
 * A missing side of an outer join leaves its slots null.
 *
 * @param keyOutput the output column that carries the join key (-1 when PARTITION BY re-keys)
 */
public record JoinPlan(List<Source> sources, List<Step> steps, int rowWidth, int keySlot, int keyOutput) {

  public JoinPlan {
    sources = List.copyOf(sources);
    steps = List.copyOf(steps);
  }

  /** INNER, LEFT, RIGHT and FULL OUTER, as ksqlDB has them. */
  public enum Kind { INNER, LEFT, RIGHT, FULL }

  /** One source of the join; {@code name} is its alias (or its name), as columns are qualified with it. */
  public record Source(StreamSchema schema, String name, int offset, int rowTimeSlot) {
    public boolean isTable() {
      return schema.table();
    }
  }

  /**
   * Joins the result of the steps before (sources 0..i-1; source 0 alone for the first step) with
   * source {@code i = index + 1}. {@code leftKey} reads the left part of the joined row,
   * {@code rightKey} the right source's part.
   *
   * @param beforeMillis stream-stream only: how much earlier than the left record a right record may be
   * @param afterMillis stream-stream only: how much later
   * @param graceMillis stream-stream only
   * @param holdOuter stream-stream only: GRACE PERIOD was given, so an unmatched outer record is
   *     held back until its window closes (KAFKA-10847) instead of emitted at once with nulls
   */
  public record Step(Kind kind, Expr leftKey, Expr rightKey, boolean leftIsTable, boolean rightIsTable,
      long beforeMillis, long afterMillis, long graceMillis, boolean holdOuter) {}

  /** True when the joined rows form a table (every source is a table). */
  public boolean isTable() {
    return sources.stream().allMatch(Source::isTable);
  }
}
