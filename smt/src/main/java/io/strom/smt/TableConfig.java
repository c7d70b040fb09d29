package io.strom.smt;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.storage.Converter;

/**
 * How a transform hosting a stream-table join reads its tables ({@link GlobalTables}): the
 * consumer (under {@value #CONSUMER_PREFIX}) and the converters of the table topics' keys and
 * values, configured as a worker's are ({@code rules.table.key.converter} plus its
 * {@code rules.table.key.converter.*} settings), and how long the first record waits for the
 * tables to load. Required only when the rule joins.
 */
record TableConfig(Map<String, Object> consumer, Class<?> keyConverter, Map<String, Object> keyConverterConfig,
    Class<?> valueConverter, Map<String, Object> valueConverterConfig, long loadTimeoutMs) {

  static final String CONSUMER_PREFIX = "rules.table.consumer.";
  static final String BOOTSTRAP_SERVERS_CONFIG = CONSUMER_PREFIX + ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG;
  static final String KEY_CONVERTER_CONFIG = "rules.table.key.converter";
  static final String VALUE_CONVERTER_CONFIG = "rules.table.value.converter";
  static final String LOAD_TIMEOUT_CONFIG = "rules.table.load.timeout.ms";

  static final String GROUP = "Join tables";

  /** Adds the keys to {@code definition}. */
  static ConfigDef define(ConfigDef definition) {
    return definition
        .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, "", Importance.HIGH, "For a stream-table join: the Kafka"
            + " cluster of the table topics, which every task reads whole from the beginning with a consumer of its"
            + " own (no group, read_committed). Required when the rule joins. Any other consumer setting goes under"
            + " the same prefix, e.g. " + CONSUMER_PREFIX + "security.protocol.", GROUP, 1, Width.LONG,
            "Table consumer bootstrap servers")
        .define(KEY_CONVERTER_CONFIG, Type.CLASS, null, new IsConverter(), Importance.HIGH, "For a stream-table"
            + " join: the Converter of the table topics' record keys, configured as a worker's key.converter is,"
            + " with the settings under " + KEY_CONVERTER_CONFIG + ". (e.g. " + KEY_CONVERTER_CONFIG
            + ".schemas.enable). Required when the rule joins.", GROUP, 2, Width.LONG, "Table key converter")
        .define(VALUE_CONVERTER_CONFIG, Type.CLASS, null, new IsConverter(), Importance.HIGH, "For a"
            + " stream-table join: the Converter of the table topics' record values, configured as a worker's"
            + " value.converter is, with the settings under " + VALUE_CONVERTER_CONFIG + ". (e.g. "
            + VALUE_CONVERTER_CONFIG + ".schema.registry.url). Required when the rule joins.", GROUP, 3, Width.LONG,
            "Table value converter")
        .define(LOAD_TIMEOUT_CONFIG, Type.LONG, 60_000L, Range.atLeast(1), Importance.MEDIUM, "For a stream-table"
            + " join: how long the task's first record waits for the tables to be read up to the end offsets they"
            + " had when the task started; past it the task fails (naming the topic and how far it got) instead of"
            + " joining against a half-loaded table.", GROUP, 4, Width.SHORT, "Table load timeout (ms)");
  }

  /**
   * The table settings of a join rule.
   *
   * @throws ConfigException naming the first missing key
   */
  static TableConfig of(AbstractConfig config, String ruleName) {
    if (config.getList(BOOTSTRAP_SERVERS_CONFIG).isEmpty()) {
      throw missing(BOOTSTRAP_SERVERS_CONFIG, ruleName, "the Kafka cluster of its table topics");
    }
    Class<?> key = config.getClass(KEY_CONVERTER_CONFIG);
    if (key == null) {
      throw missing(KEY_CONVERTER_CONFIG, ruleName, "the converter of its table topics' keys");
    }
    Class<?> value = config.getClass(VALUE_CONVERTER_CONFIG);
    if (value == null) {
      throw missing(VALUE_CONVERTER_CONFIG, ruleName, "the converter of its table topics' values");
    }
    Map<String, Object> consumer = new HashMap<>(config.originalsWithPrefix(CONSUMER_PREFIX));
    consumer.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // a missing table topic is a mistake to report, not a topic to create empty (an INNER join would drop everything)
    consumer.putIfAbsent(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    // the tables are read whole by every task: no group, nothing committed, bytes until the converters
    consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
    consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new TableConfig(consumer, key, config.originalsWithPrefix(KEY_CONVERTER_CONFIG + "."), value,
        config.originalsWithPrefix(VALUE_CONVERTER_CONFIG + "."), config.getLong(LOAD_TIMEOUT_CONFIG));
  }

  private static ConfigException missing(String key, String ruleName, String what) {
    return new ConfigException(key, null, "rule " + ruleName + " joins tables, which the task reads from Kafka: set "
        + key + " (" + what + ")");
  }

  /** A class implementing Connect's {@link Converter}. */
  static final class IsConverter implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value instanceof Class<?> c && !Converter.class.isAssignableFrom(c)) {
        throw new ConfigException(name, c.getName(), "not a " + Converter.class.getName());
      }
    }

    @Override
    public String toString() {
      return "a class implementing " + Converter.class.getName();
    }
  }
}
