package io.strom.rules;

/**
 * A running rule for one partition: holds all its state (none for stateless rules). Not
 * thread-safe; one instance per partition / task.
 */
public interface RuleInstance {

  /**
   * Evaluates one record and emits 0..n outputs.
   *
   * @throws RuleEvaluationException when the record cannot be evaluated (the instance stays usable)
   */
  void process(InputRecord record, Emitter out);

  /** The host's wall clock: closes EMIT FINAL windows that are idle longer than the configured timeout. */
  void advanceTime(long wallClockMillis, Emitter out);

  /** All state, in a versioned binary format that {@link #restore(byte[])} reads back. */
  byte[] snapshot();

  /** Replaces all state with a snapshot taken from an instance of the same rule. */
  void restore(byte[] snapshot);

  /** Records dropped because they came later than the grace period (for metrics). */
  long lateRecords();
}
