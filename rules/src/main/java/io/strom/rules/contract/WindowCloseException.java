package io.strom.rules.contract;

import java.util.List;

/**
 * EMIT FINAL windows closed, but the outputs of some could not be evaluated (e.g. an integer
 * division by zero in the SELECT list). Every window due was closed all the same and the others'
 * outputs were emitted; the failed ones are gone. When thrown from
 * {@link RuleInstance#process}, the record itself was aggregated: it is not at fault, so a host
 * should report each failure rather than dead-letter the record.
 */
public final class WindowCloseException extends RuleEvaluationException {

  private static final long serialVersionUID = 1L;

  private final transient List<RuleEvaluationException> failures;

  public WindowCloseException(String ruleName, List<RuleEvaluationException> failures) {
    super(ruleName, failures.size() + " closed window(s) could not be emitted; the first: "
        + failures.get(0).getMessage(), failures.get(0));
    this.failures = List.copyOf(failures);
  }

  /** One failure per window whose output could not be evaluated, in close order. */
  public List<RuleEvaluationException> failures() {
    return failures;
  }
}
