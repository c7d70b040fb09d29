package io.strom.rules.runtime.aggregate;

import io.strom.rules.runtime.state.StateReader;
import io.strom.rules.runtime.state.StateWriter;
import java.math.BigDecimal;

/**
 * SUM per argument kind (INT -> INT, BIGINT -> BIGINT, DOUBLE -> DOUBLE, DECIMAL -> DECIMAL) and
 * AVG (-> DOUBLE). Nulls are skipped; like ksqlDB a sum starts at 0 and an empty average is 0.0.
 * Integer sums wrap on overflow as Java arithmetic does.
 */
final class Sums {

  private Sums() {}

  /** SUM of INT (kept in a long, wrapped to int on read) or BIGINT. */
  static final class IntegralSum extends PrimitiveAggregate {
    private final boolean ints;

    IntegralSum(boolean ints) {
      this.ints = ints;
    }

    @Override
    public String describe() {
      return ints ? "SUM(INT)" : "SUM(BIGINT)";
    }

    @Override
    public ValueKind resultKind() {
      return ints ? ValueKind.INT : ValueKind.BIGINT;
    }

    @Override
    public int slots() {
      return 1;
    }

    @Override
    public void add(long[] state, int at, Object value) {
      if (value != null) {
        state[at] += ((Number) value).longValue();
      }
    }

    @Override
    public void merge(long[] state, int at, long[] from, int fromAt) {
      state[at] += from[fromAt];
    }

    @Override
    public Object result(long[] state, int at) {
      return ints ? (Object) (int) state[at] : (Object) state[at];
    }
  }

  /** SUM of DOUBLE (slot 0: raw bits of the sum) or AVG (slot 1: count of non-null values). */
  static final class DoubleSum extends PrimitiveAggregate {
    private final boolean average;
    private final String description;

    DoubleSum(boolean average, String description) {
      this.average = average;
      this.description = description;
    }

    @Override
    public String describe() {
      return description;
    }

    @Override
    public ValueKind resultKind() {
      return ValueKind.DOUBLE;
    }

    @Override
    public int slots() {
      return 2;
    }

    @Override
    public void add(long[] state, int at, Object value) {
      if (value != null) {
        state[at] = Double.doubleToRawLongBits(Double.longBitsToDouble(state[at]) + ((Number) value).doubleValue());
        state[at + 1]++;
      }
    }

    @Override
    public void merge(long[] state, int at, long[] from, int fromAt) {
      state[at] = Double.doubleToRawLongBits(Double.longBitsToDouble(state[at]) + Double.longBitsToDouble(from[fromAt]));
      state[at + 1] += from[fromAt + 1];
    }

    @Override
    public Object result(long[] state, int at) {
      double sum = Double.longBitsToDouble(state[at]);
      if (!average) {
        return sum;
      }
      long count = state[at + 1];
      return count == 0 ? 0.0 : sum / count;
    }
  }

  static final class DecimalSum implements Accumulator {
    private BigDecimal sum = BigDecimal.ZERO;

    @Override
    public void add(Object value, long timestamp, long sequence) {
      if (value != null) {
        sum = sum.add((BigDecimal) value);
      }
    }

    @Override
    public void merge(Accumulator other) {
      sum = sum.add(((DecimalSum) other).sum);
    }

    @Override
    public Object result() {
      return sum;
    }

    @Override
    public void write(StateWriter out) {
      out.writeValue(sum);
    }

    @Override
    public void read(StateReader in) {
      sum = (BigDecimal) in.readValue();
    }
  }
}
