package io.strom.connect.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version every Strom plugin reports from {@code version()}: the Maven project version,
 * filtered into a resource at build time (as Kafka's own plugins do with {@code AppInfoParser}).
 */
public final class PluginVersion {

  private static final String VERSION = load();

  private PluginVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = PluginVersion.class.getResourceAsStream("strom-version.properties")) {
      if (in == null) {
        throw new IllegalStateException("strom-version.properties is missing from the Strom jar");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read strom-version.properties", e);
    }
  }
}
