package io.strom.rules.runtime.aggregate;

import io.strom.rules.runtime.state.StateReader;
import io.strom.rules.runtime.state.StateWriter;
import java.util.HashSet;
import java.util.Set;

/** COUNT(*), COUNT(col) and COUNT_DISTINCT(col). */
final class Counts {

  private Counts() {}

  /** COUNT(*): every record counts, whatever its argument. */
  static final class All implements Accumulator {
    private long count;

    @Override
    public void add(Object value, long timestamp, long sequence) {
      count++;
    }

    @Override
    public void merge(Accumulator other) {
      count += ((All) other).count;
    }

    @Override
    public Object result() {
      return count;
    }

    @Override
    public void write(StateWriter out) {
      out.writeLong(count);
    }

    @Override
    public void read(StateReader in) {
      count = in.readLong();
    }
  }

  /** COUNT(col): skips nulls. */
  static final class NonNull implements Accumulator {
    private long count;

    @Override
    public void add(Object value, long timestamp, long sequence) {
      if (value != null) {
        count++;
      }
    }

    @Override
    public void merge(Accumulator other) {
      count += ((NonNull) other).count;
    }

    @Override
    public Object result() {
      return count;
    }

    @Override
    public void write(StateWriter out) {
      out.writeLong(count);
    }

    @Override
    public void read(StateReader in) {
      count = in.readLong();
    }
  }

  /** COUNT_DISTINCT(col): exact (ksqlDB estimates with HyperLogLog), skips nulls. */
  static final class Distinct implements Accumulator {
    private final Set<Object> seen = new HashSet<>();

    @Override
    public void add(Object value, long timestamp, long sequence) {
      if (value != null) {
        seen.add(value);
      }
    }

    @Override
    public void merge(Accumulator other) {
      seen.addAll(((Distinct) other).seen);
    }

    @Override
    public Object result() {
      return (long) seen.size();
    }

    @Override
    public void write(StateWriter out) {
      out.writeInt(seen.size());
      for (Object value : seen) {
        out.writeValue(value);
      }
    }

    @Override
    public void read(StateReader in) {
      int size = in.readCount();
      for (int i = 0; i < size; i++) {
        seen.add(in.readValue());
      }
    }
  }
}
