package io.strom.rules.runtime.aggregate;

/**
 * One aggregate call of a rule, resolved for its argument kind and constant parameters, e.g.
 * {@code SUM} over a BIGINT column or {@code TOPK(x, 3)} over INT. Stateless and shareable; the
 * state lives in the {@link Accumulator}s it creates. Obtain instances from {@link AggregateFunctions}.
 */
public interface AggregateFunction {

  /** Canonical description, e.g. {@code SUM(BIGINT)} or {@code TOPK(INT,3)}; part of the snapshot fingerprint. */
  String describe();

  /** The kind of value {@link Accumulator#result()} returns. */
  ValueKind resultKind();

  Accumulator newAccumulator();
}
