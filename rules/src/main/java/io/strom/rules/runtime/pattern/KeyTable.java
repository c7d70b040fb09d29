package io.strom.rules.runtime.pattern;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The matchers of the keys that have partial matches: open addressing over parallel arrays of
 * hash, key and matcher. Why not a HashMap: a lookup reads no entry object (the hashes and keys
 * are contiguous), and removing a matcher uses the hash it keeps, so ending the attempts of a key
 * last seen minutes ago does not read its (by now uncached) key object again. Slots are taken in
 * the order HashMap spreads and indexes hashes, so that iteration (and with it the snapshot's key
 * order) stays as it was with a HashMap for keys that do not collide.
 */
final class KeyTable {

  private static final int INITIAL_CAPACITY = 16;

  private int[] hashes = new int[INITIAL_CAPACITY];
  private Object[] keys = new Object[INITIAL_CAPACITY];
  private KeyMatcher[] matchers = new KeyMatcher[INITIAL_CAPACITY];
  private int size;

  /** The spread hash a key is stored under (as HashMap spreads it). */
  static int hash(Object key) {
    int h = key == null ? 0 : key.hashCode(); // a null partition key is a key like any other
    return h ^ (h >>> 16);
  }

  KeyMatcher get(Object key, int hash) {
    int mask = matchers.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      KeyMatcher m = matchers[i];
      if (m == null) {
        return null;
      }
      if (hashes[i] == hash) {
        Object k = keys[i];
        if (k == key || (k != null && k.equals(key))) {
          return m;
        }
      }
    }
  }

  /** Adds the matcher of a key that has none. */
  void put(KeyMatcher matcher) {
    if ((size + 1) * 4L > matchers.length * 3L) {
      resize(matchers.length * 2);
    }
    insert(matcher);
    size++;
  }

  private void insert(KeyMatcher matcher) {
    int mask = matchers.length - 1;
    int i = matcher.hash & mask;
    while (matchers[i] != null) {
      i = (i + 1) & mask;
    }
    hashes[i] = matcher.hash;
    keys[i] = matcher.key;
    matchers[i] = matcher;
  }

  /** Removes a matcher of this table, found by its hash and identity (its key is not read). */
  void remove(KeyMatcher matcher) {
    int mask = matchers.length - 1;
    int i = matcher.hash & mask;
    while (matchers[i] != matcher) {
      if (matchers[i] == null) {
        return;
      }
      i = (i + 1) & mask;
    }
    // backward-shift deletion: move up the entries of the probe run that may take the hole
    int hole = i;
    for (int j = (i + 1) & mask; matchers[j] != null; j = (j + 1) & mask) {
      int home = hashes[j] & mask;
      // the entry at j may move to the hole when its home slot is not inside (hole, j]
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        hashes[hole] = hashes[j];
        keys[hole] = keys[j];
        matchers[hole] = matchers[j];
        hole = j;
      }
    }
    keys[hole] = null;
    matchers[hole] = null;
    size--;
  }

  private void resize(int capacity) {
    KeyMatcher[] old = matchers;
    hashes = new int[capacity];
    keys = new Object[capacity];
    matchers = new KeyMatcher[capacity];
    for (KeyMatcher m : old) {
      if (m != null) {
        insert(m);
      }
    }
  }

  int size() {
    return size;
  }

  /** The matchers in slot order. */
  List<KeyMatcher> matchers() {
    List<KeyMatcher> all = new ArrayList<>(size);
    for (KeyMatcher m : matchers) {
      if (m != null) {
        all.add(m);
      }
    }
    return all;
  }

  void clear() {
    Arrays.fill(keys, null);
    Arrays.fill(matchers, null);
    size = 0;
  }
}
