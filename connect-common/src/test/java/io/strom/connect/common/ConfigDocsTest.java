package io.strom.connect.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {

  private static final String HEADER = "| name | type | default | valid values | importance | group | description |\n"
      + "|---|---|---|---|---|---|---|\n";

  @Test
  void keysFollowGroupOrderThenOrderInGroupWithUngroupedKeysFirst() {
    ConfigDef definition = new ConfigDef()
        .define("b.second", Type.INT, 1, Importance.LOW, "B2", "Beta", 2, Width.SHORT, "B2")
        .define("z.first", Type.INT, 1, Importance.LOW, "Z1", "Zeta", 1, Width.SHORT, "Z1")
        .define("b.first", Type.INT, 1, Importance.LOW, "B1", "Beta", 1, Width.SHORT, "B1")
        .define("loose", Type.INT, 1, Importance.LOW, "no group");

    assertThat(names(ConfigDocs.table(definition))).containsExactly("loose", "b.first", "b.second", "z.first");
  }

  @Test
  void withinTheSameOrderRequiredKeysComeFirstThenImportanceThenName() {
    ConfigDef definition = new ConfigDef()
        .define("c.low", Type.STRING, "x", Importance.LOW, "c")
        .define("b.high", Type.STRING, "x", Importance.HIGH, "b")
        .define("a.high", Type.STRING, "x", Importance.HIGH, "a")
        .define("d.required", Type.STRING, Importance.LOW, "d");

    assertThat(names(ConfigDocs.table(definition))).containsExactly("d.required", "a.high", "b.high", "c.low");
  }

  @Test
  void rendersEveryColumnWithOneRuleForDefaults() {
    ConfigDef definition = new ConfigDef()
        .define("url", Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
            "Where to connect.", "Connection", 1, Width.LONG, "URL")
        .define("user", Type.STRING, null, Importance.HIGH, "Who connects.", "Connection", 2, Width.SHORT, "User")
        .define("secret", Type.PASSWORD, "", Importance.MEDIUM, "Empty password.", "Connection", 3, Width.SHORT, "S")
        .define("token", Type.PASSWORD, "s3cret", Importance.LOW, "Set password.", "Connection", 4, Width.SHORT, "T")
        .define("fields", Type.LIST, List.of("a", "b"), Importance.LOW, "Listed.", "Writes", 1, Width.SHORT, "F")
        .define("none", Type.LIST, "", Importance.LOW, "Empty list.", "Writes", 2, Width.SHORT, "N")
        .define("size", Type.INT, 10, ConfigDef.Range.atLeast(1), Importance.MEDIUM, "How many.", "Writes", 3,
            Width.SHORT, "Size");

    assertThat(ConfigDocs.table(definition)).isEqualTo(HEADER
        + "| `url` | string | (required) | non-empty string | high | Connection | Where to connect. |\n"
        + "| `user` | string | null |  | high | Connection | Who connects. |\n"
        + "| `secret` | password | \"\" |  | medium | Connection | Empty password. |\n"
        + "| `token` | password | [hidden] |  | low | Connection | Set password. |\n"
        + "| `fields` | list | `a,b` |  | low | Writes | Listed. |\n"
        + "| `none` | list | \"\" |  | low | Writes | Empty list. |\n"
        + "| `size` | int | `10` | [1,...] | medium | Writes | How many. |\n");
  }

  @Test
  void escapesPipesAndTagsAndFoldsLineBreaksInProseButKeepsTagsInCode() {
    ConfigDef definition = new ConfigDef()
        .define("format", Type.STRING, "<a|b>", Importance.LOW, "CREATE STREAM|TABLE <name>\nsecond line\r\nthird");

    assertThat(ConfigDocs.table(definition)).endsWith(
        "| `format` | string | `<a\\|b>` |  | low |  | CREATE STREAM\\|TABLE &lt;name&gt; second line third |\n");
  }

  @Test
  void leavesInternalKeysOut() {
    ConfigDef definition = new ConfigDef()
        .define("public.key", Type.INT, 1, Importance.LOW, "shown")
        .defineInternal("internal.key", Type.INT, 1, Importance.LOW);

    assertThat(names(ConfigDocs.table(definition))).containsExactly("public.key");
  }

  private static List<String> names(String table) {
    return table.lines().skip(2).map(row -> row.substring(row.indexOf('`') + 1, row.indexOf('`', 3))).toList();
  }
}
