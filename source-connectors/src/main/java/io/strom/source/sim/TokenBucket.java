package io.strom.source.sim;

import java.util.function.LongSupplier;

/**
 * Limits records per second without sleeping per record: tokens refill continuously at the rate,
 * up to a capacity (the largest burst), and a poll takes as many as are there.
 */
final class TokenBucket {

  private final double tokensPerNano;
  private final double capacity;
  private final LongSupplier nanoTime;
  private double tokens;
  private long lastRefill;

  TokenBucket(double ratePerSecond, double capacity, LongSupplier nanoTime) {
    this.tokensPerNano = ratePerSecond / 1e9;
    this.capacity = Math.max(1.0, capacity);
    this.nanoTime = nanoTime;
    this.lastRefill = nanoTime.getAsLong();
    this.tokens = 0;
  }

  /** Takes up to {@code wanted} whole tokens and returns how many it took (maybe 0). */
  int take(int wanted) {
    refill();
    int taken = (int) Math.min(wanted, Math.floor(tokens));
    tokens -= taken;
    return taken;
  }

  /** Returns tokens that were taken but not used (the feed had fewer records due yet). */
  void giveBack(int unused) {
    tokens = Math.min(capacity, tokens + unused);
  }

  /** Nanoseconds until at least one whole token is available. */
  long nanosUntilNextToken() {
    refill();
    return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / tokensPerNano);
  }

  private void refill() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(capacity, tokens + (now - lastRefill) * tokensPerNano);
    lastRefill = now;
  }
}
