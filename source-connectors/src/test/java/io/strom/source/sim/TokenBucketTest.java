package io.strom.source.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private final AtomicLong nanos = new AtomicLong();

  @Test
  void refillsAtTheRateUpToTheCapacity() {
    TokenBucket bucket = new TokenBucket(100, 50, nanos::get);
    assertThat(bucket.take(10)).isZero();
    nanos.addAndGet(100_000_000); // 0.1 s: 10 tokens
    assertThat(bucket.take(500)).isEqualTo(10);
    nanos.addAndGet(10_000_000_000L); // 10 s, but capped at 50
    assertThat(bucket.take(500)).isEqualTo(50);
  }

  @Test
  void unusedTokensGoBackAndWaitingTimeIsUntilTheNextToken() {
    TokenBucket bucket = new TokenBucket(1_000, 100, nanos::get);
    nanos.addAndGet(50_000_000); // 50 tokens
    assertThat(bucket.take(50)).isEqualTo(50);
    bucket.giveBack(20);
    assertThat(bucket.take(100)).isEqualTo(20);
    assertThat(bucket.nanosUntilNextToken()).isEqualTo(1_000_000);
  }
}
