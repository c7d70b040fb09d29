package io.strom.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

/**
 * The converter's config reference in {@code docs/avro.md} is generated from its ConfigDef; this
 * test fails when the committed table is stale. Regenerate with
 * {@code mvn -pl avro -am test -Dtest=ConfigDocTest -Dsurefire.failIfNoSpecifiedTests=false -Dstrom.docs.update=true}.
 */
class ConfigDocTest {

  private static final String START = "<!-- generated: AvroConverterConfig (ConfigDocTest) -->";
  private static final String END = "<!-- end generated -->";
  private static final Path DOC = Path.of("..", "docs", "avro.md");

  static String markdown(ConfigDef definition) {
    StringBuilder table = new StringBuilder();
    table.append("| Key | Type | Default | Valid values | Importance | Description |\n");
    table.append("|---|---|---|---|---|---|\n");
    List<ConfigDef.ConfigKey> keys = definition.configKeys().values().stream()
        .sorted((a, b) -> a.group.equals(b.group) ? Integer.compare(a.orderInGroup, b.orderInGroup)
            : a.group.compareTo(b.group))
        .toList();
    for (ConfigDef.ConfigKey key : keys) {
      Object value = key.defaultValue instanceof Password ? ((Password) key.defaultValue).value() : key.defaultValue;
      String defaultValue = !key.hasDefault() ? "(required)"
          : value == null || String.valueOf(value).isEmpty() ? "\"\"" : String.valueOf(value);
      table.append("| `").append(key.name).append("` | ")
          .append(key.type.name().toLowerCase()).append(" | ")
          .append(cell(defaultValue)).append(" | ")
          .append(cell(key.validator == null ? "" : key.validator.toString())).append(" | ")
          .append(key.importance.name().toLowerCase()).append(" | ")
          .append(cell(key.documentation)).append(" |\n");
    }
    return table.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ");
  }

  @Test
  void committedConfigReferenceIsCurrent() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int start = doc.indexOf(START);
    int end = doc.indexOf(END);
    assertThat(start).as("docs/avro.md has the generated-section markers").isNotNegative();
    assertThat(end).isGreaterThan(start);
    String expected = markdown(AvroConverterConfig.CONFIG_DEF);
    String committed = doc.substring(start + START.length() + 1, end);
    if (Boolean.getBoolean("strom.docs.update") && !committed.equals(expected)) {
      Files.writeString(DOC, doc.substring(0, start + START.length() + 1) + expected + doc.substring(end),
          StandardCharsets.UTF_8);
      committed = expected;
    }
    assertThat(committed).as("docs/avro.md config table is stale; see this test's comment to regenerate")
        .isEqualTo(expected);
  }
}
