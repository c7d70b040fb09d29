package io.strom.bench.rules.patterns;

/**
 * One contender: account takeover, {@code PATTERN (A{3,} B) WITHIN 10 MINUTES} with A a failed
 * login and B a successful one from another country than the last failure, AFTER MATCH SKIP PAST
 * LAST ROW, per user. Returns what it found so the runs can be checked against each other.
 */
interface TakeoverDetector {

  String name();

  Result run(LoginInput input);

  /**
   * Matches found, a checksum over them in emission order (user, first failure's time, country,
   * failures, time of the success), and the partial matches still open after the last event.
   */
  record Result(long matches, long checksum, long openPartialMatches) {}

  static long mix(long checksum, String user, long startTime, String country, long failures, long time) {
    long h = checksum * 31 + user.hashCode();
    h = h * 31 + startTime;
    h = h * 31 + country.hashCode();
    h = h * 31 + failures;
    return h * 31 + time;
  }
}
