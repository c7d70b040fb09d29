package io.strom.sink;

import io.strom.connect.common.EnumValidator;
import io.strom.connect.rules.RuleConfigKeys;
import io.strom.rules.CompiledRule;
import io.strom.sink.rules.HostedRules;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * The one configuration definition of the PostgreSQL sink: the connector validates against it and
 * the task parses it again. {@code docs/sink.md} is generated from {@link #CONFIG_DEF}.
 */
public final class PostgresSinkConfig extends AbstractConfig {

  public enum InsertMode { INSERT, UPSERT }

  public enum PkMode { NONE, RECORD_KEY, RECORD_VALUE }

  private static final String CONNECTION_GROUP = "Connection";
  private static final String WRITES_GROUP = "Writes";
  private static final String DDL_GROUP = "Table creation and evolution";
  private static final String EXACTLY_ONCE_GROUP = "Exactly once";
  private static final String RETRIES_GROUP = "Retries";
  private static final String RULES_GROUP = "Hosted rules";

  public static final String CONNECTION_URL_CONFIG = "connection.url";
  public static final String CONNECTION_USER_CONFIG = "connection.user";
  public static final String CONNECTION_PASSWORD_CONFIG = "connection.password";
  public static final String CONNECTION_POOL_SIZE_CONFIG = "connection.pool.size";
  public static final String CONNECTION_LOCK_TIMEOUT_MS_CONFIG = "connection.lock.timeout.ms";
  public static final String CONNECTION_STATEMENT_TIMEOUT_MS_CONFIG = "connection.statement.timeout.ms";
  public static final String CONNECTION_SOCKET_TIMEOUT_MS_CONFIG = "connection.socket.timeout.ms";
  public static final String TABLE_NAME_FORMAT_CONFIG = "table.name.format";
  public static final String INSERT_MODE_CONFIG = "insert.mode";
  public static final String PK_MODE_CONFIG = "pk.mode";
  public static final String PK_FIELDS_CONFIG = "pk.fields";
  public static final String DELETE_ENABLED_CONFIG = "delete.enabled";
  public static final String BATCH_SIZE_CONFIG = "batch.size";
  public static final String FLUSH_MAX_MS_CONFIG = "flush.max.ms";
  public static final String AUTO_CREATE_CONFIG = "auto.create";
  public static final String AUTO_EVOLVE_CONFIG = "auto.evolve";
  public static final String OFFSETS_TABLE_CONFIG = "offsets.table.name";
  public static final String MAX_RETRIES_CONFIG = "max.retries";
  public static final String RETRY_BACKOFF_MS_CONFIG = "retry.backoff.ms";
  public static final String WRITE_RECORDS_CONFIG = "write.records";
  public static final String RULES_CONFIG = RuleConfigKeys.RULES_CONFIG;
  public static final String RULES_FILE_CONFIG = RuleConfigKeys.RULES_FILE_CONFIG;
  public static final String RULES_STATEMENT_CONFIG = RuleConfigKeys.RULES_STATEMENT_CONFIG;
  public static final String RULES_STATE_TABLE_CONFIG = "rules.state.table.name";
  public static final String RULES_IDLE_TIMEOUT_MS_CONFIG = "rules.idle.timeout.ms";
  public static final String RULES_TABLE_NAME_FORMAT_CONFIG = "rules.table.name.format";
  public static final String LATE_RECORDS_TABLE_CONFIG = "late.records.table";

  /** The placeholder in {@link #TABLE_NAME_FORMAT_CONFIG} replaced by the record's topic. */
  public static final String TOPIC_PLACEHOLDER = "${topic}";

  /** The placeholder in {@link #RULES_TABLE_NAME_FORMAT_CONFIG} replaced by the rule's name, lower case. */
  public static final String RULE_PLACEHOLDER = "${rule}";

  public static final ConfigDef CONFIG_DEF = configDef();

  private static ConfigDef configDef() {
    ConfigDef definition = new ConfigDef()
      .define(CONNECTION_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new JdbcUrlValidator(),
          Importance.HIGH,
          "JDBC URL of the PostgreSQL database, e.g. jdbc:postgresql://db:5432/strom. Driver options "
              + "may be appended as URL parameters.",
          CONNECTION_GROUP, 1, Width.LONG, "JDBC URL")
      .define(CONNECTION_USER_CONFIG, Type.STRING, null, Importance.HIGH,
          "Database user; empty to take it from the URL.",
          CONNECTION_GROUP, 2, Width.MEDIUM, "User")
      .define(CONNECTION_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.HIGH,
          "Database password; works with ConfigProviders (e.g. ${file:/secrets:pg.password}) and is "
              + "never logged.",
          CONNECTION_GROUP, 3, Width.MEDIUM, "Password")
      .define(CONNECTION_POOL_SIZE_CONFIG, Type.INT, 2, ConfigDef.Range.between(1, 50), Importance.LOW,
          "Most connections each task keeps in its HikariCP pool. A task writes through one "
              + "connection at a time; the second serves the offset lookups of a rebalance.",
          CONNECTION_GROUP, 4, Width.SHORT, "Pool size")
      .define(CONNECTION_LOCK_TIMEOUT_MS_CONFIG, Type.LONG, 30_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
          "PostgreSQL lock_timeout of the task's sessions, in milliseconds: a statement waiting longer for a "
              + "lock (e.g. rows held by a hung former owner of a partition, or a table locked by someone "
              + "else) fails, and the flush is retried as a transient failure (SQLState 55P03).",
          CONNECTION_GROUP, 5, Width.SHORT, "Lock timeout (ms)")
      .define(CONNECTION_STATEMENT_TIMEOUT_MS_CONFIG, Type.LONG, 300_000L, ConfigDef.Range.atLeast(1),
          Importance.LOW,
          "PostgreSQL statement_timeout of the task's sessions, in milliseconds: a statement running longer "
              + "is canceled, and the flush is retried as a transient failure (SQLState 57014). Keep it above "
              + "the time one COPY of " + BATCH_SIZE_CONFIG + " records takes.",
          CONNECTION_GROUP, 6, Width.SHORT, "Statement timeout (ms)")
      .define(CONNECTION_SOCKET_TIMEOUT_MS_CONFIG, Type.LONG, 360_000L, ConfigDef.Range.atLeast(1000),
          Importance.LOW,
          "How long, in milliseconds, the driver waits on a silent connection (pgjdbc socketTimeout, in whole "
              + "seconds, rounded up) before it drops it and the flush is retried. Keep it above "
              + CONNECTION_STATEMENT_TIMEOUT_MS_CONFIG + ", so the server cancels a slow statement first.",
          CONNECTION_GROUP, 7, Width.SHORT, "Socket timeout (ms)")
      .define(TABLE_NAME_FORMAT_CONFIG, Type.STRING, TOPIC_PLACEHOLDER, new TableNameFormatValidator(),
          Importance.MEDIUM,
          "Target table for a record; " + TOPIC_PLACEHOLDER + " is replaced by the topic name with every "
              + "character other than letters, digits and '_' turned into '_'. A dot in the format "
              + "itself separates a schema from the table, e.g. analytics." + TOPIC_PLACEHOLDER
              + ". Names are quoted, so their case is kept.",
          WRITES_GROUP, 1, Width.LONG, "Table name format")
      .define(INSERT_MODE_CONFIG, Type.STRING, "insert", EnumValidator.of(InsertMode.class), Importance.HIGH,
          "insert: append every record with COPY. upsert: COPY into a staging table, then INSERT ... "
              + "ON CONFLICT (primary key) DO UPDATE, so a later record with the same key replaces the row; "
              + "needs " + PK_MODE_CONFIG + " other than none.",
          WRITES_GROUP, 2, Width.SHORT, "Insert mode")
      .define(PK_MODE_CONFIG, Type.STRING, "none", EnumValidator.of(PkMode.class), Importance.HIGH,
          "Where the primary key columns come from. none: no key. record_key: the record key (a "
              + "primitive key becomes one column named by " + PK_FIELDS_CONFIG + ", default "
              + "__connect_key; a struct key gives its fields, or those listed in " + PK_FIELDS_CONFIG
              + "). record_value: the value fields listed in " + PK_FIELDS_CONFIG + ".",
          WRITES_GROUP, 3, Width.SHORT, "Primary key mode")
      .define(PK_FIELDS_CONFIG, Type.LIST, "", Importance.MEDIUM,
          "Primary key column names, in key order; see " + PK_MODE_CONFIG + ".",
          WRITES_GROUP, 4, Width.LONG, "Primary key fields")
      .define(DELETE_ENABLED_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM,
          "Whether a tombstone (a record with a key and a null value) deletes the row with that key. "
              + "Needs " + PK_MODE_CONFIG + "=record_key. When false, tombstones are skipped.",
          WRITES_GROUP, 5, Width.SHORT, "Delete on tombstone")
      .define(BATCH_SIZE_CONFIG, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
          "Records buffered before the task writes them in one transaction (together with their "
              + "offsets). A poll that returns nothing (idle input) and the framework's offset commit also "
              + "flush whatever is buffered.",
          WRITES_GROUP, 6, Width.SHORT, "Batch size")
      .define(FLUSH_MAX_MS_CONFIG, Type.LONG, 500L, ConfigDef.Range.atLeast(-1), Importance.MEDIUM,
          "How long a record may stay buffered, in milliseconds: a put() that finds the oldest "
              + "buffered record this old flushes (rows and offsets in one transaction, as always), so "
              + "rows reach PostgreSQL within about this time plus one poll even under steady input that "
              + "never fills " + BATCH_SIZE_CONFIG + ". Lower means fresher rows and more, smaller "
              + "transactions (and, with hosted rules, more state snapshots). -1: flush only on "
              + BATCH_SIZE_CONFIG + ", on an empty poll and at the framework's offset commit "
              + "(offset.flush.interval.ms).",
          WRITES_GROUP, 7, Width.SHORT, "Flush max age (ms)")
      .define(AUTO_CREATE_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM,
          "Create a missing target table from the record schema (CREATE TABLE with the primary key "
              + "of " + PK_MODE_CONFIG + ").",
          DDL_GROUP, 1, Width.SHORT, "Auto create")
      .define(AUTO_EVOLVE_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM,
          "Add a nullable column for each record field the target table lacks (ALTER TABLE ... ADD "
              + "COLUMN). When false, such a record fails the task.",
          DDL_GROUP, 2, Width.SHORT, "Auto evolve")
      .define(OFFSETS_TABLE_CONFIG, Type.STRING, "strom_sink_offsets", new ConfigDef.NonEmptyString(),
          Importance.LOW,
          "Table, owned by the connector, holding the next offset to write for each connector, topic "
              + "and partition. It is updated in the same transaction as the rows: it, not Kafka's "
              + "consumer group, is where the task resumes.",
          EXACTLY_ONCE_GROUP, 1, Width.MEDIUM, "Offsets table")
      .define(MAX_RETRIES_CONFIG, Type.INT, 10, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
          "How many times in a row a write that failed for a transient reason (connection lost, "
              + "serialization failure, server starting or shutting down, lock or statement timeout: SQLState "
              + "classes 08, 40, 53, 57P and the states 55P03, 57014) is retried before the task fails. Nothing is lost either way.",
          RETRIES_GROUP, 1, Width.SHORT, "Max retries")
      .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, 3000L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
          "Wait in milliseconds before retrying a transient failure.",
          RETRIES_GROUP, 2, Width.SHORT, "Retry backoff (ms)");

    // the keys that give the sink its rules, as every host of rules defines them
    RuleConfigKeys.define(definition, RULES_GROUP, Importance.MEDIUM,
        "A rule script evaluated inside the sink: CREATE STREAM|TABLE declarations of the source topics and "
            + "CREATE STREAM|TABLE ... AS SELECT rules (ksqlDB syntax, see docs/rules.md). Each rule runs "
            + "per partition of its source topic; a join rule per partition number of its sources, which must "
            + "be topics of this connector, co-partitioned and joined on their keys (see docs/sink.md); its outputs go to the table named after the rule (lower "
            + "case), upserted by key for a CREATE TABLE rule, appended for a CREATE STREAM rule. Rule "
            + "state is stored in the flush transaction, so outputs are exactly once too.",
        RuleConfigKeys.Statements.ANY);
    return definition
      .define(RULES_STATE_TABLE_CONFIG, Type.STRING, "strom_sink_rule_state", new ConfigDef.NonEmptyString(),
          Importance.LOW,
          "Table, owned by the connector, holding each stateful rule's snapshot per connector, rule, "
              + "topic and partition; written in the same transaction as the rows and offsets.",
          RULES_GROUP, 4, Width.MEDIUM, "Rule state table")
      .define(RULES_IDLE_TIMEOUT_MS_CONFIG, Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.LOW,
          "For EMIT FINAL windows: when a partition's input has been idle this long, its stream time "
              + "follows the wall clock, so windows close without new records. 0 closes windows only as "
              + "records move stream time (deterministic on replay). Either way the closing and its "
              + "output commit in one transaction, so they happen once.",
          RULES_GROUP, 5, Width.SHORT, "Idle timeout (ms)")
      .define(WRITE_RECORDS_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM,
          "Write the records themselves to their tables (" + TABLE_NAME_FORMAT_CONFIG + "). Set false "
              + "to store only the outputs of hosted rules.",
          RULES_GROUP, 6, Width.SHORT, "Write records")
      .define(RULES_TABLE_NAME_FORMAT_CONFIG, Type.STRING, RULE_PLACEHOLDER, new RuleTableNameFormatValidator(),
          Importance.LOW,
          "Table for a hosted rule's outputs; " + RULE_PLACEHOLDER + " is replaced by the rule's name, lower "
              + "case. Another format puts a new rule version's outputs into a table set of its own, e.g. "
              + RULE_PLACEHOLDER + "_v2 for a replay (see docs/replay.md).",
          RULES_GROUP, 7, Width.MEDIUM, "Rule table name format")
      .define(LATE_RECORDS_TABLE_CONFIG, Type.STRING, "strom_late_records", new LateRecordsTableValidator(),
          Importance.LOW,
          "Table that records too late for a hosted rule are written to, one row per rule and missed window: "
              + "rule, record_key, window_start, window_end (null for a pattern rule), event_time, late_by_ms, "
              + "topic, kafka_partition, kafka_offset. Written in the same transaction as the rows and offsets, "
              + "so exactly once; created like the other tables (auto.create). Empty only counts them "
              + "(late-records-total).",
          RULES_GROUP, 8, Width.MEDIUM, "Late records table");
  }

  private final InsertMode insertMode;
  private final PkMode pkMode;

  /** Reads Debezium's and Confluent's spellings of the same settings too (see SinkForeignKeys). */
  public PostgresSinkConfig(Map<?, ?> props) {
    super(CONFIG_DEF, SinkForeignKeys.translate(props));
    insertMode = EnumValidator.parse(InsertMode.class, getString(INSERT_MODE_CONFIG));
    pkMode = EnumValidator.parse(PkMode.class, getString(PK_MODE_CONFIG));
  }

  public String url() {
    return getString(CONNECTION_URL_CONFIG);
  }

  public String user() {
    return getString(CONNECTION_USER_CONFIG);
  }

  /** The password in clear, for the driver only. */
  public String password() {
    Password password = getPassword(CONNECTION_PASSWORD_CONFIG);
    return password == null ? null : password.value();
  }

  public int poolSize() {
    return getInt(CONNECTION_POOL_SIZE_CONFIG);
  }

  public long lockTimeoutMs() {
    return getLong(CONNECTION_LOCK_TIMEOUT_MS_CONFIG);
  }

  public long statementTimeoutMs() {
    return getLong(CONNECTION_STATEMENT_TIMEOUT_MS_CONFIG);
  }

  public long socketTimeoutMs() {
    return getLong(CONNECTION_SOCKET_TIMEOUT_MS_CONFIG);
  }

  public String tableNameFormat() {
    return getString(TABLE_NAME_FORMAT_CONFIG);
  }

  public InsertMode insertMode() {
    return insertMode;
  }

  public PkMode pkMode() {
    return pkMode;
  }

  public List<String> pkFields() {
    return getList(PK_FIELDS_CONFIG);
  }

  public boolean deleteEnabled() {
    return getBoolean(DELETE_ENABLED_CONFIG);
  }

  public int batchSize() {
    return getInt(BATCH_SIZE_CONFIG);
  }

  public long flushMaxMs() {
    return getLong(FLUSH_MAX_MS_CONFIG);
  }

  public boolean autoCreate() {
    return getBoolean(AUTO_CREATE_CONFIG);
  }

  public boolean autoEvolve() {
    return getBoolean(AUTO_EVOLVE_CONFIG);
  }

  public String offsetsTable() {
    return getString(OFFSETS_TABLE_CONFIG);
  }

  public int maxRetries() {
    return getInt(MAX_RETRIES_CONFIG);
  }

  public long retryBackoffMs() {
    return getLong(RETRY_BACKOFF_MS_CONFIG);
  }

  public boolean writeRecords() {
    return getBoolean(WRITE_RECORDS_CONFIG);
  }

  /** The hosted rules chosen by the config (none when no script is set). */
  public List<CompiledRule> hostedRules() {
    Map<String, String> connector = originalsStrings();
    return HostedRules.compile(getString(RULES_CONFIG), getString(RULES_FILE_CONFIG), getList(RULES_STATEMENT_CONFIG),
        connector.get(SinkTask.TOPICS_CONFIG), connector.get(SinkTask.TOPICS_REGEX_CONFIG),
        connector.get(HostedRules.ASSIGNOR_OVERRIDE));
  }

  public long rulesIdleTimeoutMs() {
    return getLong(RULES_IDLE_TIMEOUT_MS_CONFIG);
  }

  public String rulesTableNameFormat() {
    return getString(RULES_TABLE_NAME_FORMAT_CONFIG);
  }

  /** The late records table, or empty when late records are only counted. */
  public String lateRecordsTable() {
    return getString(LATE_RECORDS_TABLE_CONFIG).trim();
  }

  public String rulesStateTable() {
    return getString(RULES_STATE_TABLE_CONFIG);
  }

  /** A {@code jdbc:postgresql:} URL. */
  static final class JdbcUrlValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value == null || !((String) value).startsWith("jdbc:postgresql:")) {
        throw new ConfigException(name, value,
            "must be a PostgreSQL JDBC URL starting with jdbc:postgresql:");
      }
    }

    @Override
    public String toString() {
      return "a jdbc:postgresql: URL";
    }
  }

  /** A non-empty name format with at most one schema separator. */
  static final class TableNameFormatValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String format = (String) value;
      if (format == null || format.isBlank()) {
        throw new ConfigException(name, value, "must not be empty");
      }
      String[] parts = format.split("\\.", -1);
      if (parts.length > 2 || parts[0].isEmpty() || parts[parts.length - 1].isEmpty()) {
        throw new ConfigException(name, value,
            "must be TABLE or SCHEMA.TABLE (dots in the topic are replaced, not in the format)");
      }
    }

    @Override
    public String toString() {
      return "TABLE or SCHEMA.TABLE, may contain " + TOPIC_PLACEHOLDER;
    }
  }

  /**
   * A table name (no schema) containing {@link #RULE_PLACEHOLDER}, so that each rule keeps a table
   * of its own; the rest lower-case letters, digits and '_', so that the name, like the rule's own
   * lower-case name, can be queried unquoted.
   */
  static final class RuleTableNameFormatValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String format = (String) value;
      if (format == null || !format.contains(RULE_PLACEHOLDER)) {
        throw new ConfigException(name, value, "must contain " + RULE_PLACEHOLDER + ", so each rule has its own table");
      }
      if (!format.replace(RULE_PLACEHOLDER, "").matches("[a-z0-9_]*")) {
        throw new ConfigException(name, value,
            "may hold only " + RULE_PLACEHOLDER + ", lower-case letters, digits and '_'");
      }
    }

    @Override
    public String toString() {
      return "a table name containing " + RULE_PLACEHOLDER + ", otherwise lower-case letters, digits and '_'";
    }
  }

  /** Empty, or a table name of lower-case letters, digits and '_' (queryable unquoted, like the rule tables). */
  static final class LateRecordsTableValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String table = value == null ? "" : ((String) value).trim();
      if (!table.isEmpty() && !table.matches("[a-z_][a-z0-9_]*")) {
        throw new ConfigException(name, value, "must be empty or a table name of lower-case letters, digits and '_'");
      }
    }

    @Override
    public String toString() {
      return "empty, or a table name of lower-case letters, digits and '_'";
    }
  }
}
