package io.strom.sink;

import io.strom.connect.common.ForeignKeys;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Keys of Debezium's and Confluent's JDBC sinks in a Strom sink config (docs/sink.md, "Migrating
 * from another JDBC sink"). Where the meaning is the same, the key is an alias: the task reads it
 * as the Strom key ({@link #translate}). Where it differs, {@code /validate} refuses it and names
 * what Strom does instead. Every other unknown key is refused too ({@link ForeignKeys}).
 */
final class SinkForeignKeys {

  /** A foreign key that means exactly what a Strom key means. */
  record Alias(String key, String stromKey, String origin) {}

  static final List<Alias> ALIASES = List.of(
      new Alias("connection.username", PostgresSinkConfig.CONNECTION_USER_CONFIG, "Debezium"),
      new Alias("connection.pool.max_size", PostgresSinkConfig.CONNECTION_POOL_SIZE_CONFIG, "Debezium"),
      new Alias("primary.key.mode", PostgresSinkConfig.PK_MODE_CONFIG, "Debezium"),
      new Alias("primary.key.fields", PostgresSinkConfig.PK_FIELDS_CONFIG, "Debezium"),
      new Alias("collection.name.format", PostgresSinkConfig.TABLE_NAME_FORMAT_CONFIG, "Debezium"));

  static final String SCHEMA_EVOLUTION = "schema.evolution";
  static final String QUOTE_IDENTIFIERS = "quote.identifiers";
  static final String QUOTE_SQL_IDENTIFIERS = "quote.sql.identifiers";
  static final String DIALECT_NAME = "dialect.name";

  /** Foreign keys whose meaning differs whatever their value, with what to use instead. */
  static final Map<String, String> REFUSED = Map.ofEntries(
      Map.entry("truncate.enabled", "Debezium's truncate.enabled has no Strom counterpart: the sink never "
          + "truncates a table; remove the key"),
      Map.entry("database.time_zone", "Debezium's database.time_zone has no Strom counterpart: Connect "
          + "timestamps are stored as timestamptz (an instant), so no zone applies; remove the key"),
      Map.entry("db.timezone", "Confluent's db.timezone has no Strom counterpart: Connect timestamps are "
          + "stored as timestamptz (an instant), so no zone applies; remove the key"),
      Map.entry("fields.whitelist", "Confluent's fields.whitelist has no Strom counterpart: pick fields with "
          + "the ReplaceField SMT (org.apache.kafka.connect.transforms.ReplaceField$Value, include=...)"),
      Map.entry("field.include.list", "Debezium's field.include.list has no Strom counterpart: pick fields "
          + "with the ReplaceField SMT (org.apache.kafka.connect.transforms.ReplaceField$Value, include=...)"),
      Map.entry("field.exclude.list", "Debezium's field.exclude.list has no Strom counterpart: drop fields "
          + "with the ReplaceField SMT (org.apache.kafka.connect.transforms.ReplaceField$Value, exclude=...)"),
      Map.entry("connection.attempts", "Confluent's connection.attempts is Strom's max.retries (which also "
          + "covers every other transient failure)"),
      Map.entry("connection.backoff.ms", "Confluent's connection.backoff.ms is Strom's retry.backoff.ms"),
      Map.entry("connection.pool.min_size", "Debezium's connection.pool.min_size has no Strom counterpart: "
          + "the pool keeps at most connection.pool.size connections; remove the key"),
      Map.entry("connection.pool.acquire_increment", "Debezium's connection.pool.acquire_increment has no "
          + "Strom counterpart; remove the key"),
      Map.entry("connection.pool.timeout", "Debezium's connection.pool.timeout has no Strom counterpart; "
          + "remove the key"),
      Map.entry("use.reduction.buffer", "Debezium's use.reduction.buffer has no Strom counterpart: with "
          + "insert.mode=upsert a batch keeps the last record per key anyway; remove the key"),
      Map.entry("table.types", "Confluent's table.types has no Strom counterpart: the sink writes tables only"));

  private SinkForeignKeys() {}

  /** The config as the Strom keys read it: aliases copied to their Strom key unless that is set. */
  static Map<String, Object> translate(Map<?, ?> props) {
    Map<String, Object> translated = new LinkedHashMap<>();
    props.forEach((k, v) -> translated.put(String.valueOf(k), v));
    for (Alias alias : ALIASES) {
      if (translated.containsKey(alias.key()) && !hasSourcePlaceholders(alias.key(), translated.get(alias.key()))) {
        translated.putIfAbsent(alias.stromKey(), translated.get(alias.key()));
      }
    }
    Object evolution = translated.get(SCHEMA_EVOLUTION);
    if (evolution != null) {
      // Debezium's basic creates missing tables and adds missing columns; none does neither.
      String flag = Boolean.toString("basic".equalsIgnoreCase(String.valueOf(evolution).trim()));
      translated.putIfAbsent(PostgresSinkConfig.AUTO_CREATE_CONFIG, flag);
      translated.putIfAbsent(PostgresSinkConfig.AUTO_EVOLVE_CONFIG, flag);
    }
    return translated;
  }

  /** Adds the errors for foreign and unknown keys to a validation result of the translated config. */
  static void flag(Config result, Map<String, String> config) {
    Map<String, ConfigValue> values = new HashMap<>();
    result.configValues().forEach(v -> values.put(v.name(), v));
    Set<String> accepted = new TreeSet<>();
    Map<String, String> refused = new HashMap<>(REFUSED);
    for (Alias alias : ALIASES) {
      String value = config.get(alias.key());
      if (value == null) {
        continue;
      }
      accepted.add(alias.key());
      String strom = config.get(alias.stromKey());
      ConfigValue own = ForeignKeys.valueOf(result, alias.key(), value);
      if (strom != null && !strom.equals(value)) {
        own.addErrorMessage(alias.origin() + "'s " + alias.key() + " is Strom's " + alias.stromKey()
            + ", which is also set, to another value; keep one");
      }
      ConfigValue target = values.get(alias.stromKey());
      if (target != null) {
        target.errorMessages().forEach(m -> own.addErrorMessage("(as Strom's " + alias.stromKey() + ") " + m));
      }
    }
    if (hasSourcePlaceholders("collection.name.format", config.get("collection.name.format"))) {
      accepted.remove("collection.name.format");
      refused.put("collection.name.format", "Debezium's collection.name.format is Strom's table.name.format, "
          + "which knows only the placeholder " + PostgresSinkConfig.TOPIC_PLACEHOLDER
          + " (no ${source.*} fields)");
    }
    acceptWhen(config, SCHEMA_EVOLUTION, Set.of("basic", "none"), accepted, refused,
        "Debezium's schema.evolution is Strom's auto.create and auto.evolve (basic: both true, none: both "
            + "false)");
    if (config.containsKey(SCHEMA_EVOLUTION)
        && (config.containsKey(PostgresSinkConfig.AUTO_CREATE_CONFIG) || config.containsKey(PostgresSinkConfig.AUTO_EVOLVE_CONFIG))) {
      accepted.remove(SCHEMA_EVOLUTION);
      refused.put(SCHEMA_EVOLUTION, "set Debezium's schema.evolution or Strom's auto.create/auto.evolve, not both");
    }
    acceptWhen(config, QUOTE_IDENTIFIERS, Set.of("true"), accepted, refused,
        "Strom always quotes table and column names (they keep their case), as Debezium's quote.identifiers=true; "
            + "remove the key or set it to true");
    acceptWhen(config, QUOTE_SQL_IDENTIFIERS, Set.of("always"), accepted, refused,
        "Strom always quotes table and column names (they keep their case), as Confluent's "
            + "quote.sql.identifiers=always; remove the key or set it to always");
    acceptWhen(config, DIALECT_NAME, Set.of("postgresqldatabasedialect", ""), accepted, refused,
        "Strom writes to PostgreSQL only: Confluent's dialect.name may only be PostgreSqlDatabaseDialect");
    if ("kafka".equalsIgnoreCase(config.get("primary.key.mode")) || "kafka".equalsIgnoreCase(config.get(PostgresSinkConfig.PK_MODE_CONFIG))) {
      String key = config.containsKey("primary.key.mode") ? "primary.key.mode" : PostgresSinkConfig.PK_MODE_CONFIG;
      ForeignKeys.valueOf(result, key, config.get(key)).addErrorMessage("pk mode kafka (topic, partition, offset "
          + "as the key) has no Strom counterpart: the sink's own offsets table already makes writes exactly once; "
          + "use none, record_key or record_value");
    }
    ForeignKeys.flag(result, config, PostgresSinkConfig.CONFIG_DEF, accepted, refused);
  }

  /** Debezium's collection.name.format may name {@code ${source.*}} fields, which Strom's format lacks. */
  private static boolean hasSourcePlaceholders(String key, Object value) {
    return "collection.name.format".equals(key) && value != null
        && value.toString().replace(PostgresSinkConfig.TOPIC_PLACEHOLDER, "").contains("${");
  }

  /** A foreign key taken as a no-op or a translation only for the values that mean what Strom does. */
  private static void acceptWhen(Map<String, String> config, String key, Set<String> values, Set<String> accepted,
      Map<String, String> refused, String message) {
    String value = config.get(key);
    if (value == null) {
      return;
    }
    if (values.contains(value.trim().toLowerCase(Locale.ROOT))) {
      accepted.add(key);
    } else {
      refused.put(key, message);
    }
  }
}
