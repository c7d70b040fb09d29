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
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every function with every small combination of argument types: compiling either works or is
 * rejected with a position, and running a compiled call on nulls and on ordinary values either
 * works or raises {@link RuleEvaluationException} for a reason that lies in the data (an overflow, a
 * value that does not convert). The executors wrap every RuntimeException, so the cause is checked:
 * a NullPointerException, ClassCastException or index error inside a function is a bug and fails.
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
      } catch (RuleEvaluationException e) {
        Throwable cause = rootCause(e);
        if (!isDataError(cause)) {
          throw new AssertionError("internal error in " + rule + " on "
              + Arrays.toString(((Row.ArrayRow) row).values()), cause);
        }
      } catch (RuntimeException e) {
        throw new AssertionError(rule + " on " + Arrays.toString(((Row.ArrayRow) row).values()), e);
      }
    }
  }

  /** The first cause that is not the executors' wrapper (the wrapper itself when it has none). */
  private static Throwable rootCause(RuleEvaluationException e) {
    Throwable cause = e;
    while (cause instanceof RuleEvaluationException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** Failures a record's values can cause: overflow, division by zero, a value that does not convert or parse. */
  private static boolean isDataError(Throwable cause) {
    return cause instanceof RuleEvaluationException || cause instanceof ArithmeticException
        || cause instanceof IllegalArgumentException || cause instanceof DateTimeException;
  }
}
