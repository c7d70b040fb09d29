package io.strom.registry;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Resolves Kafka config-provider variables in the registry's settings, as a broker or a Connect
 * worker does: with {@code config.providers=file} and
 * {@code config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider},
 * {@code ssl.keystore.password=${file:/run/secrets/registry.properties:keystore.password}} reads the
 * password from that file at start, so the settings file itself holds no secret.
 */
final class ConfigVariables {

  private ConfigVariables() {
  }

  /** The settings with every {@code ${provider:[path:]key}} variable replaced (unchanged without providers). */
  static Map<String, String> resolve(Map<String, String> settings) {
    if (!settings.containsKey(AbstractConfig.CONFIG_PROVIDERS_CONFIG)) {
      return settings;
    }
    // AbstractConfig instantiates the providers named in the settings and resolves the rest with them.
    return new AbstractConfig(new ConfigDef(), settings, false).originalsStrings();
  }
}
