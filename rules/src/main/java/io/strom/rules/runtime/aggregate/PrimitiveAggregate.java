package io.strom.rules.runtime.aggregate;

import io.strom.rules.runtime.state.StateReader;
import io.strom.rules.runtime.state.StateWriter;

/**
 * An aggregate whose state is a few {@code long}s (counts, sums, raw double bits) kept in an array
 * the window runtime owns, so a window needs no accumulator object: less memory and fewer cache
 * misses on the hot path. {@link #newAccumulator()} still gives a stand-alone accumulator for other
 * callers. A state of all zeros is the empty aggregate.
 */
public abstract class PrimitiveAggregate implements AggregateFunction {

  /** How many longs of state one window needs. */
  public abstract int slots();

  /** Adds a record's argument to the state at {@code state[at .. at + slots())}. */
  public abstract void add(long[] state, int at, Object value);

  /** Folds the state at {@code from[fromAt ..]} (a later session) into the state at {@code state[at ..]}. */
  public abstract void merge(long[] state, int at, long[] from, int fromAt);

  public abstract Object result(long[] state, int at);

  @Override
  public Accumulator newAccumulator() {
    return new Standalone(this);
  }

  @Override
  public String toString() {
    return describe();
  }

  private static final class Standalone implements Accumulator {
    private final PrimitiveAggregate function;
    private final long[] state;

    Standalone(PrimitiveAggregate function) {
      this.function = function;
      this.state = new long[function.slots()];
    }

    @Override
    public void add(Object value, long timestamp, long sequence) {
      function.add(state, 0, value);
    }

    @Override
    public void merge(Accumulator other) {
      function.merge(state, 0, ((Standalone) other).state, 0);
    }

    @Override
    public Object result() {
      return function.result(state, 0);
    }

    @Override
    public void write(StateWriter out) {
      for (long slot : state) {
        out.writeLong(slot);
      }
    }

    @Override
    public void read(StateReader in) {
      for (int i = 0; i < state.length; i++) {
        state[i] = in.readLong();
      }
    }
  }
}
