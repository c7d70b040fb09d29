package io.strom.rules.analyzer;

import io.strom.rules.ast.Expression.FunctionCall;
import io.strom.rules.types.SqlType;
import io.strom.rules.types.SqlType.Kind;
import java.util.List;

/** Argument checks and result types of the aggregate functions (ksqlDB's signatures). */
final class AggregateTypes {

  private AggregateTypes() {}

  static SqlType returnType(String name, SqlType arg, List<Object> params, FunctionCall call) {
    switch (name) {
      case "COUNT":
        arity(call, arg, params, 0, 0, true);
        return SqlType.BIGINT;
      case "SUM":
        arity(call, arg, params, 0, 0, false);
        numeric(call, arg);
        return arg;
      case "AVG":
      case "STDDEV_SAMP":
        arity(call, arg, params, 0, 0, false);
        numeric(call, arg);
        return SqlType.DOUBLE;
      case "MIN":
      case "MAX":
        arity(call, arg, params, 0, 0, false);
        if (!arg.isNumeric() && arg.kind() != Kind.STRING && arg.kind() != Kind.TIMESTAMP && arg.kind() != Kind.DATE
            && arg.kind() != Kind.TIME && !arg.isNull()) {
          throw new AnalysisException(call.location(), name + " needs a number, string or time, not " + arg + ": " + call.sql());
        }
        return nonNull(call, arg);
      case "COUNT_DISTINCT":
        arity(call, arg, params, 0, 0, false);
        return SqlType.BIGINT;
      case "SLOPE":
      case "ZSCORE":
        arity(call, arg, params, 0, 0, false);
        numeric(call, arg);
        return SqlType.DOUBLE;
      case "EWMA":
        arity(call, arg, params, 1, 1, false);
        numeric(call, arg);
        return SqlType.DOUBLE;
      case "TIME_TO_THRESHOLD":
        arity(call, arg, params, 1, 1, false);
        numeric(call, arg);
        return SqlType.BIGINT;
      case "TOPK":
        arity(call, arg, params, 1, 1, false);
        if (!arg.isNumeric() && arg.kind() != Kind.STRING) {
          throw new AnalysisException(call.location(), name + " needs a number or string, not " + arg + ": " + call.sql());
        }
        positiveInt(call, params.get(0));
        return SqlType.array(arg);
      case "EARLIEST_BY_OFFSET":
      case "LATEST_BY_OFFSET":
        arity(call, arg, params, 0, 2, false);
        SqlType type = nonNull(call, arg);
        boolean many = false;
        for (int i = 0; i < params.size(); i++) {
          Object p = params.get(i);
          if (p instanceof Integer && i == 0) {
            positiveInt(call, p);
            many = true;
          } else if (!(p instanceof Boolean) || i != params.size() - 1) {
            throw new AnalysisException(call.location(), name + " takes (column [, n] [, ignoreNulls]): " + call.sql());
          }
        }
        return many ? SqlType.array(type) : type;
      default:
        throw new AnalysisException(call.location(), "Unknown aggregate function " + name);
    }
  }

  private static void arity(FunctionCall call, SqlType arg, List<Object> params, int minParams, int maxParams,
      boolean argOptional) {
    if (arg == null && !argOptional) {
      throw new AnalysisException(call.location(), call.name().name() + " needs a column argument: " + call.sql());
    }
    if (params.size() < minParams || params.size() > maxParams) {
      throw new AnalysisException(call.location(), "Wrong number of arguments to " + call.name().name() + ": "
          + call.sql());
    }
  }

  private static void numeric(FunctionCall call, SqlType arg) {
    if (!arg.isNumeric()) {
      throw new AnalysisException(call.location(), call.name().name() + " needs a numeric argument, not " + arg
          + ": " + call.sql());
    }
  }

  private static SqlType nonNull(FunctionCall call, SqlType arg) {
    if (arg.isNull()) {
      throw new AnalysisException(call.location(), "Can't infer a type of null in " + call.sql()
          + ". Please explicitly cast it, e.g. CAST(null AS VARCHAR).");
    }
    return arg;
  }

  private static void positiveInt(FunctionCall call, Object p) {
    if (!(p instanceof Integer n) || n < 1) {
      throw new AnalysisException(call.location(), call.name().name() + " needs a positive INT count, not " + p
          + ": " + call.sql());
    }
  }
}
