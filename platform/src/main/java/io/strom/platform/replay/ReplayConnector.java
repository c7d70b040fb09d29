package io.strom.platform.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strom.rules.RuleScript;
import io.strom.rules.RuleStatement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The replaying connector's config: the base sink's, with the new rule script inline (so it runs
 * on any cluster, whatever its workers' files), a name of its own, its rule outputs in a new table
 * set and its consumer starting from the earliest offsets. The records' own tables are not written
 * again unless a table format of their own is given: the live sink keeps writing them.
 */
record ReplayConnector(String name, ObjectNode config, List<String> topics, Map<String, String> ruleTables) {

  static final String SINK_CLASS = "io.strom.sink.PostgresSinkConnector";
  static final String RULE_PLACEHOLDER = "${rule}";

  /** The rule table format a replay named {@code name} uses by default: {@code ${rule}_<name>}. */
  static String defaultRuleTables(String name) {
    return RULE_PLACEHOLDER + "_" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
  }

  /**
   * @param base the base sink's config as Connect returns it
   * @param script the new rule version
   * @param ruleTablesFormat the new rule tables, {@code ${rule}} in place of the rule's name
   * @param recordsTablesFormat the records' tables ({@code table.name.format}), or null to write no records
   * @param statements the rules to run, or null for those the base runs ({@code rules.statement})
   */
  static ReplayConnector of(String name, ObjectNode base, String script, String ruleTablesFormat,
                            String recordsTablesFormat, List<String> statements) {
    String connectorClass = base.path("connector.class").asText("");
    if (!SINK_CLASS.equals(connectorClass)) {
      throw new IllegalArgumentException("the base connector must be a " + SINK_CLASS + ", not " + connectorClass);
    }
    String topicList = base.path("topics").asText("");
    if (topicList.isBlank()) {
      throw new IllegalArgumentException("the base connector names no topics (topics.regex cannot be replayed:"
          + " its group's lag has no fixed set of partitions)");
    }
    if (!ruleTablesFormat.contains(RULE_PLACEHOLDER)) {
      throw new IllegalArgumentException("the rule table format must contain " + RULE_PLACEHOLDER + ": " + ruleTablesFormat);
    }
    ObjectNode config = base.deepCopy();
    config.put("name", name);
    config.remove("rules.file");
    config.put("rules", script);
    if (statements != null) {
      config.put("rules.statement", String.join(",", statements));
    }
    config.put("rules.table.name.format", ruleTablesFormat);
    if (recordsTablesFormat == null) {
      config.put("write.records", "false");
    } else {
      config.put("write.records", "true");
      config.put("table.name.format", recordsTablesFormat);
    }
    config.put("consumer.override.auto.offset.reset", "earliest");

    List<String> chosen = Arrays.stream(config.path("rules.statement").asText("").split(","))
        .map(String::strip).filter(s -> !s.isEmpty()).toList();
    Map<String, String> tables = new LinkedHashMap<>();
    for (RuleStatement statement : RuleScript.parse(script)) {
      boolean runs = chosen.isEmpty() || chosen.stream().anyMatch(c -> c.equalsIgnoreCase(statement.name()));
      if (statement.isRule() && runs) {
        String rule = statement.name().toLowerCase(Locale.ROOT);
        tables.put(rule, ruleTablesFormat.replace(RULE_PLACEHOLDER, rule));
      }
    }
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("the rule file holds none of the rules the replay runs"
          + (chosen.isEmpty() ? "" : " (" + String.join(", ", chosen) + "; choose others with --statements)"));
    }
    List<String> topics = Arrays.stream(topicList.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    return new ReplayConnector(name, config, topics, tables);
  }
}
