package io.strom.rules.analyzer;

import io.strom.rules.ast.Location;

/** A semantic error at a position; the analyzer turns these into {@link io.strom.rules.contract.RuleError}s. */
final class AnalysisException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Location location;

  AnalysisException(Location location, String message) {
    super(message, null, false, false);
    this.location = location == null ? Location.UNKNOWN : location;
  }

  Location location() {
    return location;
  }
}
