package io.strom.platform.quality;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Precision, recall and detection delay of one scenario (definitions in docs/quality.md).
 *
 * <ul>
 *   <li>An alert is a true positive when it overlaps, in event time, an episode of its rule's
 *       scenario on its entity; precision is true positives over all alerts of the rule.
 *   <li>An episode is detected when some such alert overlaps it; recall is detected over complete
 *       episodes (those the feed did not cut short).
 *   <li>The delay of a detected episode is its first overlapping alert's event time minus the
 *       episode's first labelled record's (a windowed alert counts at its window's end).
 * </ul>
 */
record ScenarioScore(String scenario, String rule, int episodes, int detected, int alerts, int truePositives,
                     List<Long> delays, List<Alert> falsePositives, List<Episode> missed) {

  /** How many false positives and missed episodes the report lists, to look into. */
  static final int SAMPLES = 10;

  double precision() {
    return alerts == 0 ? 0 : (double) truePositives / alerts;
  }

  double recall() {
    return episodes == 0 ? 0 : (double) detected / episodes;
  }

  Long delayMedian() {
    return Percentiles.of(delays, 0.5);
  }

  Long delayP95() {
    return Percentiles.of(delays, 0.95);
  }

  /** Scores {@code rule}'s alerts against the episodes of its scenario; null rule: no rule scores it. */
  static ScenarioScore of(String scenario, ScoredRule rule, List<Episode> episodes, List<Alert> alerts) {
    List<Episode> mine = episodes.stream().filter(e -> e.scenario().equals(scenario)).toList();
    int complete = (int) mine.stream().filter(Episode::complete).count();
    if (rule == null) {
      return new ScenarioScore(scenario, null, complete, 0, 0, 0, List.of(), List.of(), List.of());
    }
    Map<String, List<Episode>> byEntity = byEntity(mine);
    int truePositives = 0;
    Map<Episode, Long> firstAlert = new HashMap<>();
    List<Alert> falsePositives = new ArrayList<>();
    for (Alert alert : alerts) {
      boolean hit = false;
      for (Episode episode : byEntity.getOrDefault(alert.entity(), List.of())) {
        if (episode.overlaps(alert.from(), alert.to())) {
          hit = true;
          long at = Math.max(alert.to(), episode.start());
          firstAlert.merge(episode, at, Math::min);
        }
      }
      truePositives += hit ? 1 : 0;
      if (!hit && falsePositives.size() < SAMPLES) {
        falsePositives.add(alert);
      }
    }
    List<Long> delays = new ArrayList<>();
    List<Episode> missed = new ArrayList<>();
    int detected = 0;
    for (Episode episode : mine) {
      Long at = firstAlert.get(episode);
      if (episode.complete() && at != null) {
        detected++;
        delays.add(at - episode.start());
      } else if (episode.complete() && missed.size() < SAMPLES) {
        missed.add(episode);
      }
    }
    return new ScenarioScore(scenario, rule.name(), complete, detected, alerts.size(), truePositives, delays,
        falsePositives, missed);
  }

  static Map<String, List<Episode>> byEntity(Collection<Episode> episodes) {
    Map<String, List<Episode>> byEntity = new HashMap<>();
    episodes.forEach(e -> byEntity.computeIfAbsent(e.entity(), k -> new ArrayList<>()).add(e));
    return byEntity;
  }
}
