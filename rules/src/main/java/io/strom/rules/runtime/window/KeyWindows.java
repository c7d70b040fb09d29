package io.strom.rules.runtime.window;

import io.strom.rules.runtime.aggregate.Accumulator;
import java.util.Arrays;

/**
 * The open windows of one group key, as parallel primitive arrays sorted by start: no object per
 * window except its accumulators. Keys rarely have more than a few open windows, so lookups scan
 * from the newest end.
 */
final class KeyWindows {

  final Object key;
  long[] starts;
  /** Time windows and unwindowed rows: the largest record timestamp; sessions: the session end. */
  long[] marks;
  /** Window i's accumulator for function j at {@code i * functionCount + j}. */
  Accumulator[] accumulators;
  int size;

  KeyWindows(Object key, int functionCount) {
    this.key = key;
    this.starts = new long[1];
    this.marks = new long[1];
    this.accumulators = new Accumulator[functionCount];
  }

  /** Index of the window starting at {@code start}, or -1. */
  int indexOf(long start) {
    for (int i = size - 1; i >= 0; i--) {
      long s = starts[i];
      if (s == start) {
        return i;
      }
      if (s < start) {
        return -1;
      }
    }
    return -1;
  }

  /** Inserts a window at its sorted position and returns its index; accumulators are left null. */
  int insert(long start, long mark, int functionCount) {
    int at = size;
    while (at > 0 && starts[at - 1] > start) {
      at--;
    }
    if (size == starts.length) {
      int capacity = size + Math.max(1, size >> 1);
      starts = Arrays.copyOf(starts, capacity);
      marks = Arrays.copyOf(marks, capacity);
      accumulators = Arrays.copyOf(accumulators, capacity * functionCount);
    }
    System.arraycopy(starts, at, starts, at + 1, size - at);
    System.arraycopy(marks, at, marks, at + 1, size - at);
    System.arraycopy(accumulators, at * functionCount, accumulators, (at + 1) * functionCount,
        (size - at) * functionCount);
    starts[at] = start;
    marks[at] = mark;
    Arrays.fill(accumulators, at * functionCount, (at + 1) * functionCount, null);
    size++;
    return at;
  }

  void remove(int at, int functionCount) {
    int tail = size - at - 1;
    System.arraycopy(starts, at + 1, starts, at, tail);
    System.arraycopy(marks, at + 1, marks, at, tail);
    System.arraycopy(accumulators, (at + 1) * functionCount, accumulators, at * functionCount,
        tail * functionCount);
    size--;
    Arrays.fill(accumulators, size * functionCount, (size + 1) * functionCount, null);
  }
}
