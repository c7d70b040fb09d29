package io.strom.rules.runtime.aggregate;

import io.strom.rules.runtime.state.StateReader;
import io.strom.rules.runtime.state.StateWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** MIN, MAX and TOPK over comparable values (numbers, strings, temporals, booleans); nulls skipped. */
final class Extremes {

  private Extremes() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compare(Object a, Object b) {
    return ((Comparable) a).compareTo(b);
  }

  /** MIN (sign = -1) or MAX (sign = +1); null until the first non-null value. */
  static final class Extreme implements Accumulator {
    private final int sign;
    private Object best;

    Extreme(int sign) {
      this.sign = sign;
    }

    @Override
    public void add(Object value, long timestamp, long sequence) {
      if (value != null && (best == null || compare(value, best) * sign > 0)) {
        best = value;
      }
    }

    @Override
    public void merge(Accumulator other) {
      add(((Extreme) other).best, 0, 0);
    }

    @Override
    public Object result() {
      return best;
    }

    @Override
    public void write(StateWriter out) {
      out.writeValue(best);
    }

    @Override
    public void read(StateReader in) {
      best = in.readValue();
    }
  }

  /** TOPK(col, k): the k largest values, descending, duplicates kept. */
  static final class TopK implements Accumulator {
    private final int k;
    private final List<Object> top = new ArrayList<>();

    TopK(int k) {
      this.k = k;
    }

    @Override
    public void add(Object value, long timestamp, long sequence) {
      if (value == null) {
        return;
      }
      if (top.size() == k && compare(value, top.get(k - 1)) <= 0) {
        return;
      }
      int at = top.size();
      while (at > 0 && compare(top.get(at - 1), value) < 0) {
        at--;
      }
      top.add(at, value);
      if (top.size() > k) {
        top.remove(k);
      }
    }

    @Override
    public void merge(Accumulator other) {
      for (Object value : ((TopK) other).top) {
        add(value, 0, 0);
      }
    }

    @Override
    public Object result() {
      return Collections.unmodifiableList(new ArrayList<>(top));
    }

    @Override
    public void write(StateWriter out) {
      out.writeInt(top.size());
      for (Object value : top) {
        out.writeValue(value);
      }
    }

    @Override
    public void read(StateReader in) {
      int size = in.readCount();
      for (int i = 0; i < size; i++) {
        top.add(in.readValue());
      }
    }
  }
}
