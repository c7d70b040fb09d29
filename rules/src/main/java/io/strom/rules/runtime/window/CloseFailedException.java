package io.strom.rules.runtime.window;

import java.util.List;

/**
 * The listener failed on the outputs of some windows that closed during one call of
 * {@link AggregationState}; every due window was closed all the same (the failed ones without
 * output), and the record of a {@code process} call was aggregated.
 */
public final class CloseFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<RuntimeException> failures;

  CloseFailedException(List<RuntimeException> failures) {
    super(failures.size() + " closed window(s) could not be emitted; the first: " + failures.get(0), failures.get(0));
    this.failures = List.copyOf(failures);
  }

  /** One failure per window whose output failed, in close order. */
  public List<RuntimeException> failures() {
    return failures;
  }
}
