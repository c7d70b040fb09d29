package io.strom.source.sim;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Random streams that depend only on (seed, entity, index): the same entity draws the same
 * numbers on every run, in every task, whatever the number of tasks or where a task resumed.
 * A step never continues another step's stream, so no history is needed to regenerate it.
 */
public final class DeterministicRandom {

  /** Stream kinds, so that a step's draws, a block's plan and an entity's traits never overlap. */
  private static final long STEP = 1;
  private static final long BLOCK_SCENARIO = 2;
  private static final long BLOCK_PARAMETERS = 3;
  private static final long TRAITS = 4;
  private static final long DELIVERY = 5;

  private DeterministicRandom() {}

  /** The draws of one step of an entity's sequence. */
  public static SplittableRandom forStep(long seed, String entity, long seq) {
    return of(seed, entity, STEP, seq);
  }

  /** The draw that decides which scenario, if any, a block of steps plays. */
  static SplittableRandom forBlockScenario(long seed, String entity, long block) {
    return of(seed, entity, BLOCK_SCENARIO, block);
  }

  /** The parameters of a block's scenario episode (where it starts, how strong it is). */
  public static SplittableRandom forBlock(long seed, String entity, long block) {
    return of(seed, entity, BLOCK_PARAMETERS, block);
  }

  /** Whether a step's record is delivered late, and by how much: apart from the step's own draws, so its value stays the same. */
  static SplittableRandom forDelivery(long seed, String entity, long seq) {
    return of(seed, entity, DELIVERY, seq);
  }

  /** An entity's fixed traits (bias, home country, volatility...). */
  public static SplittableRandom forTraits(long seed, String entity) {
    return of(seed, entity, TRAITS, 0);
  }

  private static SplittableRandom of(long seed, String entity, long kind, long index) {
    long h = mix(seed ^ 0x9e3779b97f4a7c15L);
    h = mix(h ^ hash(entity));
    h = mix(h ^ (kind * 0xbf58476d1ce4e5b9L));
    h = mix(h + index * 0x94d049bb133111ebL);
    return new SplittableRandom(h);
  }

  /** FNV-1a over the UTF-8 bytes: stable across JVMs, unlike identity hashes. */
  static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** SplitMix64's finalizer: spreads every input bit over the output. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
