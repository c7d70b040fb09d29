package io.strom.platform.quality;

/**
 * One labelled episode: an entity's records of one scenario, from the first labelled record's
 * event time to the last's. {@code crossing} is the event time of its first record above a
 * predicting rule's threshold ({@code Long.MIN_VALUE} when none or no such rule); {@code complete}
 * is false when the feed ended too soon after it for a rule to have seen it whole.
 */
record Episode(String scenario, String entity, long start, long end, long crossing, boolean complete) {

  static final long NO_CROSSING = Long.MIN_VALUE;

  /** True when {@code [from, to]} overlaps the episode in event time. */
  boolean overlaps(long from, long to) {
    return from <= end && to >= start;
  }
}
