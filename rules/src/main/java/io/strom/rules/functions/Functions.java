package io.strom.rules.functions;

import static io.strom.rules.types.SqlType.BIGINT;
import static io.strom.rules.types.SqlType.BOOLEAN;
import static io.strom.rules.types.SqlType.DOUBLE;
import static io.strom.rules.types.SqlType.INTEGER;
import static io.strom.rules.types.SqlType.STRING;

import io.strom.rules.functions.ScalarFunction.Implementation;
import io.strom.rules.functions.ScalarFunction.Overload;
import io.strom.rules.types.SqlType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The scalar functions of the rule language (ksqlDB's semantics, names and return types) and the
 * names of the aggregate functions. Every scalar function returns null when a required argument
 * is null, unless its description says otherwise (CONCAT skips nulls, COALESCE/IFNULL pick).
 */
public final class Functions {

  private static final SqlType ANY_DECIMAL = SqlType.decimal(38, 0);

  /** Aggregate function names; the analyzer types them, the aggregation runtime runs them. */
  public static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX", "COUNT_DISTINCT",
      "EARLIEST_BY_OFFSET", "LATEST_BY_OFFSET", "STDDEV_SAMP", "TOPK", "SLOPE", "EWMA", "ZSCORE", "TIME_TO_THRESHOLD");

  private static final Map<String, ScalarFunction> SCALARS = new TreeMap<>();

  static {
    // strings
    add("UCASE", "upper-case a string", o(List.of(STRING), STRING, a -> ((String) a[0]).toUpperCase(Locale.ROOT)));
    add("LCASE", "lower-case a string", o(List.of(STRING), STRING, a -> ((String) a[0]).toLowerCase(Locale.ROOT)));
    add("LEN", "length of a string in characters", o(List.of(STRING), INTEGER, a -> ((String) a[0]).length()));
    add("TRIM", "remove leading and trailing whitespace", o(List.of(STRING), STRING, a -> ((String) a[0]).trim()));
    add("LTRIM", "remove leading whitespace", o(List.of(STRING), STRING, a -> ((String) a[0]).replaceAll("^\\s+", "")));
    add("RTRIM", "remove trailing whitespace", o(List.of(STRING), STRING, a -> ((String) a[0]).replaceAll("\\s+$", "")));
    add("SUBSTRING", "SUBSTRING(str, pos [, len]): 1-based; negative pos counts from the end",
        o(List.of(STRING, INTEGER), STRING, a -> substring((String) a[0], (Integer) a[1], null)),
        o(List.of(STRING, INTEGER, INTEGER), STRING, a -> substring((String) a[0], (Integer) a[1], (Integer) a[2])));
    add("REPLACE", "REPLACE(str, old, new): replace every occurrence",
        o(List.of(STRING, STRING, STRING), STRING, a -> ((String) a[0]).replace((String) a[1], (String) a[2])));
    add("INSTR", "INSTR(str, sub): 1-based position of sub, 0 when absent",
        o(List.of(STRING, STRING), INTEGER, a -> ((String) a[0]).indexOf((String) a[1]) + 1));
    ScalarFunction.Overload concat = new Overload(List.of(STRING), true, STRING, Functions::concat);
    SCALARS.put("CONCAT", new ScalarFunction("CONCAT", "concatenate strings (null arguments are skipped)", List.of(concat)));
    ScalarFunction.Overload concatWs = new Overload(List.of(STRING, STRING), true, STRING, Functions::concatWs);
    SCALARS.put("CONCAT_WS", new ScalarFunction("CONCAT_WS", "CONCAT_WS(sep, str...): join with a separator, skipping nulls",
        List.of(concatWs)));

    // math
    add("ABS", "absolute value",
        o(List.of(INTEGER), INTEGER, a -> Math.abs((Integer) a[0])),
        o(List.of(BIGINT), BIGINT, a -> Math.abs((Long) a[0])),
        o(List.of(DOUBLE), DOUBLE, a -> Math.abs((Double) a[0])),
        o(List.of(ANY_DECIMAL), null, a -> ((BigDecimal) a[0]).abs()));
    add("CEIL", "smallest integral value not below the argument",
        o(List.of(INTEGER), INTEGER, a -> a[0]),
        o(List.of(BIGINT), BIGINT, a -> a[0]),
        o(List.of(DOUBLE), DOUBLE, a -> Math.ceil((Double) a[0])),
        o(List.of(ANY_DECIMAL), null, a -> ((BigDecimal) a[0]).setScale(0, RoundingMode.CEILING)
            .setScale(((BigDecimal) a[0]).scale())));
    add("FLOOR", "largest integral value not above the argument",
        o(List.of(INTEGER), INTEGER, a -> a[0]),
        o(List.of(BIGINT), BIGINT, a -> a[0]),
        o(List.of(DOUBLE), DOUBLE, a -> Math.floor((Double) a[0])),
        o(List.of(ANY_DECIMAL), null, a -> ((BigDecimal) a[0]).setScale(0, RoundingMode.FLOOR)
            .setScale(((BigDecimal) a[0]).scale())));
    add("ROUND", "ROUND(x): to the nearest integer, halves towards +infinity; ROUND(x, n): to n decimal places",
        o(List.of(INTEGER), INTEGER, a -> a[0]),
        o(List.of(BIGINT), BIGINT, a -> a[0]),
        o(List.of(DOUBLE), BIGINT, a -> Math.round((Double) a[0])),
        o(List.of(ANY_DECIMAL), null, a -> roundDecimal((BigDecimal) a[0], 0).setScale(((BigDecimal) a[0]).scale())),
        o(List.of(INTEGER, INTEGER), INTEGER, a -> a[0]),
        o(List.of(BIGINT, INTEGER), BIGINT, a -> a[0]),
        o(List.of(DOUBLE, INTEGER), DOUBLE, a -> roundDouble((Double) a[0], (Integer) a[1])),
        o(List.of(ANY_DECIMAL, INTEGER), null, a -> roundDecimal((BigDecimal) a[0], (Integer) a[1])
            .setScale(((BigDecimal) a[0]).scale(), RoundingMode.UNNECESSARY)));
    add("SQRT", "square root (NaN for negative numbers)", o(List.of(DOUBLE), DOUBLE, a -> Math.sqrt((Double) a[0])));
    add("EXP", "e to the power of the argument", o(List.of(DOUBLE), DOUBLE, a -> Math.exp((Double) a[0])));
    add("LN", "natural logarithm", o(List.of(DOUBLE), DOUBLE, a -> Math.log((Double) a[0])));
    add("POWER", "POWER(base, exponent)", o(List.of(DOUBLE, DOUBLE), DOUBLE,
        a -> Math.pow((Double) a[0], (Double) a[1])));
    add("SIGN", "-1, 0 or 1 by the sign of the argument",
        o(List.of(INTEGER), INTEGER, a -> Integer.signum((Integer) a[0])),
        o(List.of(BIGINT), INTEGER, a -> Long.signum((Long) a[0])),
        o(List.of(DOUBLE), INTEGER, a -> (int) Math.signum((Double) a[0])),
        o(List.of(ANY_DECIMAL), INTEGER, a -> ((BigDecimal) a[0]).signum()));

    // nulls
    List<Overload> coalesce = new ArrayList<>();
    for (SqlType t : List.of(BOOLEAN, INTEGER, BIGINT, DOUBLE, ANY_DECIMAL, STRING)) {
      coalesce.add(new Overload(List.of(t), true, null, Functions::firstNonNull));
    }
    SCALARS.put("COALESCE", new ScalarFunction("COALESCE", "the first argument that is not null", coalesce));
    List<Overload> ifNull = new ArrayList<>();
    for (SqlType t : List.of(BOOLEAN, INTEGER, BIGINT, DOUBLE, ANY_DECIMAL, STRING)) {
      ifNull.add(new Overload(List.of(t, t), false, null, Functions::firstNonNull));
    }
    SCALARS.put("IFNULL", new ScalarFunction("IFNULL", "IFNULL(x, alt): alt when x is null", ifNull));
  }

  private Functions() {}

  /** The scalar function of this (upper-case) name, or null. */
  public static ScalarFunction scalar(String name) {
    return SCALARS.get(name);
  }

  public static Collection<ScalarFunction> scalars() {
    return SCALARS.values();
  }

  public static boolean isAggregate(String name) {
    return AGGREGATES.contains(name);
  }

  /** Functions that decide about null arguments themselves; all others return null for a null argument. */
  public static boolean handlesNulls(String name) {
    return name.equals("CONCAT") || name.equals("CONCAT_WS") || name.equals("COALESCE") || name.equals("IFNULL");
  }

  private static void add(String name, String description, Overload... overloads) {
    SCALARS.put(name, new ScalarFunction(name, description, List.of(overloads)));
  }

  private static Overload o(List<SqlType> params, SqlType returnType, Implementation impl) {
    return new Overload(params, false, returnType, impl);
  }

  static String substring(String s, Integer pos, Integer length) {
    int start = pos < 0 ? Math.max(s.length() + pos, 0) : Math.max(Math.min(pos - 1, s.length()), 0);
    if (length == null) {
      return s.substring(start);
    }
    int end = Math.max(Math.min(start + length, s.length()), start);
    return s.substring(start, end);
  }

  private static Object concat(Object[] args) {
    StringBuilder sb = new StringBuilder();
    for (Object a : args) {
      if (a != null) {
        sb.append((String) a);
      }
    }
    return sb.toString();
  }

  private static Object concatWs(Object[] args) {
    if (args[0] == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i < args.length; i++) {
      if (args[i] != null) {
        if (sb.length() > 0) {
          sb.append((String) args[0]);
        }
        sb.append((String) args[i]);
      }
    }
    return sb.toString();
  }

  private static Object firstNonNull(Object[] args) {
    for (Object a : args) {
      if (a != null) {
        return a;
      }
    }
    return null;
  }

  /** Halves round towards positive infinity, as ksqlDB's ROUND does. */
  private static BigDecimal roundDecimal(BigDecimal value, int places) {
    return value.setScale(places, value.signum() < 0 ? RoundingMode.HALF_DOWN : RoundingMode.HALF_UP);
  }

  private static Double roundDouble(Double value, int places) {
    if (value.isNaN() || value.isInfinite()) {
      return value;
    }
    return roundDecimal(BigDecimal.valueOf(value), places).doubleValue();
  }
}
