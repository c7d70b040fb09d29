package io.strom.connect.common;

import org.apache.kafka.common.config.ConfigException;

/**
 * A {@link ConfigException} that keeps the key at fault, for a {@code validate()} that has to attach
 * the error to that key: Kafka's own carries the key only inside its message, and picking the key
 * out of the message text breaks when a message mentions another key.
 */
public class ConfigKeyException extends ConfigException {

  private static final long serialVersionUID = 1L;

  private final String key;

  public ConfigKeyException(String key, Object value, String message) {
    super(key, value, message);
    this.key = key;
  }

  /** The key whose value is wrong. */
  public String key() {
    return key;
  }
}
