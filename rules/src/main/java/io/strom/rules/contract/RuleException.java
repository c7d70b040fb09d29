package io.strom.rules.contract;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A rule script that cannot be compiled: a syntax error or a semantic one (unknown column, type
 * mismatch, misuse of aggregates or windows). Lists every error found, each with its position.
 */
public class RuleException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<RuleError> errors;

  public RuleException(List<RuleError> errors) {
    super(errors.stream().map(RuleError::toString).collect(Collectors.joining("\n")));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a RuleException needs at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  public RuleException(RuleError error) {
    this(List.of(error));
  }

  public List<RuleError> errors() {
    return errors;
  }
}
