package io.strom.source.sim;

import java.util.SplittableRandom;

/**
 * One step of an entity's sequence, with everything a generator may depend on: generators are
 * pure functions of the step (plus, for random walks, their own state kept in the source offset).
 *
 * @param seq the step's position in the entity's sequence, from 0
 * @param position the step's position within its block
 * @param scenario the scenario the step's block plays, or null
 * @param random the step's own draws
 * @param blockRandom the block's draws, identical for every step of the block (episode parameters)
 * @param blockStartMillis event time of the block's first step
 * @param intervalMs event-time gap between steps
 */
public record Step(
    long seq,
    int position,
    String scenario,
    SplittableRandom random,
    SplittableRandom blockRandom,
    long blockStartMillis,
    long intervalMs) {

  /** The step's regular event time. */
  public long time() {
    return blockStartMillis + position * intervalMs;
  }

  /** True when the block plays {@code name}. */
  public boolean plays(String name) {
    return name.equals(scenario);
  }
}
