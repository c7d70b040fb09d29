package io.strom.rules.runtime.pattern;

import java.util.Arrays;

/**
 * The running attempts in the order they started, which is WITHIN-deadline order (rows are
 * released in event-time order and an attempt starts at each). A ring addressed by sequence
 * number: an attempt knows its number, so one that resolves before its deadline leaves the queue
 * at once (its slot is cleared) and the queue never reads it again. Without that, every attempt
 * would be read once more when its deadline passes, minutes later and no longer in the cache.
 */
final class ExpiryQueue {

  private KeyMatcher.Attempt[] ring = new KeyMatcher.Attempt[64];
  /** Sequence numbers of the oldest slot still held and of the next slot to fill. */
  private long head;
  private long tail;

  void add(KeyMatcher.Attempt attempt) {
    if (tail - head == ring.length) {
      grow();
    }
    attempt.queued = tail;
    ring[(int) (tail & (ring.length - 1))] = attempt;
    tail++;
  }

  /** Takes an attempt out of the queue (it resolved before its deadline). */
  void remove(KeyMatcher.Attempt attempt) {
    ring[(int) (attempt.queued & (ring.length - 1))] = null;
    attempt.queued = -1;
  }

  /** The attempt with the earliest deadline, or null when none is queued. */
  KeyMatcher.Attempt peek() {
    int mask = ring.length - 1;
    while (head < tail) {
      KeyMatcher.Attempt a = ring[(int) (head & mask)];
      if (a != null) {
        return a;
      }
      head++; // a slot cleared by an attempt that resolved
    }
    return null;
  }

  /** Takes out the attempt {@link #peek} returned. */
  void poll() {
    KeyMatcher.Attempt a = peek();
    if (a != null) {
      remove(a);
      head++;
    }
  }

  private void grow() {
    KeyMatcher.Attempt[] bigger = new KeyMatcher.Attempt[ring.length * 2];
    int oldMask = ring.length - 1;
    int newMask = bigger.length - 1;
    for (long s = head; s < tail; s++) {
      bigger[(int) (s & newMask)] = ring[(int) (s & oldMask)];
    }
    ring = bigger;
  }

  void clear() {
    for (long s = head; s < tail; s++) {
      KeyMatcher.Attempt a = ring[(int) (s & (ring.length - 1))];
      if (a != null) {
        a.queued = -1;
      }
    }
    Arrays.fill(ring, null);
    head = 0;
    tail = 0;
  }
}
