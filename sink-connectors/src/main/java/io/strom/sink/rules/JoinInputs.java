package io.strom.sink.rules;

import io.strom.connect.common.ConfigKeyException;
import io.strom.rules.CompiledRule;
import io.strom.rules.data.StreamSchema;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * What a join rule needs of the connector hosting it. The sink runs one rule instance per
 * partition number, fed by that partition of every source topic, so the sources must be
 * co-partitioned: inputs of this connector, joined on their record keys, with the same partition
 * count, and assigned together (partition p of every topic to the same task).
 *
 * <p>The first two are checked at config time ({@link #check}). The partition count and the
 * assignment are checked whenever the task's partitions change ({@link #checkAssignment}): the
 * consumer's default assignor (RangeAssignor) gives partition p of every topic to one task when
 * the counts are equal, so a task that owns partition p of one source but not of another
 * (different counts, or another assignor) fails instead of joining against a part of the table.
 */
final class JoinInputs {

  /** The consumer override of the assignor; only RangeAssignor keeps partitions together. */
  static final String ASSIGNOR_OVERRIDE = "consumer.override.partition.assignment.strategy";
  private static final String RANGE_ASSIGNOR = "org.apache.kafka.clients.consumer.RangeAssignor";

  private JoinInputs() {}

  /**
   * @param scriptKey the key the rules came from (errors go there)
   * @param topics the connector's {@code topics} (null or empty when {@code topics.regex} is used)
   * @param topicsRegex the connector's {@code topics.regex}, or null
   * @param assignor the connector's {@link #ASSIGNOR_OVERRIDE}, or null
   * @throws ConfigKeyException naming {@code scriptKey} and the rule that cannot run here
   */
  static void check(List<CompiledRule> rules, String scriptKey, String topics, String topicsRegex, String assignor) {
    Set<String> inputs = new LinkedHashSet<>();
    if (topics != null) {
      for (String topic : topics.split(",")) {
        if (!topic.isBlank()) {
          inputs.add(topic.trim());
        }
      }
    }
    Pattern regex = topicsRegex == null || topicsRegex.isBlank() ? null : Pattern.compile(topicsRegex.trim());
    for (CompiledRule rule : rules) {
      if (!rule.isJoin()) {
        continue;
      }
      for (StreamSchema source : rule.sources()) {
        boolean read = inputs.contains(source.topic()) || (regex != null && regex.matcher(source.topic()).matches());
        if (!read) {
          throw new ConfigKeyException(scriptKey, rule.name(), "rule " + rule.name() + " joins " + source.name()
              + " (topic '" + source.topic() + "'), which is not an input of this connector (topics="
              + (topics == null ? "" : topics) + (regex == null ? "" : ", topics.regex=" + topicsRegex)
              + "): the sink joins only topics it reads itself; add '" + source.topic() + "' to topics");
        }
      }
      if (!rule.joinsOnKeys()) {
        throw new ConfigKeyException(scriptKey, rule.name(), "rule " + rule.name() + " joins on a value column: the"
            + " sink joins co-partitioned topics partition by partition, so every ON must compare the sources' key"
            + " columns; write the stream keyed by the join column first (e.g. PARTITION BY in the SMT of the"
            + " connector that produces it) and join on that key");
      }
      if (assignor != null && !assignor.isBlank() && !assignor.trim().equals(RANGE_ASSIGNOR)) {
        throw new ConfigKeyException(scriptKey, rule.name(), "rule " + rule.name() + " joins topics partition by"
            + " partition, which needs partition p of every topic on the same task; " + ASSIGNOR_OVERRIDE + "="
            + assignor + " does not promise that: leave it unset or set " + RANGE_ASSIGNOR);
      }
    }
  }

  /**
   * @param owned every partition the task owns now
   * @throws ConnectException when a join rule's sources are not all owned for some partition number
   */
  static void checkAssignment(List<CompiledRule> rules, Collection<TopicPartition> owned) {
    for (CompiledRule rule : rules) {
      if (!rule.isJoin()) {
        continue;
      }
      for (TopicPartition partition : owned) {
        if (rule.sources().stream().noneMatch(s -> s.topic().equals(partition.topic()))) {
          continue;
        }
        for (StreamSchema source : rule.sources()) {
          TopicPartition needed = new TopicPartition(source.topic(), partition.partition());
          if (!owned.contains(needed)) {
            throw new ConnectException("rule " + rule.name() + " joins its sources partition by partition, but this"
                + " task owns " + partition + " without " + needed + ": the topics " + topicsOf(rule)
                + " must be co-partitioned (the same partition count, keyed alike) and assigned together (the"
                + " default RangeAssignor does that); owned: " + owned);
          }
        }
      }
    }
  }

  private static List<String> topicsOf(CompiledRule rule) {
    return rule.sources().stream().map(StreamSchema::topic).distinct().toList();
  }
}
