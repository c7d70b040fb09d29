package io.strom.bench.rules.patterns;

import java.util.SplittableRandom;

/**
 * Login events in event-time order, generated once and shared by every contender. Most logins
 * are of random users, usually successful and from the user's home country; a share comes from a
 * rotating pool of targeted accounts that see bursts of failures and successes from anywhere, so
 * that many partial matches are open at any time and thousands complete.
 */
final class LoginInput {

  static final long WITHIN_MILLIS = 10 * 60_000L;
  static final int MIN_FAILURES = 3;
  static final String[] COUNTRIES = {"DE", "FR", "US", "BR", "GB", "IN", "JP", "NG"};

  final int events;
  final String[] users;
  final int[] user;
  final boolean[] success;
  final byte[] country;
  final long[] time;

  private LoginInput(int events, int userCount) {
    this.events = events;
    users = new String[userCount];
    for (int u = 0; u < userCount; u++) {
      users[u] = String.format("user-%07d", u);
    }
    user = new int[events];
    success = new boolean[events];
    country = new byte[events];
    time = new long[events];
  }

  /** About one event per 6 ms (1M events span 100 minutes, ten WITHIN periods). */
  static LoginInput generate(int events, int userCount, long seed) {
    LoginInput in = new LoginInput(events, userCount);
    SplittableRandom random = new SplittableRandom(seed);
    int[] targeted = new int[500];
    for (int i = 0; i < targeted.length; i++) {
      targeted[i] = random.nextInt(userCount);
    }
    long t = 1_700_000_000_000L;
    for (int i = 0; i < events; i++) {
      t += random.nextInt(13); // equal times happen: they keep arrival order
      in.time[i] = t;
      if (random.nextInt(100) < 40) {
        int slot = random.nextInt(targeted.length);
        int u = targeted[slot];
        in.user[i] = u;
        in.success[i] = random.nextInt(100) < 25;
        in.country[i] = (byte) (in.success[i] ? random.nextInt(COUNTRIES.length) : home(u));
        if (random.nextInt(30) == 0) {
          targeted[slot] = random.nextInt(userCount); // the attack moves on
        }
      } else {
        int u = random.nextInt(userCount);
        in.user[i] = u;
        in.success[i] = random.nextInt(100) >= 10;
        in.country[i] = (byte) (random.nextInt(100) < 95 ? home(u) : random.nextInt(COUNTRIES.length));
      }
    }
    return in;
  }

  private static int home(int user) {
    return user % COUNTRIES.length;
  }
}
