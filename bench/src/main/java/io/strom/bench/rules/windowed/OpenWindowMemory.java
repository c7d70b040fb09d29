package io.strom.bench.rules.windowed;

import io.strom.testkit.Heap;
import io.strom.rules.runtime.aggregate.AggregateFunctions;
import io.strom.rules.runtime.window.AggregateUpdate;
import io.strom.rules.runtime.window.AggregationListener;
import io.strom.rules.runtime.window.AggregationState;
import io.strom.rules.runtime.window.LateEvent;
import io.strom.rules.runtime.window.WindowPolicy;
import java.util.List;

/**
 * Retained heap per open window: fills one aggregation state (tumbling COUNT(*), grace long enough
 * that nothing closes) with {@code keys x windowsPerKey} open windows and measures the heap growth
 * after full GCs. Key objects are created fresh per record, so the retained keys count too.
 */
final class OpenWindowMemory {

  private OpenWindowMemory() {}

  static double bytesPerOpenWindow(int keys, int windowsPerKey) {
    AggregationListener ignore = new AggregationListener() {
      @Override
      public void onUpdate(AggregateUpdate update) {}

      @Override
      public void onLate(LateEvent late) {}
    };
    long before = Heap.usedAfterGc();
    AggregationState state = new AggregationState(WindowPolicy.tumbling(1_000).withGrace(3_600_000),
        List.of(AggregateFunctions.countAll()));
    Object[] arguments = new Object[1];
    for (int w = 0; w < windowsPerKey; w++) {
      for (int k = 0; k < keys; k++) {
        state.process(Long.valueOf(5_000_000_000L + k), w * 1_000L + k % 1_000, arguments, ignore);
      }
    }
    long after = Heap.usedAfterGc();
    if (state.openWindows() != (long) keys * windowsPerKey) {
      throw new IllegalStateException("expected " + keys * windowsPerKey + " open windows, got " + state.openWindows());
    }
    double perWindow = (after - before) / (double) state.openWindows();
    reachabilityFence(state);
    return perWindow;
  }

  private static void reachabilityFence(Object o) {
    java.lang.ref.Reference.reachabilityFence(o);
  }
}
