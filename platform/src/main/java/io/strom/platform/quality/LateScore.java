package io.strom.platform.quality;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How the records the sources delivered late fared with one stateful rule (definitions in
 * docs/quality.md): of the {@code delayed} records on the rule's topic, {@code tooLateDelayed} were
 * written to the late-records table for it (too late for its window or grace), the others still
 * counted. {@code tooLate} is every record the table has for the rule; one that was not delivered
 * late ({@code tooLate - tooLateDelayed}) would mean the rule saw the feed out of order otherwise.
 *
 * @param scenario the scenario the rule is scored for, or null
 */
record LateScore(String rule, String topic, String scenario, long delayed, long tooLate, long tooLateDelayed,
                 long maxLateByMs) {

  long counted() {
    return delayed - tooLateDelayed;
  }

  long tooLateNotDelayed() {
    return tooLate - tooLateDelayed;
  }

  double shareCounted() {
    return delayed == 0 ? 1 : (double) counted() / delayed;
  }

  /** The late input overall: records delivered late, and those of them no stateful rule got too late. */
  record Overall(long delayed, long countedByEveryRule) {}

  /**
   * One score per stateful rule, in rule order.
   *
   * @param scenarios the scenario each scored rule detects or predicts, by upper-case rule name
   */
  static List<LateScore> of(List<HostedRule> rules, List<GroundTruth.Truth> truth, List<LateRecord> late,
                            Map<String, String> scenarios) {
    Map<String, GroundTruth.Truth> byTopic = byTopic(truth);
    Map<String, Map<String, LateRecord>> byRule = new HashMap<>();
    for (LateRecord r : late) {
      // one record per Kafka position, whatever windows it missed
      byRule.computeIfAbsent(upper(r.rule()), k -> new HashMap<>())
          .merge(r.id(), r, (a, b) -> a.lateByMs() >= b.lateByMs() ? a : b);
    }
    List<LateScore> scores = new ArrayList<>();
    for (HostedRule rule : rules) {
      if (!rule.stateful()) {
        continue;
      }
      GroundTruth.Truth feed = byTopic.get(rule.topic());
      Set<String> delayed = feed == null ? Set.of() : feed.delayedIds();
      Map<String, LateRecord> mine = byRule.getOrDefault(upper(rule.name()), Map.of());
      long tooLateDelayed = mine.values().stream().filter(r -> delayed.contains(recordId(r.key(), r.eventTime())))
          .count();
      long maxLateBy = mine.values().stream().mapToLong(LateRecord::lateByMs).max().orElse(0);
      scores.add(new LateScore(rule.name().toLowerCase(Locale.ROOT), rule.topic(), scenarios.get(upper(rule.name())),
          feed == null ? 0 : feed.delayed(), mine.size(), tooLateDelayed, maxLateBy));
    }
    return scores;
  }

  /** Records delivered late, and those of them no rule wrote to the late-records table. */
  static Overall overall(List<GroundTruth.Truth> truth, List<LateRecord> late) {
    Map<String, GroundTruth.Truth> byTopic = byTopic(truth);
    Map<String, Set<String>> missed = new HashMap<>();
    for (LateRecord r : late) {
      String id = recordId(r.key(), r.eventTime());
      GroundTruth.Truth feed = byTopic.get(r.topic());
      if (feed != null && feed.delayedIds().contains(id)) {
        missed.computeIfAbsent(r.topic(), t -> new HashSet<>()).add(id);
      }
    }
    long delayed = truth.stream().mapToLong(GroundTruth.Truth::delayed).sum();
    return new Overall(delayed, delayed - missed.values().stream().mapToLong(Set::size).sum());
  }

  /** How a delayed record of the regenerated feed and a late-records row are matched: key and event time. */
  static String recordId(String key, long eventTime) {
    return key + "@" + eventTime;
  }

  private static Map<String, GroundTruth.Truth> byTopic(List<GroundTruth.Truth> truth) {
    Map<String, GroundTruth.Truth> byTopic = new HashMap<>();
    truth.forEach(t -> byTopic.put(t.topic(), t));
    return byTopic;
  }

  private static String upper(String name) {
    return name.toUpperCase(Locale.ROOT);
  }
}
