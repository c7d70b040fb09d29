package io.strom.connect.common;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * Renders a {@link ConfigDef} as a Markdown table: the one way every Strom plugin's configuration
 * reference is written (docs/connectors.md, sink.md, smt.md, avro.md), so that the four read alike.
 * Each module keeps a test that fails when its committed reference differs from what this renders
 * (testkit's {@code GeneratedDoc}).
 *
 * <p>The rules:
 * <ul>
 *   <li><b>Order</b> as Kafka's own {@code ConfigDef.toHtmlTable}: keys without a group first, then
 *       the groups in the order the definition first names them; within a group by order in group,
 *       then keys without a default, importance and name.
 *   <li><b>Default</b>: {@code (required)} for a key without a default, {@code null} for a null
 *       default, {@code ""} for an empty one, {@code [hidden]} for a non-empty password; else the
 *       value as Connect would write it, as code.
 *   <li><b>Escaping</b>: in every cell {@code |} becomes {@code \|} and a line break a space; prose
 *       cells also turn {@code <} and {@code >} into entities (GitHub drops what looks like a tag,
 *       such as {@code <topic>}). Code cells keep them, since entities would show literally there.
 *   <li>Internal keys ({@code defineInternal}) are left out, as Connect leaves them out.
 * </ul>
 */
public final class ConfigDocs {

  private static final String HEADER = "| name | type | default | valid values | importance | group | description |\n"
      + "|---|---|---|---|---|---|---|\n";

  private ConfigDocs() {}

  /** The definition's keys as one Markdown table, header included, each row ending in a newline. */
  public static String table(ConfigDef definition) {
    StringBuilder table = new StringBuilder(HEADER);
    for (ConfigKey key : sorted(definition)) {
      table.append("| ").append(code(key.name))
          .append(" | ").append(key.type.name().toLowerCase(Locale.ROOT))
          .append(" | ").append(defaultOf(key))
          .append(" | ").append(key.validator == null ? "" : prose(key.validator.toString()))
          .append(" | ").append(key.importance.name().toLowerCase(Locale.ROOT))
          .append(" | ").append(key.group == null ? "" : prose(key.group))
          .append(" | ").append(key.documentation == null ? "" : prose(key.documentation))
          .append(" |\n");
    }
    return table.toString();
  }

  /** Text made safe for a Markdown table cell, by the rule above; for a module's other tables too. */
  public static String prose(String text) {
    return cell(text).replace("<", "&lt;").replace(">", "&gt;");
  }

  private static List<ConfigKey> sorted(ConfigDef definition) {
    List<String> groups = definition.groups();
    Comparator<ConfigKey> byGroup = Comparator.comparingInt(k -> k.group == null ? -1 : groups.indexOf(k.group));
    return definition.configKeys().values().stream()
        .filter(key -> !key.internalConfig)
        .sorted(byGroup
            .thenComparingInt((ConfigKey k) -> k.orderInGroup)
            .thenComparing(ConfigKey::hasDefault)
            .thenComparing(k -> k.importance)
            .thenComparing(k -> k.name))
        .toList();
  }

  private static String defaultOf(ConfigKey key) {
    if (!key.hasDefault()) {
      return "(required)";
    }
    if (key.defaultValue == null) {
      return "null";
    }
    if (key.defaultValue instanceof Password password) {
      return password.value().isEmpty() ? "\"\"" : "[hidden]";
    }
    String text = ConfigDef.convertToString(key.defaultValue, key.type);
    return text.isEmpty() ? "\"\"" : code(text);
  }

  private static String code(String text) {
    return "`" + cell(text) + "`";
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replaceAll("\\R", " ");
  }
}
