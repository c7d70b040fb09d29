package io.strom.rules.contract;

import io.strom.rules.data.InputRecord;

/** A rule's WHERE clause on its own, e.g. for a Connect predicate. */
@FunctionalInterface
public interface RecordPredicate {

  /** True when the record passes the WHERE clause (a record without a value never does). */
  boolean test(InputRecord record);
}
