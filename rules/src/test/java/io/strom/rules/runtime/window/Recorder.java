package io.strom.rules.runtime.window;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Collects what an {@link AggregationState} emits, as short readable lines for assertions. */
final class Recorder implements AggregationListener {

  final List<String> updates = new ArrayList<>();
  /** The results of each update, copied (updates are only valid during the callback). */
  record Seen(Object[] oldResults, Object[] newResults) {
    boolean isRemoval() {
      return newResults == null;
    }
  }

  final List<Seen> raw = new ArrayList<>();
  final List<LateEvent> late = new ArrayList<>();

  @Override
  public void onUpdate(AggregateUpdate u) {
    raw.add(new Seen(u.oldResults(), u.newResults()));
    updates.add(line(u));
  }

  @Override
  public void onLate(LateEvent event) {
    late.add(event);
  }

  /** {@code key [start,end) values @ts} for time windows, {@code [start,end]} for sessions, none unwindowed. */
  static String line(AggregateUpdate u) {
    String window;
    switch (u.windowType()) {
      case SESSION:
        window = " [" + u.windowStart() + "," + u.windowEnd() + "]";
        break;
      case NONE:
        window = "";
        break;
      default:
        window = " [" + u.windowStart() + "," + u.windowEnd() + ")";
    }
    String values = u.newResults() == null ? "null" : Arrays.toString(u.newResults());
    return u.key() + window + " " + values + " @" + u.timestamp();
  }

  List<String> take() {
    List<String> copy = new ArrayList<>(updates);
    updates.clear();
    raw.clear();
    return copy;
  }
}
