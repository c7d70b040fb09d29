package io.strom.rules.runtime.aggregate;

import io.strom.rules.runtime.state.StateReader;
import io.strom.rules.runtime.state.StateWriter;

/**
 * Least-squares line through (event time, value) over the window: SLOPE(col) in value units per
 * second, and TIME_TO_THRESHOLD(col, threshold) in milliseconds from the latest event time until the
 * line reaches the threshold (null if it never does going forward: flat, or heading away). Times are
 * kept relative to the first timestamp seen so the sums keep their precision; merging shifts one
 * side's sums to the other's origin, so sessions merge exactly. Nulls are skipped.
 */
final class Trend implements Accumulator {

  private final boolean forecast;
  private final double threshold;
  private long count;
  private long origin;
  private long latestTimestamp = Long.MIN_VALUE;
  // Sums over t = (timestamp - origin) in seconds and v = value.
  private double sumT;
  private double sumV;
  private double sumTT;
  private double sumTV;

  Trend(boolean forecast, double threshold) {
    this.forecast = forecast;
    this.threshold = threshold;
  }

  @Override
  public void add(Object value, long timestamp, long sequence) {
    if (value == null) {
      return;
    }
    if (count == 0) {
      origin = timestamp;
    }
    double t = (timestamp - origin) / 1000.0;
    double v = ((Number) value).doubleValue();
    count++;
    sumT += t;
    sumV += v;
    sumTT += t * t;
    sumTV += t * v;
    latestTimestamp = Math.max(latestTimestamp, timestamp);
  }

  @Override
  public void merge(Accumulator other) {
    Trend that = (Trend) other;
    if (that.count == 0) {
      return;
    }
    if (count == 0) {
      origin = that.origin;
    }
    double shift = (that.origin - origin) / 1000.0; // that's t plus shift = t on our origin
    long n = that.count;
    sumTT += that.sumTT + 2 * shift * that.sumT + n * shift * shift;
    sumTV += that.sumTV + shift * that.sumV;
    sumT += that.sumT + n * shift;
    sumV += that.sumV;
    count += n;
    latestTimestamp = Math.max(latestTimestamp, that.latestTimestamp);
  }

  private double slope() {
    double denominator = count * sumTT - sumT * sumT;
    if (count < 2 || denominator == 0.0) {
      return Double.NaN;
    }
    return (count * sumTV - sumT * sumV) / denominator;
  }

  @Override
  public Object result() {
    double slope = slope();
    if (Double.isNaN(slope)) {
      return null;
    }
    if (!forecast) {
      return slope;
    }
    if (slope == 0.0) {
      return null;
    }
    double meanT = sumT / count;
    double meanV = sumV / count;
    double crossing = meanT + (threshold - meanV) / slope; // seconds since origin
    double fromLatest = crossing * 1000.0 - (latestTimestamp - origin);
    if (fromLatest < 0 || Double.isInfinite(fromLatest)) {
      return null;
    }
    return (long) Math.ceil(fromLatest);
  }

  @Override
  public void write(StateWriter out) {
    out.writeLong(count);
    out.writeLong(origin);
    out.writeLong(latestTimestamp);
    out.writeDouble(sumT);
    out.writeDouble(sumV);
    out.writeDouble(sumTT);
    out.writeDouble(sumTV);
  }

  @Override
  public void read(StateReader in) {
    count = in.readLong();
    origin = in.readLong();
    latestTimestamp = in.readLong();
    sumT = in.readDouble();
    sumV = in.readDouble();
    sumTT = in.readDouble();
    sumTV = in.readDouble();
  }
}
