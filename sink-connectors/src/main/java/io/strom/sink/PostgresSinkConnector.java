package io.strom.sink;

import io.strom.connect.common.ConfigKeyException;
import io.strom.connect.common.PluginVersion;
import io.strom.sink.rules.HostedRules;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * PostgreSQL sink: writes records (and the outputs of rules hosted in the sink) to tables with
 * COPY, exactly once — rows and consumer offsets commit in one transaction per flush.
 */
public class PostgresSinkConnector extends SinkConnector {

  private Map<String, String> props;

  @Override
  public String version() {
    return PluginVersion.get();
  }

  @Override
  public void start(Map<String, String> props) {
    new PostgresSinkConfig(props); // fail fast on a bad config
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return PostgresSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return Collections.nCopies(maxTasks, props);
  }

  @Override
  public void stop() {
    // nothing held: tasks own their connections
  }

  @Override
  public ConfigDef config() {
    return PostgresSinkConfig.CONFIG_DEF;
  }

  /**
   * Single-field checks come from the ConfigDef; here the cross-field rules, each message attached
   * to every field involved, and — only when all fields are clean — a test connection whose
   * failure is attached to {@code connection.url}. Keys of other JDBC sinks are read as their Strom
   * spelling where they mean the same, and refused where they do not, like every unknown key.
   */
  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Map<String, String> translated = new HashMap<>();
    SinkForeignKeys.translate(connectorConfigs).forEach((key, value) -> translated.put(key, value == null ? null : value.toString()));
    Config config = super.validate(translated);
    SinkForeignKeys.flag(config, connectorConfigs);
    Map<String, ConfigValue> values = config.configValues().stream()
        .collect(Collectors.toMap(ConfigValue::name, Function.identity()));
    if (values.values().stream().anyMatch(v -> !v.errorMessages().isEmpty())) {
      return config;
    }
    String insertMode = lower(values.get(PostgresSinkConfig.INSERT_MODE_CONFIG).value());
    String pkMode = lower(values.get(PostgresSinkConfig.PK_MODE_CONFIG).value());
    @SuppressWarnings("unchecked")
    List<String> pkFields = (List<String>) values.get(PostgresSinkConfig.PK_FIELDS_CONFIG).value();
    boolean deleteEnabled = Boolean.TRUE.equals(values.get(PostgresSinkConfig.DELETE_ENABLED_CONFIG).value());

    if ("upsert".equals(insertMode) && "none".equals(pkMode)) {
      attach(values, "insert.mode=upsert needs a primary key: set pk.mode to record_key or record_value",
          PostgresSinkConfig.INSERT_MODE_CONFIG, PostgresSinkConfig.PK_MODE_CONFIG);
    }
    if ("record_value".equals(pkMode) && (pkFields == null || pkFields.isEmpty())) {
      attach(values, "pk.mode=record_value needs pk.fields to name the value fields of the primary key",
          PostgresSinkConfig.PK_MODE_CONFIG, PostgresSinkConfig.PK_FIELDS_CONFIG);
    }
    if ("none".equals(pkMode) && pkFields != null && !pkFields.isEmpty()) {
      attach(values, "pk.fields is set but pk.mode=none uses no primary key",
          PostgresSinkConfig.PK_MODE_CONFIG, PostgresSinkConfig.PK_FIELDS_CONFIG);
    }
    if (deleteEnabled && !"record_key".equals(pkMode)) {
      attach(values, "delete.enabled=true deletes by the record key: set pk.mode=record_key",
          PostgresSinkConfig.DELETE_ENABLED_CONFIG, PostgresSinkConfig.PK_MODE_CONFIG);
    }
    checkRules(values, connectorConfigs);
    if (values.values().stream().allMatch(v -> v.errorMessages().isEmpty())) {
      checkConnection(values);
    }
    return config;
  }

  /**
   * The script must compile and name only rules it has, and its join rules must read topics of this
   * connector, on their keys; the error goes on the key the script came from.
   */
  private static void checkRules(Map<String, ConfigValue> values, Map<String, String> connectorConfigs) {
    String rules = (String) values.get(PostgresSinkConfig.RULES_CONFIG).value();
    String file = (String) values.get(PostgresSinkConfig.RULES_FILE_CONFIG).value();
    @SuppressWarnings("unchecked")
    List<String> statements = (List<String>) values.get(PostgresSinkConfig.RULES_STATEMENT_CONFIG).value();
    Boolean writeRecords = (Boolean) values.get(PostgresSinkConfig.WRITE_RECORDS_CONFIG).value();
    if (rules != null && file != null) {
      attach(values, "set rules or rules.file, not both",
          PostgresSinkConfig.RULES_CONFIG, PostgresSinkConfig.RULES_FILE_CONFIG);
      return;
    }
    if (rules == null && file == null) {
      if (statements != null && !statements.isEmpty()) {
        attach(values, "rules.statement names rules, but neither rules nor rules.file is set",
            PostgresSinkConfig.RULES_STATEMENT_CONFIG);
      }
      if (Boolean.FALSE.equals(writeRecords)) {
        attach(values, "write.records=false with no hosted rules would write nothing",
            PostgresSinkConfig.WRITE_RECORDS_CONFIG, PostgresSinkConfig.RULES_CONFIG);
      }
      return;
    }
    try {
      HostedRules.compile(rules, file, statements == null ? List.of() : statements,
          connectorConfigs.get(SinkConnector.TOPICS_CONFIG), connectorConfigs.get(SinkTask.TOPICS_REGEX_CONFIG),
          connectorConfigs.get(HostedRules.ASSIGNOR_OVERRIDE));
    } catch (ConfigKeyException e) {
      values.get(e.key()).addErrorMessage(e.getMessage());
    }
  }

  private static void checkConnection(Map<String, ConfigValue> values) {
    String url = (String) values.get(PostgresSinkConfig.CONNECTION_URL_CONFIG).value();
    Properties properties = new Properties();
    Object user = values.get(PostgresSinkConfig.CONNECTION_USER_CONFIG).value();
    Object password = values.get(PostgresSinkConfig.CONNECTION_PASSWORD_CONFIG).value();
    if (user != null) {
      properties.setProperty("user", (String) user);
    }
    if (password != null) {
      properties.setProperty("password", ((Password) password).value());
    }
    properties.setProperty("connectTimeout", "10");
    try (Connection connection = new org.postgresql.Driver().connect(url, properties);
         Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
    } catch (SQLException e) {
      values.get(PostgresSinkConfig.CONNECTION_URL_CONFIG)
          .addErrorMessage("cannot connect to PostgreSQL: " + e.getMessage());
    }
  }

  private static void attach(Map<String, ConfigValue> values, String message, String... fields) {
    for (String field : fields) {
      values.get(field).addErrorMessage(message);
    }
  }

  private static String lower(Object value) {
    return value == null ? null : value.toString().toLowerCase(Locale.ROOT);
  }
}
