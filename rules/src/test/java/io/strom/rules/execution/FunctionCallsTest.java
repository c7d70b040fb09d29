package io.strom.rules.execution;

import io.strom.rules.CompiledRule;
import io.strom.rules.RuleScript;
import io.strom.rules.contract.RuleEvaluationException;
import io.strom.rules.contract.RuleException;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.InputRecord;
import io.strom.rules.data.Row;
import io.strom.rules.functions.Functions;
import io.strom.rules.functions.ScalarFunction;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every function with every small combination of argument types: compiling either works or is
 * rejected with a position, and running a compiled call on nulls and on ordinary values either
 * works or raises {@link RuleEvaluationException}; nothing else escapes.
 */
class FunctionCallsTest {

  private static final String SOURCE = "CREATE STREAM s (k STRING KEY, a INT, b BIGINT, d DOUBLE, t STRING, f BOOLEAN,"
      + " m DECIMAL(5, 2)) WITH (KAFKA_TOPIC='s');\n";
  private static final List<String> ARGS = List.of("a", "b", "d", "t", "f", "m", "NULL", "2", "'x'", "2.5", "-1");
  private static final List<Row> ROWS = List.of(
      Row.of("k", null, null, null, null, null, null),
      Row.of("k", 3, 4L, -1.5, "hello", true, new BigDecimal("1.25")),
      Row.of("k", 0, 0L, 0.0, "", false, new BigDecimal("0.00")),
      Row.of("k", Integer.MIN_VALUE, Long.MAX_VALUE, Double.NaN, " ", true, new BigDecimal("-999.99")));

  @Test
  void scalar_functions_with_any_arguments() {
    for (ScalarFunction function : Functions.scalars()) {
      for (List<String> args : combinations(3)) {
        run("CREATE STREAM o AS SELECT k, " + function.name() + "(" + String.join(", ", args) + ") AS x FROM s;");
      }
    }
  }

  @Test
  void aggregate_functions_with_any_arguments() {
    for (String function : Functions.AGGREGATES) {
      for (List<String> args : combinations(2)) {
        run("CREATE TABLE o AS SELECT k, " + function + "(" + String.join(", ", args) + ") AS x FROM s"
            + " WINDOW TUMBLING (SIZE 10 MILLISECONDS) GROUP BY k;");
      }
      run("CREATE TABLE o AS SELECT k, " + function + "(*) AS x FROM s GROUP BY k;");
    }
  }

  /** Every argument list up to two arguments from ARGS, and three-argument lists from a smaller pool. */
  private static List<List<String>> combinations(int maxArity) {
    List<List<String>> all = new ArrayList<>();
    all.add(List.of());
    for (String x : ARGS) {
      all.add(List.of(x));
      for (String y : ARGS) {
        all.add(List.of(x, y));
      }
    }
    List<String> small = List.of("a", "t", "NULL", "2");
    for (int i = 0; maxArity >= 3 && i < small.size() * small.size() * small.size(); i++) {
      all.add(List.of(small.get(i % 4), small.get(i / 4 % 4), small.get(i / 16)));
    }
    return all;
  }

  private static void run(String rule) {
    CompiledRule compiled;
    try {
      compiled = RuleScript.compile(SOURCE + rule).rule();
    } catch (RuleException rejected) {
      if (rejected.errors().stream().anyMatch(e -> e.line() < 1 || e.column() < 1)) {
        throw new AssertionError("error without a position for " + rule, rejected);
      }
      return;
    }
    RuleInstance instance = compiled.newInstance();
    long time = 0;
    for (Row row : ROWS) {
      try {
        instance.process(InputRecord.of(row, time += 3), out -> { });
      } catch (RuleEvaluationException expected) {
        // e.g. an overflow or a failing conversion: reported per record
      } catch (RuntimeException e) {
        throw new AssertionError(rule + " on " + row, e);
      }
    }
  }
}
