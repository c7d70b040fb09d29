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

  static final class IntSum implements Accumulator {
    private int sum;

    @Override
    public void add(Object value, long timestamp, long sequence) {
      if (value != null) {
        sum += (Integer) value;
      }
    }

    @Override
    public void merge(Accumulator other) {
      sum += ((IntSum) other).sum;
    }

    @Override
    public Object result() {
      return sum;
    }

    @Override
    public void write(StateWriter out) {
      out.writeInt(sum);
    }

    @Override
    public void read(StateReader in) {
      sum = in.readInt();
    }
  }

  static final class LongSum implements Accumulator {
    private long sum;

    @Override
    public void add(Object value, long timestamp, long sequence) {
      if (value != null) {
        sum += ((Number) value).longValue();
      }
    }

    @Override
    public void merge(Accumulator other) {
      sum += ((LongSum) other).sum;
    }

    @Override
    public Object result() {
      return sum;
    }

    @Override
    public void write(StateWriter out) {
      out.writeLong(sum);
    }

    @Override
    public void read(StateReader in) {
      sum = in.readLong();
    }
  }

  static final class DoubleSum implements Accumulator {
    private double sum;

    @Override
    public void add(Object value, long timestamp, long sequence) {
      if (value != null) {
        sum += ((Number) value).doubleValue();
      }
    }

    @Override
    public void merge(Accumulator other) {
      sum += ((DoubleSum) other).sum;
    }

    @Override
    public Object result() {
      return sum;
    }

    @Override
    public void write(StateWriter out) {
      out.writeDouble(sum);
    }

    @Override
    public void read(StateReader in) {
      sum = in.readDouble();
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

  static final class Average implements Accumulator {
    private double sum;
    private long count;

    @Override
    public void add(Object value, long timestamp, long sequence) {
      if (value != null) {
        sum += ((Number) value).doubleValue();
        count++;
      }
    }

    @Override
    public void merge(Accumulator other) {
      Average that = (Average) other;
      sum += that.sum;
      count += that.count;
    }

    @Override
    public Object result() {
      return count == 0 ? 0.0 : sum / count;
    }

    @Override
    public void write(StateWriter out) {
      out.writeDouble(sum);
      out.writeLong(count);
    }

    @Override
    public void read(StateReader in) {
      sum = in.readDouble();
      count = in.readLong();
    }
  }
}
