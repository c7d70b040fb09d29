package io.strom.rules.codegen;

import io.strom.rules.data.Row;

/**
 * What evaluators read: the current input row and its event time, and after aggregation the
 * group key, the aggregate results and the window. One per rule instance, reused for every record.
 */
public final class EvalContext {

  /** The results of a rule's aggregate calls, read by index (lets the runtime compute them on demand). */
  @FunctionalInterface
  public interface Results {
    Object get(int aggregate);
  }

  public Row row;
  public long rowTime;
  public Object[] groupKey;
  public Results aggregates;
  public long windowStart;
  public long windowEnd;
  /** The rows of the pattern match being tested (DEFINE) or measured (MEASURES). */
  public MatchRows match;
  /** Set by unboxed DOUBLE arithmetic when an operand is null. */
  public boolean isNull;
}
