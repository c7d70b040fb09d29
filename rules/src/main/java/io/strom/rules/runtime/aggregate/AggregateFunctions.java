package io.strom.rules.runtime.aggregate;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The aggregate functions of the rule language, resolved by argument kind. The analyzer calls
 * {@link #create(String, ValueKind, List)} with the SQL name, the kind of the (first) argument and
 * the constant trailing parameters; the factory methods below are the same functions by hand.
 *
 * <table>
 *   <caption>Functions</caption>
 *   <tr><th>name</th><th>arguments</th><th>result</th></tr>
 *   <tr><td>COUNT</td><td>none (COUNT(*)) or any (skips nulls)</td><td>BIGINT</td></tr>
 *   <tr><td>SUM</td><td>INT, BIGINT, DOUBLE, DECIMAL</td><td>same kind</td></tr>
 *   <tr><td>AVG</td><td>numeric</td><td>DOUBLE</td></tr>
 *   <tr><td>MIN, MAX</td><td>any comparable</td><td>same kind</td></tr>
 *   <tr><td>COUNT_DISTINCT</td><td>any</td><td>BIGINT</td></tr>
 *   <tr><td>EARLIEST_BY_OFFSET, LATEST_BY_OFFSET</td><td>(x [, ignoreNulls]) or (x, n [, ignoreNulls])</td>
 *       <td>same kind, or ARRAY with n</td></tr>
 *   <tr><td>STDDEV_SAMP</td><td>numeric</td><td>DOUBLE</td></tr>
 *   <tr><td>TOPK</td><td>(x, k)</td><td>ARRAY, descending</td></tr>
 *   <tr><td>SLOPE</td><td>numeric</td><td>DOUBLE, value per second</td></tr>
 *   <tr><td>EWMA</td><td>(x, alpha) with 0 &lt; alpha &lt;= 1</td><td>DOUBLE</td></tr>
 *   <tr><td>ZSCORE</td><td>numeric</td><td>DOUBLE</td></tr>
 *   <tr><td>TIME_TO_THRESHOLD</td><td>(x, threshold)</td><td>BIGINT milliseconds</td></tr>
 * </table>
 */
public final class AggregateFunctions {

  private AggregateFunctions() {}

  /**
   * Resolves an aggregate call by name.
   *
   * @param name SQL name, any case
   * @param argKind kind of the aggregated argument; null for COUNT(*)
   * @param params the constant parameters after the argument (e.g. k of TOPK), as Java values
   * @throws IllegalArgumentException naming the problem, for unknown names, kinds or parameters
   */
  public static AggregateFunction create(String name, ValueKind argKind, List<?> params) {
    String upper = name.toUpperCase(Locale.ROOT);
    if (upper.equals("COUNT") && argKind == null) {
      noParams(upper, params);
      return countAll();
    }
    Objects.requireNonNull(argKind, () -> upper + " needs an argument");
    switch (upper) {
      case "COUNT":
        noParams(upper, params);
        return count(argKind);
      case "SUM":
        noParams(upper, params);
        return sum(argKind);
      case "AVG":
        noParams(upper, params);
        return avg(argKind);
      case "MIN":
        noParams(upper, params);
        return min(argKind);
      case "MAX":
        noParams(upper, params);
        return max(argKind);
      case "COUNT_DISTINCT":
        noParams(upper, params);
        return countDistinct(argKind);
      case "EARLIEST_BY_OFFSET":
      case "LATEST_BY_OFFSET":
        return byOffset(upper, argKind, params);
      case "STDDEV_SAMP":
        noParams(upper, params);
        return stddevSamp(argKind);
      case "TOPK":
        return topK(argKind, intParam(upper, params, 0, "k"));
      case "SLOPE":
        noParams(upper, params);
        return slope(argKind);
      case "EWMA":
        return ewma(argKind, doubleParam(upper, params, "alpha"));
      case "ZSCORE":
        noParams(upper, params);
        return zScore(argKind);
      case "TIME_TO_THRESHOLD":
        return timeToThreshold(argKind, doubleParam(upper, params, "threshold"));
      default:
        throw new IllegalArgumentException("unknown aggregate function " + upper);
    }
  }

  public static AggregateFunction countAll() {
    return new Counts.Count(false, "COUNT(*)");
  }

  public static AggregateFunction count(ValueKind kind) {
    return new Counts.Count(true, "COUNT(" + kind + ")");
  }

  public static AggregateFunction sum(ValueKind kind) {
    switch (kind) {
      case INT:
        return new Sums.IntegralSum(true);
      case BIGINT:
        return new Sums.IntegralSum(false);
      case DOUBLE:
        return new Sums.DoubleSum(false, "SUM(DOUBLE)");
      case DECIMAL:
        return function("SUM(DECIMAL)", ValueKind.DECIMAL, Sums.DecimalSum::new);
      default:
        throw new IllegalArgumentException("SUM takes INT, BIGINT, DOUBLE or DECIMAL, not " + kind);
    }
  }

  public static AggregateFunction avg(ValueKind kind) {
    return new Sums.DoubleSum(true, "AVG(" + numeric("AVG", kind) + ")");
  }

  public static AggregateFunction min(ValueKind kind) {
    return function("MIN(" + comparable("MIN", kind) + ")", kind, () -> new Extremes.Extreme(-1));
  }

  public static AggregateFunction max(ValueKind kind) {
    return function("MAX(" + comparable("MAX", kind) + ")", kind, () -> new Extremes.Extreme(1));
  }

  public static AggregateFunction countDistinct(ValueKind kind) {
    return function("COUNT_DISTINCT(" + kind + ")", ValueKind.BIGINT, Counts.Distinct::new);
  }

  /** Scalar EARLIEST_BY_OFFSET(x [, ignoreNulls]). */
  public static AggregateFunction earliestByOffset(ValueKind kind, boolean ignoreNulls) {
    return function("EARLIEST_BY_OFFSET(" + kind + "," + ignoreNulls + ")", kind,
        () -> new ByOffset(false, 1, false, ignoreNulls));
  }

  /** EARLIEST_BY_OFFSET(x, n [, ignoreNulls]): the first n values as an array. */
  public static AggregateFunction earliestByOffset(ValueKind kind, int n, boolean ignoreNulls) {
    positive("EARLIEST_BY_OFFSET", "n", n);
    return function("EARLIEST_BY_OFFSET(" + kind + "," + n + "," + ignoreNulls + ")", ValueKind.ARRAY,
        () -> new ByOffset(false, n, true, ignoreNulls));
  }

  /** Scalar LATEST_BY_OFFSET(x [, ignoreNulls]). */
  public static AggregateFunction latestByOffset(ValueKind kind, boolean ignoreNulls) {
    return function("LATEST_BY_OFFSET(" + kind + "," + ignoreNulls + ")", kind,
        () -> new ByOffset(true, 1, false, ignoreNulls));
  }

  /** LATEST_BY_OFFSET(x, n [, ignoreNulls]): the last n values as an array, in offset order. */
  public static AggregateFunction latestByOffset(ValueKind kind, int n, boolean ignoreNulls) {
    positive("LATEST_BY_OFFSET", "n", n);
    return function("LATEST_BY_OFFSET(" + kind + "," + n + "," + ignoreNulls + ")", ValueKind.ARRAY,
        () -> new ByOffset(true, n, true, ignoreNulls));
  }

  public static AggregateFunction stddevSamp(ValueKind kind) {
    return function("STDDEV_SAMP(" + numeric("STDDEV_SAMP", kind) + ")", ValueKind.DOUBLE, Moments::new);
  }

  public static AggregateFunction topK(ValueKind kind, int k) {
    positive("TOPK", "k", k);
    return function("TOPK(" + comparable("TOPK", kind) + "," + k + ")", ValueKind.ARRAY,
        () -> new Extremes.TopK(k));
  }

  public static AggregateFunction slope(ValueKind kind) {
    return function("SLOPE(" + numeric("SLOPE", kind) + ")", ValueKind.DOUBLE, () -> new Trend(false, 0));
  }

  public static AggregateFunction ewma(ValueKind kind, double alpha) {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("EWMA alpha must be in (0, 1], got " + alpha);
    }
    return function("EWMA(" + numeric("EWMA", kind) + "," + alpha + ")", ValueKind.DOUBLE,
        () -> new Ewma(alpha));
  }

  public static AggregateFunction zScore(ValueKind kind) {
    return function("ZSCORE(" + numeric("ZSCORE", kind) + ")", ValueKind.DOUBLE, Moments.ZScore::new);
  }

  public static AggregateFunction timeToThreshold(ValueKind kind, double threshold) {
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("TIME_TO_THRESHOLD threshold must be finite, got " + threshold);
    }
    return function("TIME_TO_THRESHOLD(" + numeric("TIME_TO_THRESHOLD", kind) + "," + threshold + ")",
        ValueKind.BIGINT, () -> new Trend(true, threshold));
  }

  private static AggregateFunction byOffset(String name, ValueKind kind, List<?> params) {
    boolean latest = name.equals("LATEST_BY_OFFSET");
    List<?> p = params == null ? List.of() : params;
    if (p.isEmpty() || (p.size() == 1 && p.get(0) instanceof Boolean)) {
      boolean ignoreNulls = p.isEmpty() || (Boolean) p.get(0);
      return latest ? latestByOffset(kind, ignoreNulls) : earliestByOffset(kind, ignoreNulls);
    }
    int n = intParam(name, p, 0, "n");
    if (p.size() > 2 || (p.size() == 2 && !(p.get(1) instanceof Boolean))) {
      throw new IllegalArgumentException(name + " takes (x [, ignoreNulls]) or (x, n [, ignoreNulls])");
    }
    boolean ignoreNulls = p.size() == 1 || (Boolean) p.get(1);
    return latest ? latestByOffset(kind, n, ignoreNulls) : earliestByOffset(kind, n, ignoreNulls);
  }

  private static void noParams(String name, List<?> params) {
    if (params != null && !params.isEmpty()) {
      throw new IllegalArgumentException(name + " takes one argument, got " + (params.size() + 1));
    }
  }

  private static int intParam(String name, List<?> params, int index, String what) {
    if (params == null || params.size() <= index
        || !(params.get(index) instanceof Integer || params.get(index) instanceof Long)) {
      throw new IllegalArgumentException(name + " needs an integer constant " + what);
    }
    long value = ((Number) params.get(index)).longValue();
    if (value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " " + what + " is too large: " + value);
    }
    if (name.equals("TOPK") && params.size() != 1) {
      throw new IllegalArgumentException("TOPK takes (x, k)");
    }
    return (int) value;
  }

  private static double doubleParam(String name, List<?> params, String what) {
    if (params == null || params.size() != 1 || !(params.get(0) instanceof Number)) {
      throw new IllegalArgumentException(name + " takes (x, " + what + ") with a numeric constant " + what);
    }
    return ((Number) params.get(0)).doubleValue();
  }

  private static void positive(String name, String what, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " " + what + " must be at least 1, got " + value);
    }
  }

  private static ValueKind numeric(String name, ValueKind kind) {
    if (!kind.isNumeric()) {
      throw new IllegalArgumentException(name + " takes a numeric argument, not " + kind);
    }
    return kind;
  }

  private static ValueKind comparable(String name, ValueKind kind) {
    if (kind == ValueKind.ARRAY || kind == ValueKind.MAP || kind == ValueKind.STRUCT) {
      throw new IllegalArgumentException(name + " takes a comparable argument, not " + kind);
    }
    return kind;
  }

  private static AggregateFunction function(String description, ValueKind resultKind,
      Supplier<Accumulator> supplier) {
    return new AggregateFunction() {
      @Override
      public String describe() {
        return description;
      }

      @Override
      public ValueKind resultKind() {
        return resultKind;
      }

      @Override
      public Accumulator newAccumulator() {
        return supplier.get();
      }

      @Override
      public String toString() {
        return description;
      }
    };
  }
}
