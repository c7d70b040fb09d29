package io.strom.avro;

import io.strom.connect.common.EnumValidator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;

/** The {@link AvroConverter}'s settings, spelled as Confluent's so existing configs keep working. */
public final class AvroConverterConfig extends AbstractConfig {

  public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
  public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
  public static final String USE_LATEST_VERSION_CONFIG = "use.latest.version";
  public static final String LATEST_CACHE_TTL_SEC_CONFIG = "latest.cache.ttl.sec";
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
  public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
  public static final String SSL_PREFIX = "schema.registry.";
  public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = SSL_PREFIX + SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG;
  public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = SSL_PREFIX + SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG;
  public static final String SSL_TRUSTSTORE_TYPE_CONFIG = SSL_PREFIX + SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG;
  public static final String KEY_SUBJECT_NAME_STRATEGY_CONFIG = "key.subject.name.strategy";
  public static final String VALUE_SUBJECT_NAME_STRATEGY_CONFIG = "value.subject.name.strategy";

  public static final String CREDENTIALS_SOURCE_URL = "URL";
  public static final String CREDENTIALS_SOURCE_USER_INFO = "USER_INFO";

  private static final String GROUP_REGISTRY = "Schema registry";
  private static final String GROUP_SCHEMAS = "Schemas";

  public static final ConfigDef CONFIG_DEF = new ConfigDef()
      .define(SCHEMA_REGISTRY_URL_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyList(),
          Importance.HIGH,
          "Comma-separated URLs of the schema registry (Confluent-compatible REST API). They are tried in "
              + "turn when one does not answer. User info in a URL is used when "
              + BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG + "=URL.",
          GROUP_REGISTRY, 1, Width.LONG, "Schema registry URLs")
      .define(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, Type.STRING, CREDENTIALS_SOURCE_URL,
          EnumValidator.in(CREDENTIALS_SOURCE_URL, CREDENTIALS_SOURCE_USER_INFO),
          Importance.MEDIUM,
          "Where HTTP basic auth credentials for the registry come from: URL (the user info of "
              + SCHEMA_REGISTRY_URL_CONFIG + ", none if it has none) or USER_INFO (" + BASIC_AUTH_USER_INFO_CONFIG
              + ").",
          GROUP_REGISTRY, 2, Width.SHORT, "Basic auth credentials source")
      .define(BASIC_AUTH_USER_INFO_CONFIG, Type.PASSWORD, "", Importance.MEDIUM,
          "Basic auth credentials as user:password, used when " + BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG
              + "=USER_INFO.",
          GROUP_REGISTRY, 3, Width.MEDIUM, "Basic auth user info")
      .define(SSL_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, null, Importance.MEDIUM,
          "Truststore with the certificates (or the CA) an https:// registry is trusted by; null trusts the "
              + "JDK's default CAs only.",
          GROUP_REGISTRY, 4, Width.LONG, "Registry truststore")
      .define(SSL_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
          "Password of " + SSL_TRUSTSTORE_LOCATION_CONFIG + " (use a config provider variable, e.g. ${file:...}).",
          GROUP_REGISTRY, 5, Width.MEDIUM, "Registry truststore password")
      .define(SSL_TRUSTSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", EnumValidator.in("PKCS12", "JKS", "PEM"),
          Importance.LOW, "Format of " + SSL_TRUSTSTORE_LOCATION_CONFIG + ".",
          GROUP_REGISTRY, 6, Width.SHORT, "Registry truststore type")
      .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM,
          "Whether writing registers the record's schema under its subject when it is not registered yet. "
              + "When false, the schema must already be registered (or " + USE_LATEST_VERSION_CONFIG
              + " used).",
          GROUP_SCHEMAS, 1, Width.SHORT, "Auto-register schemas")
      .define(USE_LATEST_VERSION_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM,
          "Writing (with " + AUTO_REGISTER_SCHEMAS_CONFIG + "=false): write with the subject's latest "
              + "registered schema and its id instead of looking up the record's own schema. Reading: project "
              + "every record onto the subject's latest schema (Avro schema resolution: defaults fill fields "
              + "the writer did not have), so a sink sees one schema across versions.",
          GROUP_SCHEMAS, 2, Width.SHORT, "Use latest version")
      .define(LATEST_CACHE_TTL_SEC_CONFIG, Type.LONG, -1L, Importance.LOW,
          "How long the latest version of a subject stays cached, in seconds; -1 caches it until restart.",
          GROUP_SCHEMAS, 3, Width.SHORT, "Latest version cache TTL")
      .define(KEY_SUBJECT_NAME_STRATEGY_CONFIG, Type.STRING, SubjectNameStrategy.TOPIC_NAME.confluentClassName(),
          new SubjectNameStrategy.Validator(), Importance.MEDIUM,
          "How the subject of record keys is named: TopicNameStrategy (<topic>-key), RecordNameStrategy "
              + "(the record's full name) or TopicRecordNameStrategy (<topic>-<record full name>), by Confluent's "
              + "class name or the short name.",
          GROUP_SCHEMAS, 4, Width.LONG, "Key subject name strategy")
      .define(VALUE_SUBJECT_NAME_STRATEGY_CONFIG, Type.STRING, SubjectNameStrategy.TOPIC_NAME.confluentClassName(),
          new SubjectNameStrategy.Validator(), Importance.MEDIUM,
          "How the subject of record values is named: TopicNameStrategy (<topic>-value), RecordNameStrategy "
              + "(the record's full name) or TopicRecordNameStrategy (<topic>-<record full name>), by Confluent's "
              + "class name or the short name.",
          GROUP_SCHEMAS, 5, Width.LONG, "Value subject name strategy");

  public AvroConverterConfig(Map<?, ?> originals) {
    super(CONFIG_DEF, originals);
    if (isUserInfoSource() && getPassword(BASIC_AUTH_USER_INFO_CONFIG).value().isEmpty()) {
      throw new ConfigException(BASIC_AUTH_USER_INFO_CONFIG, "",
          "must be user:password when " + BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG + "=USER_INFO");
    }
  }

  public List<String> registryUrls() {
    return getList(SCHEMA_REGISTRY_URL_CONFIG);
  }

  private boolean isUserInfoSource() {
    return CREDENTIALS_SOURCE_USER_INFO.equalsIgnoreCase(getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG));
  }

  /** The basic auth user info to send, from the configured source, or null for none. */
  public String userInfo() {
    if (isUserInfoSource()) {
      Password password = getPassword(BASIC_AUTH_USER_INFO_CONFIG);
      return password.value();
    }
    return SchemaRegistryClient.userInfoOf(registryUrls().get(0));
  }

  /**
   * The TLS context for an https:// registry: the configured truststore, loaded by Kafka's own
   * {@link DefaultSslEngineFactory} (so the keys mean what they mean for a Kafka client), or null
   * for the JDK's defaults.
   */
  public SSLContext registrySslContext() {
    String location = getString(SSL_TRUSTSTORE_LOCATION_CONFIG);
    if (location == null) {
      return null;
    }
    Map<String, Object> ssl = new HashMap<>();
    ssl.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, location);
    ssl.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, getString(SSL_TRUSTSTORE_TYPE_CONFIG));
    ssl.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, getPassword(SSL_TRUSTSTORE_PASSWORD_CONFIG));
    DefaultSslEngineFactory factory = new DefaultSslEngineFactory();
    try {
      factory.configure(new ConfigDef().withClientSslSupport().parse(ssl));
      return factory.sslContext();
    } catch (KafkaException e) {
      throw new ConfigException(SSL_TRUSTSTORE_LOCATION_CONFIG, location, "cannot load the truststore: "
          + e.getMessage());
    }
  }

  public boolean autoRegisterSchemas() {
    return getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG);
  }

  public boolean useLatestVersion() {
    return getBoolean(USE_LATEST_VERSION_CONFIG);
  }

  public long latestCacheTtlMillis() {
    long seconds = getLong(LATEST_CACHE_TTL_SEC_CONFIG);
    return seconds < 0 ? -1 : seconds * 1000;
  }

  public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
    return SubjectNameStrategy.parse(
        getString(isKey ? KEY_SUBJECT_NAME_STRATEGY_CONFIG : VALUE_SUBJECT_NAME_STRATEGY_CONFIG));
  }

  /** Rejects an empty URL list (a missing key is already rejected by NO_DEFAULT_VALUE). */
  private static final class NonEmptyList implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value instanceof List && ((List<?>) value).isEmpty()) {
        throw new ConfigException(name, value, "needs at least one URL");
      }
      if (value instanceof List) {
        for (Object url : (List<?>) value) {
          String text = String.valueOf(url);
          if (!text.startsWith("http://") && !text.startsWith("https://")) {
            throw new ConfigException(name, value, "'" + text + "' is not an http:// or https:// URL");
          }
        }
      }
    }

    @Override
    public String toString() {
      return "non-empty list of http(s) URLs";
    }
  }
}
