package io.strom.rules.codegen;

/**
 * A compiled expression. Built once per rule from the analyzed tree; stateless and thread-safe,
 * so every instance of the rule shares it.
 */
public abstract class Evaluator {

  public abstract Object eval(EvalContext c);

  /** For BOOLEAN expressions: true only when the value is TRUE (null counts as false, as in WHERE). */
  public boolean test(EvalContext c) {
    return Boolean.TRUE.equals(eval(c));
  }
}
