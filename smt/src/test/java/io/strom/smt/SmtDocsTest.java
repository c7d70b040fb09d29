package io.strom.smt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * docs/smt.md carries a config reference generated from the ConfigDefs; this test fails when the
 * committed text is stale. Regenerate with {@code -Dstrom.docs.update=true}.
 */
class SmtDocsTest {

  private static final Path DOC = Path.of("..", "docs", "smt.md");
  private static final String START = "<!-- generated config reference: start (SmtDocsTest) -->";
  private static final String END = "<!-- generated config reference: end -->";

  static String reference() {
    return "### `io.strom.smt.RuleTransform$Value` / `io.strom.smt.RuleTransform$Key` (transform)\n\n"
        + RuleTransform.OVERVIEW_DOC.replaceAll("</?code>", "`") + "\n\n" + table(RuleTransform.CONFIG_DEF)
        + "\n### `io.strom.smt.RuleMatches` (predicate)\n\n" + RuleMatches.OVERVIEW_DOC + "\n\n"
        + table(RuleMatches.CONFIG_DEF);
  }

  private static String table(ConfigDef def) {
    StringBuilder out = new StringBuilder("| key | type | default | valid values | importance | description |\n"
        + "|---|---|---|---|---|---|\n");
    List<ConfigDef.ConfigKey> keys = def.configKeys().values().stream()
        .sorted((a, b) -> a.group.equals(b.group) ? Integer.compare(a.orderInGroup, b.orderInGroup)
            : Integer.compare(def.groups().indexOf(a.group), def.groups().indexOf(b.group)))
        .toList();
    for (ConfigDef.ConfigKey k : keys) {
      Object dflt = k.defaultValue == null ? "" : "`" + (k.defaultValue.toString().isEmpty() ? "\"\"" : k.defaultValue) + "`";
      out.append("| `").append(k.name).append("` | ").append(k.type.name().toLowerCase()).append(" | ")
          .append(dflt).append(" | ").append(k.validator == null ? "" : k.validator.toString().replace("|", "\\|"))
          .append(" | ").append(k.importance.name().toLowerCase()).append(" | ")
          .append(k.documentation.replace("|", "\\|")).append(" |\n");
    }
    return out.toString();
  }

  @Test
  void theCommittedConfigReferenceIsCurrent() throws Exception {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int start = doc.indexOf(START);
    int end = doc.indexOf(END);
    assertThat(start).as("docs/smt.md has the generated-reference markers").isNotNegative();
    assertThat(end).isGreaterThan(start);
    String current = doc.substring(0, start + START.length()) + "\n\n" + reference() + "\n" + doc.substring(end);
    if (Boolean.getBoolean("strom.docs.update")) {
      Files.writeString(DOC, current, StandardCharsets.UTF_8);
      doc = current;
    }
    assertThat(doc).as("docs/smt.md is stale: run mvn -pl smt test -Dtest=SmtDocsTest -Dstrom.docs.update=true")
        .isEqualTo(current);
  }
}
