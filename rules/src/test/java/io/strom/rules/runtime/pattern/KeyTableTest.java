package io.strom.rules.runtime.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The open-addressing key table against a HashMap: random puts and removals, with keys whose
 * hashes collide in few slots (long probe runs, wrap-around at the table's end, backward shifts
 * on removal) and with growth.
 */
class KeyTableTest {

  /** A key with a chosen hash, so that collisions are the rule. */
  private record Key(int id, int hash) {
    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.id == id;
    }
  }

  @Test
  void behaves_as_a_map_under_random_puts_and_removals_with_colliding_hashes() {
    for (int seed = 0; seed < 20; seed++) {
      Random random = new Random(seed);
      KeyTable table = new KeyTable();
      Map<Key, KeyMatcher> reference = new HashMap<>();
      int hashes = 1 + random.nextInt(40); // few distinct hashes: long probe runs
      for (int step = 0; step < 3_000; step++) {
        Key key = new Key(random.nextInt(200), 0);
        key = new Key(key.id, (key.id % hashes) * 16 - 5); // slots near the table's end wrap around
        KeyMatcher present = reference.get(key);
        Key probe = new Key(key.id, key.hash); // an equal key, not the same object
        assertThat(table.get(probe, KeyTable.hash(probe))).isSameAs(present);
        if (present == null) {
          KeyMatcher m = new KeyMatcher(key, KeyTable.hash(key));
          table.put(m);
          reference.put(key, m);
        } else if (random.nextBoolean()) {
          table.remove(present);
          reference.remove(key);
        }
        assertThat(table.size()).isEqualTo(reference.size());
      }
      for (Map.Entry<Key, KeyMatcher> e : reference.entrySet()) {
        assertThat(table.get(e.getKey(), KeyTable.hash(e.getKey()))).isSameAs(e.getValue());
      }
      assertThat(table.matchers()).containsExactlyInAnyOrderElementsOf(reference.values());
    }
  }

  @Test
  void a_null_key_is_a_key_like_any_other() {
    KeyTable table = new KeyTable();
    KeyMatcher nullKey = new KeyMatcher(null, KeyTable.hash(null));
    KeyMatcher zero = new KeyMatcher(new Key(1, 0), KeyTable.hash(new Key(1, 0)));
    table.put(zero);
    table.put(nullKey);
    assertThat(table.get(null, KeyTable.hash(null))).isSameAs(nullKey);
    assertThat(table.get(new Key(1, 0), 0)).isSameAs(zero);
    table.remove(zero);
    assertThat(table.get(null, KeyTable.hash(null))).isSameAs(nullKey);
    assertThat(table.get(new Key(1, 0), 0)).isNull();
  }

  @Test
  void the_expiry_queue_returns_running_attempts_in_order_and_skips_those_that_left() {
    ExpiryQueue queue = new ExpiryQueue();
    Random random = new Random(7);
    List<KeyMatcher.Attempt> expected = new ArrayList<>();
    long next = 0;
    for (int step = 0; step < 5_000; step++) {
      int action = random.nextInt(3);
      if (action == 0 || expected.isEmpty()) {
        KeyMatcher.Attempt a = new KeyMatcher.Attempt(next++, 0, 0, null);
        queue.add(a);
        expected.add(a);
      } else if (action == 1) {
        KeyMatcher.Attempt gone = expected.remove(random.nextInt(expected.size()));
        queue.remove(gone);
        assertThat(gone.queued).isEqualTo(-1);
      } else {
        assertThat(queue.peek()).isSameAs(expected.get(0));
        if (random.nextBoolean()) {
          queue.poll();
          assertThat(expected.remove(0).queued).as("polled: out of the queue").isEqualTo(-1);
        }
      }
    }
    for (KeyMatcher.Attempt a : expected) {
      assertThat(queue.peek()).isSameAs(a);
      queue.poll();
      assertThat(a.queued).isEqualTo(-1);
    }
    assertThat(queue.peek()).isNull();
  }
}
