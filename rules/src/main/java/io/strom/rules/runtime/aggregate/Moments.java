package io.strom.rules.runtime.aggregate;

import io.strom.rules.runtime.state.StateReader;
import io.strom.rules.runtime.state.StateWriter;

/**
 * Count, mean and sum of squared deviations (Welford), mergeable with Chan's formula. Backs
 * STDDEV_SAMP and ZSCORE. Nulls are skipped.
 */
class Moments implements Accumulator {

  long count;
  double mean;
  double m2;

  @Override
  public void add(Object value, long timestamp, long sequence) {
    if (value == null) {
      return;
    }
    double x = ((Number) value).doubleValue();
    count++;
    double delta = x - mean;
    mean += delta / count;
    m2 += delta * (x - mean);
  }

  @Override
  public void merge(Accumulator other) {
    Moments that = (Moments) other;
    if (that.count == 0) {
      return;
    }
    if (count == 0) {
      count = that.count;
      mean = that.mean;
      m2 = that.m2;
      return;
    }
    long total = count + that.count;
    double delta = that.mean - mean;
    m2 += that.m2 + delta * delta * ((double) count * that.count / total);
    mean += delta * that.count / total;
    count = total;
  }

  double sampleStddev() {
    return count < 2 ? 0.0 : Math.sqrt(m2 / (count - 1));
  }

  /** STDDEV_SAMP; like ksqlDB, 0.0 for fewer than two values. */
  @Override
  public Object result() {
    return sampleStddev();
  }

  @Override
  public void write(StateWriter out) {
    out.writeLong(count);
    out.writeDouble(mean);
    out.writeDouble(m2);
  }

  @Override
  public void read(StateReader in) {
    count = in.readLong();
    mean = in.readDouble();
    m2 = in.readDouble();
  }

  /**
   * ZSCORE(col): how many sample standard deviations the latest value (by offset) lies from the
   * window's mean; null with fewer than two values or no spread.
   */
  static final class ZScore extends Moments {
    private long latestSequence = Long.MIN_VALUE;
    private double latest;

    @Override
    public void add(Object value, long timestamp, long sequence) {
      if (value == null) {
        return;
      }
      super.add(value, timestamp, sequence);
      if (sequence >= latestSequence) {
        latestSequence = sequence;
        latest = ((Number) value).doubleValue();
      }
    }

    @Override
    public void merge(Accumulator other) {
      ZScore that = (ZScore) other;
      super.merge(that);
      if (that.count > 0 && that.latestSequence >= latestSequence) {
        latestSequence = that.latestSequence;
        latest = that.latest;
      }
    }

    @Override
    public Object result() {
      double stddev = sampleStddev();
      if (count < 2 || stddev == 0.0) {
        return null;
      }
      return (latest - mean) / stddev;
    }

    @Override
    public void write(StateWriter out) {
      super.write(out);
      out.writeLong(latestSequence);
      out.writeDouble(latest);
    }

    @Override
    public void read(StateReader in) {
      super.read(in);
      latestSequence = in.readLong();
      latest = in.readDouble();
    }
  }
}
