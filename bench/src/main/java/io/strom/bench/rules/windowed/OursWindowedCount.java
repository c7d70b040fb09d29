package io.strom.bench.rules.windowed;

import io.strom.rules.runtime.aggregate.AggregateFunctions;
import io.strom.rules.runtime.window.AggregateUpdate;
import io.strom.rules.runtime.window.AggregationListener;
import io.strom.rules.runtime.window.AggregationState;
import io.strom.rules.runtime.window.LateEvent;
import io.strom.rules.runtime.window.WindowSpec;
import java.util.List;

/**
 * Strom's window runtime driven directly, with HAVING and the output row done as the executor
 * does it. (Once the SQL API is wired, this goes through a compiled rule instead.)
 */
final class OursWindowedCount implements WindowedCount {

  @Override
  public String name() {
    return "strom";
  }

  @Override
  public Result run(WindowedInput input) {
    AggregationState state = new AggregationState(
        WindowSpec.tumbling(WindowedInput.WINDOW_MILLIS).withGrace(WindowedInput.GRACE_MILLIS),
        List.of(AggregateFunctions.countAll()));
    Sink sink = new Sink();
    Object[] arguments = new Object[1];
    Long[] keys = input.keyPool;
    int[] keyIndex = input.keyIndex;
    long[] timestamps = input.timestamps;
    for (int i = 0; i < input.records; i++) {
      state.process(keys[keyIndex[i]], timestamps[i], arguments, sink);
    }
    return new Result(sink.rows, sink.tombstones, sink.late, sink.checksum);
  }

  /** HAVING COUNT(*) > THRESHOLD, then the projected row (key, WINDOWSTART, WINDOWEND, count). */
  private static final class Sink implements AggregationListener {
    long rows;
    long tombstones;
    long late;
    long checksum;
    Object[] lastRow;

    @Override
    public void onUpdate(AggregateUpdate update) {
      Object count = update.isRemoval() ? null : update.newResult(0);
      if (count != null && passes(count)) {
        Object[] row = {update.key(), update.windowStart(), update.windowEnd(), count};
        lastRow = row;
        rows++;
        checksum = WindowedCount.mix(checksum, row[0], update.windowStart(), (Long) count, update.timestamp());
      } else if (!update.isNew() && passes(update.oldResult(0))) {
        tombstones++;
      }
    }

    private static boolean passes(Object count) {
      return (Long) count > WindowedInput.THRESHOLD;
    }

    @Override
    public void onLate(LateEvent event) {
      late++;
    }
  }
}
