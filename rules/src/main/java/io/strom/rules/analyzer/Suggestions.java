package io.strom.rules.analyzer;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean ...?" for misspelled names: the closest candidate by edit distance, if close enough. */
final class Suggestions {

  private Suggestions() {}

  /** A sentence to append to a message (with a leading space), or "" when nothing is close. */
  static String didYouMean(String name, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance(name.toUpperCase(Locale.ROOT), candidate.toUpperCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    if (best == null || bestDistance > Math.max(2, name.length() / 2)) {
      return candidates.isEmpty() ? "" : " Valid names are: " + String.join(", ", candidates) + ".";
    }
    if (bestDistance == 0) {
      return " Did you mean `" + best + "`? Quoted names are case-sensitive.";
    }
    return " Did you mean " + best + "?";
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }
}
