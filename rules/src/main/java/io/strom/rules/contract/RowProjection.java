package io.strom.rules.contract;

import io.strom.rules.data.Row;

/**
 * A filter/projection rule evaluated in place, for a host that turns each output straight into a
 * record of its own (the Connect SMT builds a Struct from it at once): no {@link
 * io.strom.rules.data.InputRecord} per input, no {@link io.strom.rules.data.OutputRecord} nor
 * values array per output. For a record with a value it gives exactly what {@link
 * RuleInstance#process} emits: the same values and key, at the same event time.
 *
 * <p>Only stream rules that keep no state have one ({@link io.strom.rules.CompiledRule#newProjection()}).
 * Not thread-safe: one per task thread.
 */
public interface RowProjection {

  /**
   * Evaluates the rule on one record with a value.
   *
   * @param value the record's columns, not null (a record without a value goes through {@link RuleInstance#process})
   * @param timestamp the record timestamp (ROWTIME, epoch millis)
   * @param into overwritten with every output column's value, in {@link io.strom.rules.CompiledRule#output()}
   *     order, when the record passes the WHERE clause; it needs that many slots
   * @return false when the WHERE clause filters the record out ({@code into} is then unspecified)
   * @throws RuleEvaluationException when the record cannot be evaluated, as {@link RuleInstance#process} would
   */
  boolean project(Row value, long timestamp, Object[] into);

  /** The output key of values {@link #project} produced, as {@link io.strom.rules.data.OutputRecord#key()}. */
  Object key(Object[] values);
}
