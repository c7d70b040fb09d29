package io.strom.connect.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleConfigKeysTest {

  private static final String SCRIPT = """
      CREATE STREAM readings (device STRING KEY, temp DOUBLE) WITH (KAFKA_TOPIC='readings');
      CREATE STREAM hot AS SELECT device, temp FROM readings WHERE temp > 30;
      CREATE STREAM cold AS SELECT device, temp FROM readings WHERE temp < 0;
      """;

  private static ConfigDef keys(RuleConfigKeys.Statements statements) {
    return RuleConfigKeys.define(new ConfigDef(), "Rules", Importance.HIGH, "The script.", statements);
  }

  private static List<String> errors(ConfigDef definition, Map<String, String> props, String key) {
    return definition.validate(props).stream().filter(v -> v.name().equals(key)).findFirst()
        .map(ConfigValue::errorMessages).orElseThrow();
  }

  @Test
  void statementsAreAListThatATransformLimitsToOneName() {
    AbstractConfig sink = new AbstractConfig(keys(RuleConfigKeys.Statements.ANY),
        Map.of("rules", SCRIPT, "rules.statement", "hot, cold"));
    assertThat(sink.getList("rules.statement")).containsExactly("hot", "cold");
    AbstractConfig transform = new AbstractConfig(keys(RuleConfigKeys.Statements.ONE),
        Map.of("rules", SCRIPT, "rules.statement", "hot"));
    assertThat(transform.getList("rules.statement")).containsExactly("hot");
    assertThat(new AbstractConfig(keys(RuleConfigKeys.Statements.ONE), Map.of()).getList("rules.statement")).isEmpty();

    assertThat(errors(keys(RuleConfigKeys.Statements.ONE), Map.of("rules", SCRIPT, "rules.statement", "hot,cold"),
        "rules.statement")).singleElement().asString().contains("name one rule");
  }

  @Test
  void aScriptThatDoesNotParseIsReportedOnItsKeyWithLineAndColumn(@TempDir Path dir) throws Exception {
    ConfigDef definition = keys(RuleConfigKeys.Statements.ANY);
    assertThat(errors(definition, Map.of("rules", "SELECT a\nFROM b WHERE a >> 3"), "rules"))
        .singleElement().asString().contains("rules").contains("2:");
    // declared sources: the whole analysis runs, so an unknown column is found without records
    assertThat(errors(definition, Map.of("rules", SCRIPT.replace("temp > 30", "tmp > 30")), "rules"))
        .singleElement().asString().contains("TMP");
    // undeclared source: only the syntax can be checked
    assertThat(errors(definition, Map.of("rules", "SELECT anything FROM anywhere;"), "rules")).isEmpty();

    Path bad = Files.writeString(dir.resolve("bad.sql"), "SELEC x FROM y");
    assertThat(errors(definition, Map.of("rules.file", bad.toString()), "rules.file"))
        .singleElement().asString().contains("rules.file").contains("1:1");
    assertThat(errors(definition, Map.of("rules.file", dir.resolve("missing.sql").toString()), "rules.file"))
        .singleElement().asString().contains("cannot read the rule file");
  }

  @Test
  void theScriptComesFromOneOfTheTwoKeys(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("rules.sql"), SCRIPT);
    assertThat(RuleConfigKeys.script(SCRIPT, null)).isEqualTo(SCRIPT);
    assertThat(RuleConfigKeys.script(" ", " " + file + " ")).isEqualTo(SCRIPT);
    assertThat(RuleConfigKeys.script(null, "")).isNull();
    assertThat(RuleConfigKeys.scriptKey(SCRIPT)).isEqualTo("rules");
    assertThat(RuleConfigKeys.scriptKey(null)).isEqualTo("rules.file");
    assertThatThrownBy(() -> RuleConfigKeys.script(SCRIPT, file.toString()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("rules.file").hasMessageContaining("not both");
  }

  @Test
  void everyKeyIsDocumentedInTheHostsGroup() {
    ConfigDef definition = keys(RuleConfigKeys.Statements.ANY);
    assertThat(definition.configKeys().values()).allSatisfy(key -> {
      assertThat(key.group).isEqualTo("Rules");
      assertThat(key.documentation).isNotBlank();
    });
    assertThat(definition.configKeys().get("rules").documentation).startsWith("The script.");
    assertThat(definition.configKeys().get("rules.statement").documentation).contains("every rule");
    assertThat(keys(RuleConfigKeys.Statements.ONE).configKeys().get("rules.statement").documentation)
        .contains("the only one");
  }
}
