package io.strom.rules.runtime.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stream-stream join state on its own: matches by key and window, and a state bounded by the window. */
class JoinWindowsTest {

  private final List<String> results = new ArrayList<>();
  private final JoinWindows.Results collect = (key, left, right, at) ->
      results.add(key + ":" + (left == null ? "-" : left[0]) + "+" + (right == null ? "-" : right[0]) + "@" + at);

  @Test
  void a_record_matches_the_other_sides_records_of_its_key_within_before_and_after() {
    JoinWindows windows = new JoinWindows(2, 5, 100, false, false, false); // WITHIN (2, 5)
    windows.process(false, "k", new Object[] {"r1"}, 7, collect);
    windows.process(false, "k", new Object[] {"r2"}, 16, collect);
    windows.process(false, "x", new Object[] {"r3"}, 10, collect);
    windows.process(true, "k", new Object[] {"l1"}, 10, collect); // right records in [8, 15]: none
    windows.process(true, "k", new Object[] {"l2"}, 12, collect); // [10, 17]: r2
    windows.process(true, "k", new Object[] {"l3"}, 9, collect);  // [7, 14]: r1
    assertThat(results).containsExactly("k:l2+r2@16", "k:l3+r1@9");
  }

  @Test
  void the_state_holds_no_more_than_the_window_span_of_records() {
    JoinWindows windows = new JoinWindows(10, 10, 5, true, false, true);
    int most = 0;
    for (int t = 0; t < 20_000; t++) {
      windows.process(t % 2 == 0, "k" + (t % 7), new Object[] {t}, t, collect);
      most = Math.max(most, windows.size());
    }
    // span 25 ms, one record per ms: swept every half span, so at most about 1.5 spans (plus the held ones)
    assertThat(most).isLessThanOrEqualTo(80);
    assertThat(results).isNotEmpty();
  }
}
