package io.strom.platform.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How early a predicting rule warns: of the complete episodes whose records cross the threshold,
 * the share with a warning for the entity at or after the episode's start and strictly before the
 * crossing, and the lead time (crossing minus the first such warning). A warning that precedes no
 * crossing of an episode on its entity is a false warning.
 */
record PredictionScore(String scenario, String rule, int episodes, int warnedInAdvance, int warnings,
                       int falseWarnings, List<Long> leads) {

  double shareWarned() {
    return episodes == 0 ? 0 : (double) warnedInAdvance / episodes;
  }

  double precision() {
    return warnings == 0 ? 0 : (double) (warnings - falseWarnings) / warnings;
  }

  Long leadMedian() {
    return Percentiles.of(leads, 0.5);
  }

  static PredictionScore of(ScoredRule rule, List<Episode> episodes, List<Alert> warnings) {
    List<Episode> crossing = episodes.stream()
        .filter(e -> e.scenario().equals(rule.scenario()) && e.complete() && e.crossing() != Episode.NO_CROSSING)
        .toList();
    Map<String, List<Episode>> byEntity = ScenarioScore.byEntity(episodes.stream()
        .filter(e -> e.scenario().equals(rule.scenario()) && e.crossing() != Episode.NO_CROSSING).toList());
    int falseWarnings = 0;
    for (Alert warning : warnings) {
      boolean before = byEntity.getOrDefault(warning.entity(), List.of()).stream()
          .anyMatch(e -> warning.to() >= e.start() && warning.to() < e.crossing());
      falseWarnings += before ? 0 : 1;
    }
    List<Long> leads = new ArrayList<>();
    for (Episode episode : crossing) {
      warnings.stream()
          .filter(w -> w.entity().equals(episode.entity()) && w.to() >= episode.start() && w.to() < episode.crossing())
          .mapToLong(Alert::to).min()
          .ifPresent(first -> leads.add(episode.crossing() - first));
    }
    return new PredictionScore(rule.scenario(), rule.name(), crossing.size(), leads.size(), warnings.size(),
        falseWarnings, leads);
  }
}
