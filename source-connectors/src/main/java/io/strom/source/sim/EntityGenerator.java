package io.strom.source.sim;

import java.util.Map;

/**
 * Generates one entity's records, step by step. Steps arrive in order of {@code seq}; a resumed
 * task first restores {@link #state()} from the source offset, so a generator that walks (a
 * price) continues exactly where the last committed record left it.
 */
public abstract class EntityGenerator {

  /** The step's record, or null when the entity is silent at this step (a dropout). */
  public abstract Event generate(Step step);

  /** State the next step depends on beyond (seed, entity, seq); stored in the source offset. */
  public Map<String, Object> state() {
    return Map.of();
  }

  /** Restores what {@link #state()} returned, read back from a source offset. */
  public void restore(Map<String, ?> offset) {}
}
