package io.strom.rules.contract;

import io.strom.rules.data.InputRecord;

/**
 * A running rule for one partition: holds all its state (none for stateless rules). Not
 * thread-safe; one instance per partition / task.
 */
public interface RuleInstance {

  /**
   * Evaluates one record and emits 0..n outputs.
   *
   * @throws RuleEvaluationException when the record cannot be evaluated (the instance stays usable);
   *     a {@link WindowCloseException} when the record was aggregated but some EMIT FINAL windows
   *     it closed could not be emitted
   */
  void process(InputRecord record, Emitter out);

  /**
   * Evaluates one record of the rule's {@code source}-th source ({@link io.strom.rules.CompiledRule#sources()},
   * 0 = the first): a join reads several. A table source's record is a change: the latest value for
   * its key, or without a value a delete. Records of all sources must come in one order (the
   * order the host read them), as the outputs depend on it.
   */
  default void process(int source, InputRecord record, Emitter out) {
    if (source != 0) {
      throw new IllegalArgumentException("this rule reads one source, not source " + source);
    }
    process(record, out);
  }

  /**
   * The host's wall clock: closes EMIT FINAL windows that are idle longer than the configured
   * timeout. Call it only while caught up with the input; idleness is measured from the first call
   * after the latest record (and after a {@link #restore}: the clock is not part of the state).
   *
   * @throws WindowCloseException after closing every due window, if some outputs failed
   */
  void advanceTime(long wallClockMillis, Emitter out);

  /**
   * All state, in a versioned binary format that {@link #restore(byte[])} reads back. Nothing of
   * the host's wall clock is in it, so a restored instance fed the same records emits the same.
   */
  byte[] snapshot();

  /** Replaces all state with a snapshot taken from an instance of the same rule. */
  void restore(byte[] snapshot);

  /** Records dropped because they came later than the grace period (for metrics). */
  long lateRecords();
}
