package io.strom.rules.contract;

import io.strom.rules.data.LateRecord;
import io.strom.rules.data.OutputRecord;

/** Where a rule instance sends what it produces. Called on the thread that calls the instance. */
public interface Emitter {

  void emit(OutputRecord record);

  /**
   * A record later than the grace period of a window: the instance also counts these
   * ({@link RuleInstance#lateRecords()}); the default ignores the details.
   */
  default void late(LateRecord late) {}
}
