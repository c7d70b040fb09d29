package io.strom.platform.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code ./strom demo --secure}: what the servers need to run secured, generated at start into one
 * owner-only folder: a CA and the server certificate, a SCRAM-SHA-512 password per Kafka principal,
 * the Connect REST users, and the files through which every secret reaches a server by a
 * ConfigProvider placeholder, never by value. Each server's class asks it for the properties and
 * JVM options to add; without a profile they run exactly as before. The registry listens on
 * https with HTTP basic auth; the converters trust the CA and authenticate as
 * {@value #REGISTRY_CONVERTER_USER}.
 *
 * <p>The broker: clients and the inter-broker traffic on a SASL_SSL listener (SCRAM-SHA-512 over
 * TLS; the broker authenticates to itself as the super user {@value #ADMIN}); the KRaft controller
 * listener on mutual TLS, the broker presenting the server certificate ({@code User:CN=strom-broker},
 * a super user). SCRAM cannot guard the controller listener: its credentials live in the metadata
 * log that the controller serves.
 */
public final class SecurityProfile {

  public static final String MECHANISM = "SCRAM-SHA-512";
  /** The broker's super user: inter-broker traffic and the demo's own admin client. */
  public static final String ADMIN = "admin";
  /** The Connect REST API's user. */
  public static final String REST_USER = "admin";
  static final String TLS_FILE = "tls.properties";
  static final String REST_USERS_FILE = "rest-users.properties";
  static final String REST_JAAS_FILE = "connect-rest.jaas";
  static final String REGISTRY_USERS_FILE = "registry-users.properties";
  /** {@code user:password} of the registry user the converters authenticate as. */
  static final String REGISTRY_USER_INFO_FILE = "registry-user-info";
  /** The registry's users: the converters' and the operators' (the demo's readiness check). */
  public static final String REGISTRY_CONVERTER_USER = "connect";
  public static final String REGISTRY_ADMIN_USER = "admin";
  static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule";
  static final String REST_EXTENSION = "org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension";
  static final String REST_LOGIN = "org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule";

  private final Path dir;
  private final Certificates.Files tls;
  private final String storePassword;
  private final Map<String, String> kafkaPasswords;
  private final String restPassword;
  private final Map<String, String> registryPasswords;

  private SecurityProfile(Path dir, Certificates.Files tls, String storePassword, Map<String, String> kafkaPasswords,
                          String restPassword, Map<String, String> registryPasswords) {
    this.dir = dir;
    this.tls = tls;
    this.storePassword = storePassword;
    this.kafkaPasswords = kafkaPasswords;
    this.restPassword = restPassword;
    this.registryPasswords = registryPasswords;
  }

  /**
   * Generates everything in {@code dir} (created with mode 700): certificates, and a password and
   * a JAAS file for {@value #ADMIN} and each of {@code kafkaUsers}.
   */
  public static SecurityProfile create(Path dir, Collection<String> kafkaUsers) {
    SecretFiles.directory(dir);
    String storePassword = SecretFiles.password();
    Certificates.Files tls = Certificates.generate(dir, storePassword);
    SecretFiles.write(dir.resolve(TLS_FILE), "keystore.password=" + storePassword + "\n"
        + "truststore.password=" + storePassword + "\n");
    Set<String> users = new LinkedHashSet<>();
    users.add(ADMIN);
    users.addAll(kafkaUsers);
    Map<String, String> passwords = new LinkedHashMap<>();
    for (String user : users) {
      String password = SecretFiles.password();
      passwords.put(user, password);
      SecretFiles.write(dir.resolve(jaasFile(user)), jaas(user, password));
    }
    String restPassword = SecretFiles.password();
    SecretFiles.write(dir.resolve(REST_USERS_FILE), REST_USER + "=" + restPassword + "\n");
    SecretFiles.write(dir.resolve(REST_JAAS_FILE), "KafkaConnect {\n  " + REST_LOGIN + " required\n  file=\""
        + dir.resolve(REST_USERS_FILE) + "\";\n};\n");
    Map<String, String> registryPasswords = new LinkedHashMap<>();
    StringBuilder registryUsers = new StringBuilder();
    for (String user : List.of(REGISTRY_ADMIN_USER, REGISTRY_CONVERTER_USER)) {
      registryPasswords.put(user, SecretFiles.password());
      registryUsers.append(user).append(": ").append(registryPasswords.get(user)).append('\n');
    }
    SecretFiles.write(dir.resolve(REGISTRY_USERS_FILE), registryUsers.toString());
    SecretFiles.write(dir.resolve(REGISTRY_USER_INFO_FILE),
        REGISTRY_CONVERTER_USER + ":" + registryPasswords.get(REGISTRY_CONVERTER_USER));
    return new SecurityProfile(dir, tls, storePassword, passwords, restPassword, registryPasswords);
  }

  /** The folder holding every secret. */
  public Path dir() {
    return dir;
  }

  public Certificates.Files tls() {
    return tls;
  }

  /** The Kafka principals with a SCRAM password, {@value #ADMIN} first. */
  public Set<String> kafkaUsers() {
    return kafkaPasswords.keySet();
  }

  /** {@code user}'s SCRAM password (for the demo's own clients and for creating the credentials). */
  public String password(String user) {
    String password = kafkaPasswords.get(user);
    if (password == null) {
      throw new IllegalArgumentException("no Kafka principal " + user);
    }
    return password;
  }

  public String restPassword() {
    return restPassword;
  }

  /** The registry user's password ({@value #REGISTRY_ADMIN_USER} or {@value #REGISTRY_CONVERTER_USER}). */
  public String registryPassword(String user) {
    String password = registryPasswords.get(user);
    if (password == null) {
      throw new IllegalArgumentException("no registry user " + user);
    }
    return password;
  }

  /** The {@code Authorization} header value of the registry's {@value #REGISTRY_ADMIN_USER}. */
  public String registryAuthorization() {
    return basic(REGISTRY_ADMIN_USER, registryPassword(REGISTRY_ADMIN_USER));
  }

  /** TLS trusting this profile's CA only, for clients in this JVM of the registry's https listener. */
  public SSLContext sslContext() {
    try (InputStream in = Files.newInputStream(tls.truststore())) {
      KeyStore truststore = KeyStore.getInstance("PKCS12");
      truststore.load(in, storePassword.toCharArray());
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(truststore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + tls.truststore(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot load " + tls.truststore(), e);
    }
  }

  /** The {@code Authorization} header value of the REST user. */
  public String restAuthorization() {
    return basic(REST_USER, restPassword);
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code value} to its own file and returns the placeholder a server resolves it by,
   * {@code ${directory:<dir>:<name>}}.
   */
  public String secret(String name, String value) {
    SecretFiles.write(dir.resolve(name), value);
    return directoryPlaceholder(name);
  }

  String directoryPlaceholder(String name) {
    return "${directory:" + dir + ":" + name + "}";
  }

  private String tlsPlaceholder(String key) {
    return "${file:" + dir.resolve(TLS_FILE) + ":" + key + "}";
  }

  static String jaasFile(String user) {
    return "kafka-" + user + ".jaas";
  }

  private static String jaas(String user, String password) {
    return SCRAM_LOGIN + " required username=\"" + user + "\" password=\"" + password + "\";";
  }

  /** The ConfigProviders that resolve this profile's placeholders, limited to its folder. */
  private Map<String, String> configProviders(String alsoProviders) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("config.providers", (alsoProviders == null || alsoProviders.isBlank() ? "" : alsoProviders + ",")
        + "file,directory");
    props.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
    props.put("config.providers.file.param.allowed.paths", dir.toString());
    props.put("config.providers.directory.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
    props.put("config.providers.directory.param.allowed.paths", dir.toString());
    return props;
  }

  /** The broker's listeners and authorizer, replacing the PLAINTEXT ones. */
  Map<String, String> brokerProperties(int port, int controllerPort) {
    Map<String, String> props = new LinkedHashMap<>(configProviders(null));
    props.put("listeners", "SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + port);
    props.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SSL");
    props.put("inter.broker.listener.name", "SASL_SSL");
    props.put("sasl.enabled.mechanisms", MECHANISM);
    props.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
    props.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", directoryPlaceholder(jaasFile(ADMIN)));
    props.put("listener.name.controller.ssl.client.auth", "required");
    props.put("ssl.keystore.location", tls.keystore().toString());
    props.put("ssl.keystore.type", "PKCS12");
    props.put("ssl.keystore.password", tlsPlaceholder("keystore.password"));
    props.put("ssl.key.password", tlsPlaceholder("keystore.password"));
    props.put("ssl.truststore.location", tls.truststore().toString());
    props.put("ssl.truststore.type", "PKCS12");
    props.put("ssl.truststore.password", tlsPlaceholder("truststore.password"));
    props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    props.put("allow.everyone.if.no.acl.found", "false");
    props.put("super.users", "User:" + ADMIN + ";User:" + Certificates.SERVER_DN);
    return props;
  }

  /**
   * {@code kafka-storage format} arguments that store the super user's SCRAM credential before the
   * broker first starts (it needs it to talk to itself; the others are created over the Admin API).
   * The storage tool takes it only on its command line; it runs for a second.
   */
  List<String> storageFormatArguments() {
    return List.of("--add-scram", MECHANISM + "=[name=" + ADMIN + ",password=" + password(ADMIN) + "]");
  }

  /** Client settings with the values themselves, for clients in this JVM (the demo's admin, tests). */
  public Map<String, Object> clientConfig(String user) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("security.protocol", "SASL_SSL");
    props.put("sasl.mechanism", MECHANISM);
    props.put("sasl.jaas.config", jaas(user, password(user)));
    props.put("ssl.truststore.location", tls.truststore().toString());
    props.put("ssl.truststore.type", "PKCS12");
    props.put("ssl.truststore.password", storePassword);
    return props;
  }

  /** Transport settings every client of a server process needs (no principal), secrets as placeholders. */
  private Map<String, String> transport(String prefix) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put(prefix + "security.protocol", "SASL_SSL");
    props.put(prefix + "sasl.mechanism", MECHANISM);
    props.put(prefix + "ssl.truststore.location", tls.truststore().toString());
    props.put(prefix + "ssl.truststore.type", "PKCS12");
    props.put(prefix + "ssl.truststore.password", tlsPlaceholder("truststore.password"));
    return props;
  }

  /**
   * A Connect worker's additions: its own principal {@code workerUser} for its clients; the
   * transport, but no principal, for the connectors' clients (each connector brings its own, see
   * {@link #connectorClientOverrides}; a connector without one cannot connect); only
   * {@code sasl.jaas.config} may be overridden; the REST API behind basic auth.
   */
  Map<String, String> workerProperties(String workerUser, String configuredProviders) {
    Map<String, String> props = new LinkedHashMap<>(configProviders(configuredProviders));
    props.putAll(transport(""));
    props.put("sasl.jaas.config", directoryPlaceholder(jaasFile(workerUser)));
    for (String prefix : List.of("producer.", "consumer.", "admin.")) {
      props.putAll(transport(prefix));
    }
    props.put("connector.client.config.override.policy", "Allowlist");
    props.put("connector.client.config.override.allowlist", "sasl.jaas.config");
    props.put("rest.extension.classes", REST_EXTENSION);
    return props;
  }

  /** JVM options of a Connect worker: the JAAS file of the REST API's login module. */
  List<String> workerJvmOptions() {
    return List.of("-Djava.security.auth.login.config=" + dir.resolve(REST_JAAS_FILE));
  }

  /**
   * A connector's client overrides: its producer, consumer and admin authenticate as {@code user},
   * the JAAS line by placeholder (the connector's config never holds the password).
   */
  public Map<String, String> connectorClientOverrides(String user) {
    password(user); // fails for an unknown principal
    Map<String, String> props = new LinkedHashMap<>();
    for (String client : List.of("producer", "consumer", "admin")) {
      props.put(client + ".override.sasl.jaas.config", directoryPlaceholder(jaasFile(user)));
    }
    return props;
  }

  /**
   * The registry's additions: an https listener with the server certificate, HTTP basic auth from
   * a users file, and its Kafka clients ({@code kafkastore.client.*}) as {@code user}; secrets by
   * placeholder, which the registry resolves with its own {@code config.providers}.
   */
  Map<String, String> registryProperties(int port, String user) {
    Map<String, String> props = new LinkedHashMap<>(configProviders(null));
    props.put("listeners", "https://127.0.0.1:" + port);
    props.put("ssl.keystore.location", tls.keystore().toString());
    props.put("ssl.keystore.type", "PKCS12");
    props.put("ssl.keystore.password", tlsPlaceholder("keystore.password"));
    props.put("ssl.key.password", tlsPlaceholder("keystore.password"));
    props.put("authentication.method", "BASIC");
    props.put("authentication.users.file", dir.resolve(REGISTRY_USERS_FILE).toString());
    String prefix = "kafkastore.client.";
    props.putAll(transport(prefix));
    props.put(prefix + "sasl.jaas.config", directoryPlaceholder(jaasFile(user)));
    return props;
  }

  /**
   * A converter's additions for the https registry with basic auth ({@code prefix}: e.g.
   * {@code value.converter.}): the CA's truststore and the converters' registry user, by placeholder.
   */
  public Map<String, String> registryClientProperties(String prefix) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put(prefix + "schema.registry.ssl.truststore.location", tls.truststore().toString());
    props.put(prefix + "schema.registry.ssl.truststore.type", "PKCS12");
    props.put(prefix + "schema.registry.ssl.truststore.password", tlsPlaceholder("truststore.password"));
    props.put(prefix + "basic.auth.credentials.source", "USER_INFO");
    props.put(prefix + "basic.auth.user.info", directoryPlaceholder(REGISTRY_USER_INFO_FILE));
    return props;
  }

  /** Adds {@code additions} to {@code props} (the caller's copy of a template). */
  static void apply(Properties props, Map<String, String> additions) {
    additions.forEach(props::setProperty);
  }

  /** For error messages and the demo's output: never a secret. */
  @Override
  public String toString() {
    return "SecurityProfile[" + dir + ", principals " + new ArrayList<>(kafkaPasswords.keySet()) + "]";
  }
}
