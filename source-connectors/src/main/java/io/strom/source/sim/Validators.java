package io.strom.source.sim;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** The single-field validators of the simulated sources, each readable in the generated docs. */
public final class Validators {

  private Validators() {}

  /** A legal Kafka topic name. */
  public static final ConfigDef.Validator TOPIC_NAME = new ConfigDef.Validator() {
    private final Pattern legal = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    @Override
    public void ensureValid(String name, Object value) {
      String topic = (String) value;
      if (topic == null || !legal.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
        throw new ConfigException(name, value, "must be a Kafka topic name: 1-249 characters of a-z A-Z 0-9 . _ -");
      }
    }

    @Override
    public String toString() {
      return "a Kafka topic name (1-249 of a-z A-Z 0-9 . _ -)";
    }
  };

  /** A number strictly above zero. */
  public static final ConfigDef.Validator POSITIVE = new ConfigDef.Validator() {
    @Override
    public void ensureValid(String name, Object value) {
      if (value == null || !(((Number) value).doubleValue() > 0)) {
        throw new ConfigException(name, value, "must be greater than 0");
      }
    }

    @Override
    public String toString() {
      return "> 0";
    }
  };

  /** Empty, or an ISO-8601 instant. */
  public static final ConfigDef.Validator INSTANT_OR_EMPTY = new ConfigDef.Validator() {
    @Override
    public void ensureValid(String name, Object value) {
      String text = value == null ? "" : ((String) value).trim();
      if (text.isEmpty()) {
        return;
      }
      try {
        Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new ConfigException(name, value, "must be empty or an ISO-8601 instant such as 2026-01-01T00:00:00Z");
      }
    }

    @Override
    public String toString() {
      return "empty, or an ISO-8601 instant such as 2026-01-01T00:00:00Z";
    }
  };
}
