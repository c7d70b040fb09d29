package io.strom.rules.runtime.window;

import io.strom.rules.runtime.aggregate.Accumulator;
import java.util.Arrays;

/**
 * The open windows of one group key, sorted by start, and at the same time the entry of the
 * {@link KeyTable} (hash, chain link): one object per key. Window i lives in
 * {@code data[i * stride ..]} as start, mark (time windows and rows: the largest record timestamp;
 * sessions: the session end) and the long slots of the primitive aggregates, plus one accumulator
 * object per other aggregate at {@code objects[i * objectCount ..]}. Keys rarely have more than a
 * few open windows, so lookups scan from the newest end.
 */
final class KeyWindows {

  final Object key;
  final int hash;
  final int stride;
  KeyWindows next;
  /** The close time this key is scheduled at in the {@link CloseSchedule}, MAX_VALUE when none. */
  long scheduledAt = Long.MAX_VALUE;
  long[] data;
  Accumulator[] objects;
  int size;

  KeyWindows(Object key, int hash, int stride, int objectCount) {
    this.key = key;
    this.hash = hash;
    this.stride = stride;
    // Room for two windows from the start: a time window key usually has its current window and,
    // during grace, the previous one; allocated together with this object, the array then sits
    // next to it in memory, which saves a cache miss per record.
    this.data = new long[2 * stride];
    this.objects = objectCount == 0 ? null : new Accumulator[2 * objectCount];
  }

  long start(int index) {
    return data[index * stride];
  }

  long mark(int index) {
    return data[index * stride + 1];
  }

  void setBounds(int index, long start, long mark) {
    data[index * stride] = start;
    data[index * stride + 1] = mark;
  }

  /** Index of the window starting at {@code start}, or -1. */
  int indexOf(long start) {
    for (int i = size - 1; i >= 0; i--) {
      long s = data[i * stride];
      if (s == start) {
        return i;
      }
      if (s < start) {
        return -1;
      }
    }
    return -1;
  }

  /** Inserts an empty window at its sorted position and returns its index; accumulator objects are left null. */
  int insert(long start, long mark, int objectCount) {
    int at = size;
    while (at > 0 && data[(at - 1) * stride] > start) {
      at--;
    }
    if ((size + 1) * stride > data.length) {
      int capacity = size + Math.max(1, size >> 1);
      data = Arrays.copyOf(data, capacity * stride);
      if (objects != null) {
        objects = Arrays.copyOf(objects, capacity * objectCount);
      }
    }
    System.arraycopy(data, at * stride, data, (at + 1) * stride, (size - at) * stride);
    Arrays.fill(data, at * stride, (at + 1) * stride, 0L);
    data[at * stride] = start;
    data[at * stride + 1] = mark;
    if (objects != null) {
      System.arraycopy(objects, at * objectCount, objects, (at + 1) * objectCount, (size - at) * objectCount);
      Arrays.fill(objects, at * objectCount, (at + 1) * objectCount, null);
    }
    size++;
    return at;
  }

  void remove(int at, int objectCount) {
    int tail = size - at - 1;
    System.arraycopy(data, (at + 1) * stride, data, at * stride, tail * stride);
    size--;
    if (objects != null) {
      System.arraycopy(objects, (at + 1) * objectCount, objects, at * objectCount, tail * objectCount);
      Arrays.fill(objects, size * objectCount, (size + 1) * objectCount, null);
    }
  }
}
