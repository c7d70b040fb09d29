package io.strom.registry;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;

/**
 * TLS and HTTP basic authentication of the registry's listener, with Confluent's setting names:
 * an {@code https://} listener reads {@code ssl.keystore.location}, {@code ssl.keystore.password},
 * {@code ssl.keystore.type} (default PKCS12), {@code ssl.key.password} and the other {@code ssl.*}
 * keys Kafka's clients know, through Kafka's own {@link DefaultSslEngineFactory}, so that a
 * keystore that works for a broker works here too. {@code authentication.method=BASIC} asks every
 * request for a user of {@code authentication.users.file} (Jetty's property-file format, which
 * Confluent's registry reads through JAAS: {@code user: password[,role...]}).
 */
final class ListenerSecurity {

  static final String AUTHENTICATION_METHOD_CONFIG = "authentication.method";
  static final String AUTHENTICATION_REALM_CONFIG = "authentication.realm";
  static final String USERS_FILE_CONFIG = "authentication.users.file";
  private static final String SSL_PREFIX = "ssl.";

  private ListenerSecurity() {
  }

  /** An HTTP or HTTPS server bound to {@code listener}, not started. */
  static HttpServer bind(URI listener, Map<String, String> config) throws IOException {
    InetSocketAddress address = new InetSocketAddress(listener.getHost(), Math.max(listener.getPort(), 0));
    HttpServer server;
    if ("https".equals(listener.getScheme())) {
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(sslContext(config)));
      server = https;
    } else if ("http".equals(listener.getScheme())) {
      server = HttpServer.create(address, 0);
    } else {
      throw new ConfigException(SchemaRegistryServer.LISTENERS_CONFIG, listener.toString(),
          "must be an http:// or https:// URL");
    }
    return server;
  }

  /** The SSL context of an https listener, from the {@code ssl.*} settings. */
  static SSLContext sslContext(Map<String, String> config) {
    Map<String, Object> ssl = new HashMap<>();
    config.forEach((key, value) -> {
      if (key.startsWith(SSL_PREFIX)) {
        ssl.put(key, value);
      }
    });
    if (!ssl.containsKey(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG)) {
      throw new ConfigException(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, null, "is required for an https:// listener");
    }
    ssl.putIfAbsent(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
    DefaultSslEngineFactory factory = new DefaultSslEngineFactory();
    try {
      factory.configure(new ConfigDef().withClientSslSupport().parse(ssl));
      return factory.sslContext();
    } catch (KafkaException e) {
      throw new ConfigException(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG,
          ssl.get(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG), "cannot load the keystore: " + e.getMessage());
    }
  }

  /** The authenticator {@code authentication.method} asks for, or null for NONE (the default). */
  static BasicAuthenticator authenticator(Map<String, String> config) {
    String method = config.getOrDefault(AUTHENTICATION_METHOD_CONFIG, "NONE").trim().toUpperCase(Locale.ROOT);
    switch (method) {
      case "NONE":
        return null;
      case "BASIC":
        String file = config.get(USERS_FILE_CONFIG);
        if (file == null || file.isBlank()) {
          throw new ConfigException(USERS_FILE_CONFIG, file, "is required when " + AUTHENTICATION_METHOD_CONFIG
              + "=BASIC");
        }
        return new UsersFileAuthenticator(config.getOrDefault(AUTHENTICATION_REALM_CONFIG, "SchemaRegistry"),
            readUsers(Path.of(file)));
      default:
        throw new ConfigException(AUTHENTICATION_METHOD_CONFIG, method, "must be NONE or BASIC");
    }
  }

  /**
   * The users of a Jetty property file, {@code name: password[,role...]} per line. Roles are
   * read past: every user may use every route, as with Confluent's default
   * {@code authentication.roles=*}. Obfuscated and hashed passwords (OBF:, MD5:, CRYPT:) are
   * Jetty's own encodings and are refused rather than compared as plain text.
   */
  static Map<String, byte[]> readUsers(Path file) {
    Properties lines = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      lines.load(in);
    } catch (IOException e) {
      throw new ConfigException(USERS_FILE_CONFIG, file.toString(), "cannot read it: " + e);
    }
    Map<String, byte[]> users = new HashMap<>();
    for (String user : lines.stringPropertyNames()) {
      String password = lines.getProperty(user).split(",", 2)[0].trim();
      for (String encoding : new String[] {"OBF:", "MD5:", "CRYPT:"}) {
        if (password.startsWith(encoding)) {
          throw new ConfigException(USERS_FILE_CONFIG, file.toString(), "user '" + user + "' has an " + encoding
              + " password; Strom's registry compares plain passwords only (keep the file readable by its owner)");
        }
      }
      users.put(user, password.getBytes(StandardCharsets.UTF_8));
    }
    if (users.isEmpty()) {
      throw new ConfigException(USERS_FILE_CONFIG, file.toString(), "has no users");
    }
    return users;
  }

  private static final class UsersFileAuthenticator extends BasicAuthenticator {
    private final Map<String, byte[]> users;

    UsersFileAuthenticator(String realm, Map<String, byte[]> users) {
      super(realm, StandardCharsets.UTF_8);
      this.users = users;
    }

    @Override
    public boolean checkCredentials(String user, String password) {
      byte[] expected = users.get(user);
      // isEqual takes the same time wherever the first difference is.
      return expected != null && MessageDigest.isEqual(expected, password.getBytes(StandardCharsets.UTF_8));
    }
  }
}
