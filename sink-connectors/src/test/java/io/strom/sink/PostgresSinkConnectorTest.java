package io.strom.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation without a database: every cross-field message lands on each field involved. */
class PostgresSinkConnectorTest {

  private static Map<String, String> config(String... keyValues) {
    Map<String, String> config = new HashMap<>();
    config.put("connection.url", "jdbc:postgresql://127.0.0.1:1/none");
    for (int i = 0; i < keyValues.length; i += 2) {
      config.put(keyValues[i], keyValues[i + 1]);
    }
    return config;
  }

  private static List<String> errors(Config result, String name) {
    return result.configValues().stream().filter(v -> v.name().equals(name)).findFirst()
        .map(ConfigValue::errorMessages).orElseThrow();
  }

  @Test
  void upsertWithoutAPrimaryKeyNamesBothFields() {
    Config result = new PostgresSinkConnector().validate(config("insert.mode", "upsert"));
    assertThat(errors(result, "insert.mode")).singleElement().asString().contains("needs a primary key");
    assertThat(errors(result, "pk.mode")).singleElement().asString().contains("needs a primary key");
    assertThat(errors(result, "connection.url")).as("no connection attempt while fields are wrong").isEmpty();
  }

  @Test
  void recordValueKeysNeedFieldsAndDeletesNeedRecordKeys() {
    Config result = new PostgresSinkConnector().validate(config("pk.mode", "record_value", "delete.enabled", "true"));
    assertThat(errors(result, "pk.fields")).singleElement().asString().contains("needs pk.fields");
    assertThat(errors(result, "delete.enabled")).singleElement().asString().contains("pk.mode=record_key");
    assertThat(errors(result, "pk.mode")).hasSize(2);
  }

  @Test
  void singleFieldMistakesAreReportedByTheirValidators() {
    Config result = new PostgresSinkConnector().validate(config(
        "connection.url", "jdbc:mysql://db/x", "insert.mode", "merge", "batch.size", "0", "table.name.format", "a.b.c"));
    assertThat(errors(result, "connection.url")).singleElement().asString().contains("jdbc:postgresql:");
    assertThat(errors(result, "insert.mode")).singleElement().asString().contains("one of insert, upsert");
    assertThat(errors(result, "batch.size")).hasSize(1);
    assertThat(errors(result, "table.name.format")).singleElement().asString().contains("SCHEMA.TABLE");
  }

  @Test
  void theLateRecordsTableIsAPlainLowerCaseNameOrEmpty() {
    assertThat(errors(new PostgresSinkConnector().validate(config("late.records.table", "Late-Records")),
        "late.records.table")).singleElement().asString().contains("lower-case letters");
    assertThat(errors(new PostgresSinkConnector().validate(config("late.records.table", "")), "late.records.table"))
        .isEmpty();
    assertThat(new PostgresSinkConfig(config()).lateRecordsTable()).isEqualTo("strom_late_records");
    assertThat(new PostgresSinkConfig(config("late.records.table", " ")).lateRecordsTable()).isEmpty();
  }

  @Test
  void aCleanConfigWithAnUnreachableServerReportsTheUrl() {
    Config result = new PostgresSinkConnector().validate(config());
    assertThat(errors(result, "connection.url")).singleElement().asString().contains("cannot connect to PostgreSQL");
  }

  @Test
  void modesAreNotSilentlyDefaulted() {
    assertThatThrownBy(() -> new PostgresSinkConfig(config("pk.mode", "kafka")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("Invalid value kafka for configuration pk.mode");
    assertThat(new PostgresSinkConfig(config("pk.mode", "RECORD_KEY")).pkMode())
        .isEqualTo(PostgresSinkConfig.PkMode.RECORD_KEY);
  }

  private static final String SCRIPT = """
      CREATE STREAM readings (device STRING KEY, temp DOUBLE) WITH (KAFKA_TOPIC='readings');
      CREATE STREAM hot AS SELECT device, temp FROM readings WHERE temp > 30;
      """;

  @Test
  void aRuleScriptThatDoesNotCompileIsReportedOnRulesWithItsPosition() {
    Config result = new PostgresSinkConnector().validate(config("rules", "CREATE STREAM hot AS SELEC device FROM x;"));
    assertThat(errors(result, "rules")).singleElement().asString().containsPattern("1:\\d+");
    assertThat(errors(result, "connection.url")).isEmpty();
  }

  @Test
  void unknownRuleNamesAndTwoScriptSourcesNameTheirKeys(@TempDir Path dir) throws Exception {
    Config unknown = new PostgresSinkConnector().validate(config("rules", SCRIPT, "rules.statement", "cold"));
    assertThat(errors(unknown, "rules.statement")).singleElement().asString().contains("no rule named cold");
    assertThat(errors(unknown, "rules")).isEmpty();

    Path file = Files.writeString(dir.resolve("rules.sql"), SCRIPT);
    Config both = new PostgresSinkConnector().validate(config("rules", SCRIPT, "rules.file", file.toString()));
    assertThat(errors(both, "rules")).singleElement().asString().contains("not both");
    assertThat(errors(both, "rules.file")).singleElement().asString().contains("not both");

    // the file is checked on its own first: one that cannot be read is the error, on its key
    Config missing = new PostgresSinkConnector().validate(config("rules", SCRIPT, "rules.file", "/nonexistent/x.sql"));
    assertThat(errors(missing, "rules.file")).singleElement().asString().contains("cannot read the rule file");

    Config nothing = new PostgresSinkConnector().validate(config("write.records", "false"));
    assertThat(errors(nothing, "write.records")).singleElement().asString().contains("would write nothing");
  }

  @Test
  void anUnreadableRuleFileIsReportedOnRulesFileEvenWhenItsPathNamesAnotherKey() {
    // the path mentions rules.statement: the key comes from the exception, not from its message text
    Config result = new PostgresSinkConnector().validate(config("rules.file", "/nonexistent/rules.statement/hot.sql"));
    assertThat(errors(result, "rules.file")).singleElement().asString().contains("cannot read the rule file");
    assertThat(errors(result, "rules.statement")).isEmpty();
  }

  @Test
  void aRuleTableNameFormatNeedsTheRulePlaceholderAndAPlainLowerCaseName() {
    assertThat(errors(new PostgresSinkConnector().validate(config("rules.table.name.format", "alerts_v2")),
        "rules.table.name.format")).singleElement().asString().contains("must contain ${rule}");
    assertThat(errors(new PostgresSinkConnector().validate(config("rules.table.name.format", "v2.${rule}")),
        "rules.table.name.format")).singleElement().asString().contains("lower-case letters, digits and '_'");
    assertThat(errors(new PostgresSinkConnector().validate(config("rules.table.name.format", "${rule}_V2")),
        "rules.table.name.format")).hasSize(1);
    assertThat(errors(new PostgresSinkConnector().validate(config("rules.table.name.format", "${rule}_v2")),
        "rules.table.name.format")).isEmpty();
    assertThat(new PostgresSinkConfig(config()).rulesTableNameFormat()).as("default: the rule's own name").isEqualTo("${rule}");
  }

  @Test
  void aValidScriptCompilesToTheChosenRules() {
    assertThat(new PostgresSinkConfig(config("rules", SCRIPT, "rules.statement", "HOT")).hostedRules())
        .extracting(io.strom.rules.CompiledRule::name).containsExactly("HOT");
  }

  private static final String JOINS = """
      CREATE STREAM logins (user_id STRING KEY, ip STRING, country STRING) WITH (KAFKA_TOPIC='logins', VALUE_FORMAT='JSON');
      CREATE TABLE users (user_id STRING PRIMARY KEY, home_country STRING, team STRING)
        WITH (KAFKA_TOPIC='users', VALUE_FORMAT='JSON');
      CREATE TABLE teams (team STRING PRIMARY KEY, lead STRING) WITH (KAFKA_TOPIC='teams', VALUE_FORMAT='JSON');
      CREATE STREAM away AS SELECT l.user_id, l.ip, u.home_country FROM logins l JOIN users u ON l.user_id = u.user_id;
      CREATE STREAM by_country AS SELECT l.country, u.home_country, l.ip FROM logins l JOIN users u ON l.country = u.user_id;
      """;

  @Test
  void aJoinRuleMustReadTopicsOfTheConnectorOnTheirKeys() {
    Config missing = new PostgresSinkConnector().validate(config("rules", JOINS, "rules.statement", "away",
        "topics", "logins"));
    assertThat(errors(missing, "rules")).singleElement().asString()
        .contains("rule AWAY joins USERS (topic 'users'), which is not an input of this connector")
        .contains("add 'users' to topics");

    Config both = new PostgresSinkConnector().validate(config("rules", JOINS, "rules.statement", "away",
        "topics", "logins, users"));
    assertThat(errors(both, "rules")).isEmpty();
    Config byRegex = new PostgresSinkConnector().validate(config("rules", JOINS, "rules.statement", "away",
        "topics.regex", "logins|users"));
    assertThat(errors(byRegex, "rules")).isEmpty();

    Config onAValue = new PostgresSinkConnector().validate(config("rules", JOINS, "rules.statement", "by_country",
        "topics", "logins,users"));
    assertThat(errors(onAValue, "rules")).singleElement().asString()
        .contains("rule BY_COUNTRY joins on a value column").contains("PARTITION BY in the SMT");

    Config sticky = new PostgresSinkConnector().validate(config("rules", JOINS, "rules.statement", "away",
        "topics", "logins,users", "consumer.override.partition.assignment.strategy",
        "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"));
    assertThat(errors(sticky, "rules")).singleElement().asString()
        .contains("consumer.override.partition.assignment.strategy").contains("RangeAssignor");
  }

  @Test
  void aRuleWithoutAJoinNeedsNoneOfItsTopics() {
    Config result = new PostgresSinkConnector().validate(config("rules", SCRIPT, "topics", "elsewhere"));
    assertThat(errors(result, "rules")).isEmpty();
  }

  @Test
  void theShippedEnrichmentRulesValidateWithTheirTopicsAsInputs() {
    String file = Path.of("..", "config", "rules", "enrichment", "enrichment.sql").toAbsolutePath().normalize().toString();
    Config result = new PostgresSinkConnector().validate(config("rules.file", file,
        "topics", "logins.by-user,users,iot.readings.by-model,iot.device-models"));
    assertThat(errors(result, "rules.file")).isEmpty();
    Config withoutModels = new PostgresSinkConnector().validate(config("rules.file", file,
        "topics", "logins.by-user,users,iot.readings.by-model"));
    assertThat(errors(withoutModels, "rules.file")).singleElement().asString()
        .contains("rule MODEL_LIMIT_ALERTS joins DEVICE_MODELS (topic 'iot.device-models')");
  }
}
