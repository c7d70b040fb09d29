package io.strom.rules.runtime.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strom.rules.runtime.state.SnapshotFormatException;
import io.strom.rules.runtime.state.StateReader;
import io.strom.rules.runtime.state.StateWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The join table on its own, against a plain model (a map of rows and a list in snapshot order):
 * random puts, updates and deletes over keys whose hashes collide (so probe runs are long and
 * removals move rows back), through several growths of the index.
 */
class JoinTableTest {

  /**
   * Key {@code id}, a new String each time (equal keys are other objects): "Aa" and "BB" have the
   * same hash, so the keys of one prefix (id % 5) all collide.
   */
  private static String key(int id) {
    StringBuilder b = new StringBuilder().append(id % 5);
    for (int bits = id / 5, i = 0; i < 7; i++, bits >>= 1) {
      b.append((bits & 1) == 0 ? "Aa" : "BB");
    }
    return b.toString();
  }

  @Test
  void random_changes_read_back_as_the_model_and_snapshot_in_its_order() {
    Random random = new Random(19);
    for (int run = 0; run < 40; run++) {
      JoinTable table = new JoinTable(2);
      Map<String, Object[]> rows = new HashMap<>();
      Map<String, Long> times = new HashMap<>();
      List<String> order = new ArrayList<>(); // insertion order, the last row filling a removed one's place
      int keys = 5 + random.nextInt(600); // up to 640 distinct: 128 per prefix
      for (int op = 0; op < 2_000; op++) {
        String key = key(random.nextInt(keys));
        if (random.nextInt(3) == 0) {
          table.apply(key, null, op);
          if (rows.remove(key) != null) {
            int at = order.indexOf(key);
            String last = order.remove(order.size() - 1);
            if (at < order.size()) {
              order.set(at, last);
            }
          }
        } else {
          Object[] row = {"v" + key, op};
          table.apply(key, row, op);
          if (rows.put(key, row) == null) {
            order.add(key);
          }
          times.put(key, (long) op);
        }
        if (op % 97 == 0) {
          assertReadsAsModel(table, rows, times, keys);
        }
      }
      assertReadsAsModel(table, rows, times, keys);
      assertThat(snapshotKeys(table)).as("snapshot order").isEqualTo(order);

      JoinTable restored = new JoinTable(2);
      restored.read(new StateReader(snapshot(table)));
      assertReadsAsModel(restored, rows, times, keys);
      assertThat(snapshot(restored)).isEqualTo(snapshot(table));
    }
  }

  @Test
  void a_snapshot_row_of_another_width_is_refused() {
    JoinTable three = new JoinTable(3);
    three.apply("k", new Object[] {"k", 1, 2}, 5);
    assertThatThrownBy(() -> new JoinTable(2).read(new StateReader(snapshot(three))))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining("3 columns, not 2");
  }

  private static void assertReadsAsModel(JoinTable table, Map<String, Object[]> rows, Map<String, Long> times, int keys) {
    assertThat(table.size()).isEqualTo(rows.size());
    for (int id = 0; id < keys; id++) {
      String key = key(id);
      int position = table.find(key);
      Object[] expected = rows.get(key);
      if (expected == null) {
        assertThat(position).as("key %d is absent", id).isEqualTo(-1);
        continue;
      }
      assertThat(position).as("key %d is present", id).isNotNegative();
      assertThat(new Object[] {table.column(position, 0), table.column(position, 1)}).isEqualTo(expected);
      assertThat(table.timestamp(position)).isEqualTo(times.get(key));
    }
  }

  private static byte[] snapshot(JoinTable table) {
    StateWriter w = new StateWriter();
    table.write(w);
    return w.toByteArray();
  }

  /** The keys in snapshot order. */
  private static List<String> snapshotKeys(JoinTable table) {
    List<String> keys = new ArrayList<>();
    StateReader r = new StateReader(snapshot(table));
    int n = r.readInt();
    for (int i = 0; i < n; i++) {
      Object key = r.readValue();
      r.readLong();
      JoinWindows.readRow(r);
      keys.add((String) key);
    }
    return keys;
  }
}
