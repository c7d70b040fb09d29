/**
 * Aggregate functions as accumulators: {@link io.strom.rules.runtime.aggregate.AggregateFunctions}
 * resolves a call (name, argument kind, constant parameters) to an
 * {@link io.strom.rules.runtime.aggregate.AggregateFunction}, whose
 * {@link io.strom.rules.runtime.aggregate.Accumulator}s add records, merge (for sessions), give a
 * result and write themselves into a snapshot. Argument and result values follow the Java mapping of
 * SQL types in docs/rules.md (Types).
 */
package io.strom.rules.runtime.aggregate;
