package io.strom.rules.runtime.window;

import java.util.function.Consumer;

/**
 * Group key -> {@link KeyWindows}, a chained hash table whose entries are the KeyWindows themselves:
 * compared with a HashMap it saves the node object per key and one pointer hop per record.
 */
final class KeyTable {

  private KeyWindows[] table = new KeyWindows[16];
  private int size;

  static int hash(Object key) {
    int h = key.hashCode();
    return h ^ (h >>> 16);
  }

  KeyWindows get(Object key, int hash) {
    for (KeyWindows e = table[hash & (table.length - 1)]; e != null; e = e.next) {
      if (e.hash == hash && (e.key == key || e.key.equals(key))) {
        return e;
      }
    }
    return null;
  }

  /** Adds an entry whose key is not in the table. */
  void add(KeyWindows entry) {
    if (size >= table.length - (table.length >> 2)) {
      resize();
    }
    int slot = entry.hash & (table.length - 1);
    entry.next = table[slot];
    table[slot] = entry;
    size++;
  }

  /** Removes this very entry if it is in the table. */
  void remove(KeyWindows entry) {
    int slot = entry.hash & (table.length - 1);
    KeyWindows previous = null;
    for (KeyWindows e = table[slot]; e != null; previous = e, e = e.next) {
      if (e == entry) {
        if (previous == null) {
          table[slot] = e.next;
        } else {
          previous.next = e.next;
        }
        e.next = null;
        size--;
        return;
      }
    }
  }

  boolean contains(KeyWindows entry) {
    for (KeyWindows e = table[entry.hash & (table.length - 1)]; e != null; e = e.next) {
      if (e == entry) {
        return true;
      }
    }
    return false;
  }

  int size() {
    return size;
  }

  void forEach(Consumer<KeyWindows> action) {
    for (KeyWindows head : table) {
      for (KeyWindows e = head; e != null; e = e.next) {
        action.accept(e);
      }
    }
  }

  void clear() {
    table = new KeyWindows[16];
    size = 0;
  }

  private void resize() {
    KeyWindows[] old = table;
    table = new KeyWindows[old.length * 2];
    for (KeyWindows head : old) {
      KeyWindows e = head;
      while (e != null) {
        KeyWindows next = e.next;
        int slot = e.hash & (table.length - 1);
        e.next = table[slot];
        table[slot] = e;
        e = next;
      }
    }
  }
}
