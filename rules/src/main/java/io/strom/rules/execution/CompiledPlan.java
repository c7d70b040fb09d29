package io.strom.rules.execution;

import io.strom.rules.RecordPredicate;
import io.strom.rules.RuleEvaluationException;
import io.strom.rules.RuleInstance;
import io.strom.rules.codegen.EvalContext;
import io.strom.rules.codegen.Evaluator;
import io.strom.rules.codegen.ExprCompiler;
import io.strom.rules.plan.RulePlan;

/**
 * A rule plan with its expressions compiled once; shared (read-only) by all instances of the rule.
 */
public final class CompiledPlan {

  final RulePlan plan;
  final Evaluator where;
  final Evaluator[] projection;
  final OutputShape shape;
  final EventTime eventTime;

  public CompiledPlan(RulePlan plan) {
    this.plan = plan;
    this.where = plan.where() == null ? null : ExprCompiler.compile(plan.where());
    this.projection = ExprCompiler.compileAll(plan.projection());
    this.shape = new OutputShape(plan);
    this.eventTime = new EventTime(plan.source(), plan.name());
  }

  public RulePlan plan() {
    return plan;
  }

  /** A fresh instance holding the state of one partition. */
  public RuleInstance newInstance() {
    if (plan.aggregation() != null) {
      throw new UnsupportedOperationException("aggregations are not supported yet (rule " + plan.name() + ")");
    }
    return new StatelessExecutor(this);
  }

  /** The WHERE clause alone (true when there is none); thread-safe. */
  public RecordPredicate where() {
    if (where == null) {
      return record -> record.value() != null;
    }
    return record -> {
      if (record.value() == null) {
        return false;
      }
      EvalContext c = new EvalContext();
      c.row = record.value();
      c.rowTime = eventTime.of(record);
      try {
        return where.test(c);
      } catch (RuntimeException e) {
        throw evaluationError(e);
      }
    };
  }

  RuleEvaluationException evaluationError(RuntimeException e) {
    if (e instanceof RuleEvaluationException r) {
      return r;
    }
    String what = e instanceof ArithmeticException ? "arithmetic error: " + e.getMessage()
        : e instanceof ClassCastException ? "a column holds a value of the wrong Java type: " + e.getMessage()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
    return new RuleEvaluationException(plan.name(), what, e);
  }
}
