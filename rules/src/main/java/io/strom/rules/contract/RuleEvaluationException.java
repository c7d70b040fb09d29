package io.strom.rules.contract;

/**
 * A record that a rule could not evaluate (a failing cast, a division by zero, ...). Names the
 * rule; the rule instance stays usable for the next record, so a host can route the record to a
 * dead letter queue and carry on.
 */
public class RuleEvaluationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String ruleName;

  public RuleEvaluationException(String ruleName, String message, Throwable cause) {
    super("rule " + ruleName + ": " + message, cause);
    this.ruleName = ruleName;
  }

  public String ruleName() {
    return ruleName;
  }
}
