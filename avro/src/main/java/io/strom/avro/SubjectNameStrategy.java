package io.strom.avro;

import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Confluent's three subject name strategies: which registry subject a topic's keys or values are
 * registered under. Configured by Confluent's class names (so existing configs keep working) or
 * by the short class name.
 */
public enum SubjectNameStrategy {
  /** {@code <topic>-key} / {@code <topic>-value}: one schema line per topic (Confluent's default). */
  TOPIC_NAME("TopicNameStrategy") {
    @Override
    public String subject(String topic, boolean isKey, Schema schema) {
      return topic + (isKey ? "-key" : "-value");
    }
  },
  /** The record's full name: one schema line per record type, across topics. */
  RECORD_NAME("RecordNameStrategy") {
    @Override
    public String subject(String topic, boolean isKey, Schema schema) {
      return schema.getFullName();
    }
  },
  /** {@code <topic>-<record full name>}: several record types per topic. */
  TOPIC_RECORD_NAME("TopicRecordNameStrategy") {
    @Override
    public String subject(String topic, boolean isKey, Schema schema) {
      return topic + "-" + schema.getFullName();
    }
  };

  static final String CONFLUENT_PACKAGE = "io.confluent.kafka.serializers.subject.";

  private final String simpleName;

  SubjectNameStrategy(String simpleName) {
    this.simpleName = simpleName;
  }

  public abstract String subject(String topic, boolean isKey, Schema schema);

  /** Confluent's class name of this strategy. */
  public String confluentClassName() {
    return CONFLUENT_PACKAGE + simpleName;
  }

  /**
   * Accepts Confluent's class names (also from the older {@code ...subject.strategy} package) and
   * the short names; anything else is rejected rather than silently replaced by a default.
   */
  public static SubjectNameStrategy parse(String name) {
    String trimmed = name.trim();
    String simple = trimmed.substring(trimmed.lastIndexOf('.') + 1);
    boolean knownPackage = trimmed.equals(simple)
        || trimmed.equals(CONFLUENT_PACKAGE + simple)
        || trimmed.equals(CONFLUENT_PACKAGE + "strategy." + simple);
    for (SubjectNameStrategy strategy : values()) {
      if (knownPackage && strategy.simpleName.toLowerCase(Locale.ROOT).equals(simple.toLowerCase(Locale.ROOT))) {
        return strategy;
      }
    }
    throw new IllegalArgumentException("unknown subject name strategy '" + name + "'");
  }

  /** Validates a strategy config value; its {@code toString()} lists what is accepted (for docs). */
  static final class Validator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      try {
        parse(String.valueOf(value));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name, value, "must be one of " + this);
      }
    }

    @Override
    public String toString() {
      StringBuilder accepted = new StringBuilder();
      for (SubjectNameStrategy strategy : values()) {
        accepted.append(accepted.length() == 0 ? "" : ", ").append(strategy.simpleName)
            .append(" (").append(strategy.confluentClassName()).append(')');
      }
      return accepted.toString();
    }
  }
}
