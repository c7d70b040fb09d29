package io.strom.rules.runtime.aggregate;

import io.strom.rules.runtime.state.StateReader;
import io.strom.rules.runtime.state.StateWriter;
import java.util.HashSet;
import java.util.Set;

/** COUNT(*), COUNT(col) and COUNT_DISTINCT(col). */
final class Counts {

  private Counts() {}

  /** COUNT(*) (every record) or COUNT(col) (non-null values): one long. */
  static final class Count extends PrimitiveAggregate {
    private final boolean skipNulls;
    private final String description;

    Count(boolean skipNulls, String description) {
      this.skipNulls = skipNulls;
      this.description = description;
    }

    @Override
    public String describe() {
      return description;
    }

    @Override
    public ValueKind resultKind() {
      return ValueKind.BIGINT;
    }

    @Override
    public int slots() {
      return 1;
    }

    @Override
    public void add(long[] state, int at, Object value) {
      if (value != null || !skipNulls) {
        state[at]++;
      }
    }

    @Override
    public void merge(long[] state, int at, long[] from, int fromAt) {
      state[at] += from[fromAt];
    }

    @Override
    public Object result(long[] state, int at) {
      return state[at];
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
