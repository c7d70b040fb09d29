package io.strom.connect.common;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Keys of a connector config that nobody reads: not the plugin's own, not Kafka Connect's (the
 * framework's connector keys, converters, transforms, predicates, client overrides). Connect
 * ignores such keys silently, so a key copied from another connector (Debezium's
 * {@code primary.key.mode}) or mistyped does nothing and nobody notices. {@link #flag} attaches an
 * error to each, with the plugin's message for keys it knows from other connectors, else with the
 * nearest key the plugin does define.
 */
public final class ForeignKeys {

  /**
   * Kafka Connect's own connector-level keys (ConnectorConfig, SinkConnectorConfig and
   * SourceConnectorConfig of Kafka 4.3; ForeignKeysTest checks them against the runtime's).
   */
  public static final Set<String> CONNECT_KEYS = Set.of(
      "name", "connector.class", "connector.plugin.version", "tasks.max", "tasks.max.enforce",
      "key.converter", "value.converter", "header.converter",
      "key.converter.plugin.version", "value.converter.plugin.version", "header.converter.plugin.version",
      "transforms", "predicates", "config.action.reload",
      "errors.retry.timeout", "errors.retry.delay.max.ms", "errors.tolerance", "errors.log.enable",
      "errors.log.include.messages",
      // sinks
      "topics", "topics.regex", "errors.deadletterqueue.topic.name",
      "errors.deadletterqueue.topic.replication.factor", "errors.deadletterqueue.context.headers.enable",
      // sources
      "topic.creation.groups", "exactly.once.support", "transaction.boundary",
      "transaction.boundary.interval.ms", "offsets.storage.topic");

  /** Prefixes Connect passes on to converters, transforms, predicates, clients and topic creation. */
  public static final List<String> CONNECT_PREFIXES = List.of(
      "key.converter.", "value.converter.", "header.converter.", "transforms.", "predicates.",
      "consumer.override.", "producer.override.", "admin.override.", "topic.creation.");

  private ForeignKeys() {}

  public static boolean isConnectKey(String key) {
    return CONNECT_KEYS.contains(key) || CONNECT_PREFIXES.stream().anyMatch(key::startsWith);
  }

  /**
   * Adds an error to {@code result} for every key of {@code config} that neither {@code own},
   * Connect nor {@code accepted} (foreign keys the plugin translates) covers. {@code refused} holds
   * the plugin's message for foreign keys it knows but does not take.
   */
  public static void flag(Config result, Map<String, String> config, ConfigDef own, Set<String> accepted,
      Map<String, String> refused) {
    for (String key : config.keySet()) {
      if (own.names().contains(key) || accepted.contains(key) || isConnectKey(key)) {
        continue;
      }
      String message = refused.get(key);
      if (message == null) {
        message = "unknown key: no Strom plugin, converter or Kafka Connect itself defines " + key
            + nearest(key, own.names()).map(k -> "; did you mean " + k + "?").orElse("");
      }
      valueOf(result, key, config.get(key)).addErrorMessage(message);
    }
  }

  /** The entry for {@code key} in a validation result, added when the plugin's ConfigDef lacks it. */
  public static ConfigValue valueOf(Config result, String key, Object value) {
    for (ConfigValue existing : result.configValues()) {
      if (existing.name().equals(key)) {
        return existing;
      }
    }
    ConfigValue added = new ConfigValue(key);
    added.value(value);
    result.configValues().add(added);
    return added;
  }

  /** The plugin key closest to a mistyped one, if any is close (a third of its length, at most 4 edits). */
  static Optional<String> nearest(String key, Set<String> names) {
    int limit = Math.min(4, Math.max(1, key.length() / 3));
    Map<String, Integer> distances = new HashMap<>();
    names.forEach(name -> distances.put(name, distance(key, name)));
    Comparator<String> closest = Comparator.comparing(distances::get);
    return names.stream()
        .filter(name -> distances.get(name) <= limit)
        .min(closest.thenComparing(Comparator.naturalOrder()));
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
