package io.strom.rules.runtime.aggregate;

import io.strom.rules.runtime.state.StateReader;
import io.strom.rules.runtime.state.StateWriter;

/**
 * EWMA(col, alpha): exponentially weighted moving average in arrival order, seeded with the first
 * value: {@code e1 = v1, en = alpha * vn + (1 - alpha) * e(n-1)}. Kept as
 * {@code weighted = sum alpha(1-alpha)^(n-i) vi}, {@code decay = (1-alpha)^n} and the first value,
 * since {@code en = weighted + decay * v1}; that makes it mergeable: when sessions merge, the earlier
 * session's values count as coming first. Nulls are skipped; null when empty.
 */
final class Ewma implements Accumulator {

  private final double alpha;
  private long count;
  private double first;
  private double weighted;
  private double decay = 1.0;

  Ewma(double alpha) {
    this.alpha = alpha;
  }

  @Override
  public void add(Object value, long timestamp, long sequence) {
    if (value == null) {
      return;
    }
    double v = ((Number) value).doubleValue();
    if (count == 0) {
      first = v;
    }
    count++;
    weighted = alpha * v + (1 - alpha) * weighted;
    decay *= 1 - alpha;
  }

  @Override
  public void merge(Accumulator other) {
    Ewma later = (Ewma) other;
    if (later.count == 0) {
      return;
    }
    if (count == 0) {
      first = later.first;
    }
    weighted = later.decay * weighted + later.weighted;
    decay *= later.decay;
    count += later.count;
  }

  @Override
  public Object result() {
    return count == 0 ? null : weighted + decay * first;
  }

  @Override
  public void write(StateWriter out) {
    out.writeLong(count);
    out.writeDouble(first);
    out.writeDouble(weighted);
    out.writeDouble(decay);
  }

  @Override
  public void read(StateReader in) {
    count = in.readLong();
    first = in.readDouble();
    weighted = in.readDouble();
    decay = in.readDouble();
  }
}
