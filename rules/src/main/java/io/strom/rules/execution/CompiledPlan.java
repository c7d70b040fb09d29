package io.strom.rules.execution;

import io.strom.rules.codegen.EvalContext;
import io.strom.rules.codegen.Evaluator;
import io.strom.rules.codegen.ExprCompiler;
import io.strom.rules.contract.RecordPredicate;
import io.strom.rules.contract.RowProjection;
import io.strom.rules.contract.RuleEvaluationException;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.plan.AggregateCall;
import io.strom.rules.plan.Aggregation;
import io.strom.rules.plan.PatternPlan;
import io.strom.rules.plan.RulePlan;
import io.strom.rules.plan.WindowPlan;
import io.strom.rules.runtime.aggregate.AggregateFunction;
import io.strom.rules.runtime.pattern.PatternNfa;
import io.strom.rules.runtime.window.EmitMode;
import io.strom.rules.runtime.window.WindowPolicy;
import java.util.List;

/**
 * A rule plan with its expressions compiled once; shared (read-only) by all instances of the rule.
 */
public final class CompiledPlan {

  final RulePlan plan;
  final Evaluator where;
  final Evaluator[] projection;
  final OutputShape shape;
  final EventTime eventTime;
  /** PARTITION BY expressions (null without one). */
  final Evaluator[] rekey;
  // aggregations only
  final Evaluator[] groupBy;
  final Evaluator[] aggregateArguments;
  final Evaluator having;
  final List<AggregateFunction> functions;
  // patterns only
  final PatternNfa patternNfa;
  final Evaluator[] patternDefines;
  final Evaluator[] patternMeasures;
  final Evaluator[] patternPartitionBy;

  public CompiledPlan(RulePlan plan) {
    this.plan = plan;
    this.where = plan.where() == null ? null : ExprCompiler.compile(plan.where());
    this.projection = ExprCompiler.compileAll(plan.projection());
    this.shape = new OutputShape(plan);
    this.eventTime = new EventTime(plan.source(), plan.name());
    this.rekey = plan.rekey() == null ? null : ExprCompiler.compileAll(plan.rekey().expressions());
    PatternPlan pattern = plan.pattern();
    if (pattern == null) {
      patternNfa = null;
      patternDefines = null;
      patternMeasures = null;
      patternPartitionBy = null;
    } else {
      patternNfa = PatternNfa.compile(pattern.pattern());
      patternDefines = pattern.defines().stream().map(d -> d == null ? null : ExprCompiler.compile(d))
          .toArray(Evaluator[]::new);
      patternMeasures = ExprCompiler.compileAll(pattern.measures());
      patternPartitionBy = ExprCompiler.compileAll(pattern.partitionBy());
    }
    Aggregation aggregation = plan.aggregation();
    if (aggregation == null) {
      groupBy = null;
      aggregateArguments = null;
      having = null;
      functions = null;
    } else {
      groupBy = ExprCompiler.compileAll(aggregation.groupBy());
      List<AggregateCall> calls = aggregation.aggregates();
      aggregateArguments = new Evaluator[calls.size()];
      for (int i = 0; i < calls.size(); i++) {
        List<io.strom.rules.plan.Expr> args = calls.get(i).arguments();
        aggregateArguments[i] = args.isEmpty() ? null : ExprCompiler.compile(args.get(0));
      }
      having = aggregation.having() == null ? null : ExprCompiler.compile(aggregation.having());
      functions = calls.stream().map(AggregateCall::implementation).toList();
    }
  }

  public RulePlan plan() {
    return plan;
  }

  /**
   * A fresh instance holding the state of one partition.
   *
   * @param idleTimeoutMillis for EMIT FINAL windows: after the input has been idle this long,
   *     {@link RuleInstance#advanceTime} moves stream time with the wall clock (0 = never)
   */
  public RuleInstance newInstance(long idleTimeoutMillis) {
    if (plan.pattern() != null) {
      return new PatternExecutor(this);
    }
    if (plan.join() != null) {
      return new JoinExecutor(this);
    }
    Aggregation aggregation = plan.aggregation();
    if (aggregation == null) {
      return new StatelessExecutor(this);
    }
    if (plan.source().table()) {
      return new TableAggregateExecutor(this);
    }
    return new AggregateExecutor(this, windowSpec(aggregation, idleTimeoutMillis));
  }

  /**
   * An in-place evaluator of a filter/projection over a stream (see {@link RowProjection}), or
   * null for any other rule: aggregations, patterns, joins, and table sources (whose filtered rows
   * become tombstones).
   */
  public RowProjection newProjection() {
    if (plan.pattern() != null || plan.join() != null || plan.aggregation() != null || plan.source().table()) {
      return null;
    }
    return new StatelessExecutor(this);
  }

  private static WindowPolicy windowSpec(Aggregation aggregation, long idleTimeoutMillis) {
    WindowPlan w = aggregation.window();
    if (w == null) {
      return WindowPolicy.unwindowed();
    }
    WindowPolicy spec = switch (w.type()) {
      case TUMBLING -> WindowPolicy.tumbling(w.sizeMillis());
      case HOPPING -> WindowPolicy.hopping(w.sizeMillis(), w.advanceMillis());
      case SESSION -> WindowPolicy.session(w.gapMillis());
    };
    spec = spec.withGrace(w.graceMillis());
    if (w.retentionMillis() != null) {
      spec = spec.withRetention(w.retentionMillis());
    }
    if (aggregation.emitFinal()) {
      spec = spec.withEmit(EmitMode.FINAL);
    }
    return spec.withIdleTimeout(idleTimeoutMillis);
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
      try {
        c.rowTime = eventTime.of(record);
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
    return new RuleEvaluationException(plan.name(), describe(e), e);
  }

  /** What went wrong, in a user's words (without the rule name). */
  static String describe(RuntimeException e) {
    return e instanceof ArithmeticException ? "arithmetic error: " + e.getMessage()
        : e instanceof ClassCastException ? "a column holds a value of the wrong Java type: " + e.getMessage()
        : e instanceof RuleEvaluationException ? e.getMessage()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
