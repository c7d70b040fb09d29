package io.strom.platform.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.security.auth.login.ConfigFile;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.common.config.provider.DirectoryConfigProvider;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secure demo's generated material, checked with the JDK's and Kafka's own readers of it. */
class SecurityProfileTest {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(file|directory):([^:}]+):([^}]+)}");

  @TempDir
  static Path tmp;
  private static SecurityProfile profile;

  @BeforeAll
  static void create() {
    profile = SecurityProfile.create(tmp.resolve("secrets"), List.of("connect", "registry", "connector-logins"));
  }

  @Test
  void theServerCertificateIsSignedByTheTrustedCaForTheLoopbackAddress() throws Exception {
    String password = resolve("${file:" + profile.dir().resolve(SecurityProfile.TLS_FILE) + ":keystore.password}");
    KeyStore keystore = load(profile.tls().keystore(), password);
    X509Certificate server = (X509Certificate) keystore.getCertificate("server");
    assertThat(server.getSubjectX500Principal().getName()).isEqualTo(Certificates.SERVER_DN);
    assertThat(server.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))))
        .containsExactlyInAnyOrder("127.0.0.1", "localhost");
    assertThat(server.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"); // server and client auth
    assertThat(keystore.getCertificateChain("server")).hasSize(2);
    assertThat(keystore.getKey("server", password.toCharArray())).isNotNull();

    KeyStore truststore = load(profile.tls().truststore(), password);
    assertThat(List.of(truststore.aliases().nextElement())).containsExactly("ca");
    X509Certificate ca = (X509Certificate) truststore.getCertificate("ca");
    server.verify(ca.getPublicKey()); // throws unless the CA signed it
    assertThat(ca.getBasicConstraints()).as("a CA certificate").isGreaterThanOrEqualTo(0);
    assertThat(truststore.isKeyEntry("ca")).as("the truststore holds no private key").isFalse();
  }

  @Test
  void everySecretIsOwnerOnlyAndResolvesThroughKafkasConfigProviders() throws Exception {
    assertThat(permissions(profile.dir())).isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(profile.dir())) {
      files.filter(f -> !f.toString().endsWith(".crt") && !f.toString().endsWith(".csr"))
          .forEach(f -> assertThat(permissions(f)).as("%s", f).isEqualTo("rw-------"));
    }
    Map<String, String> overrides = profile.connectorClientOverrides("connector-logins");
    assertThat(overrides).containsOnlyKeys("producer.override.sasl.jaas.config", "consumer.override.sasl.jaas.config",
        "admin.override.sasl.jaas.config");
    assertThat(resolve(overrides.get("producer.override.sasl.jaas.config"))).isEqualTo(
        SecurityProfile.SCRAM_LOGIN + " required username=\"connector-logins\" password=\""
            + profile.password("connector-logins") + "\";");
    assertThat(resolve(profile.secret("postgres-password", "pg-secret"))).isEqualTo("pg-secret");
    assertThatThrownBy(() -> profile.connectorClientOverrides("connector-unknown"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theServersPropertiesHoldPlaceholdersOnly() throws Exception {
    Map<String, String> worker = profile.workerProperties("connect", "env");
    Map<String, String> broker = profile.brokerProperties(9092, 9093);
    Map<String, String> registry = profile.registryProperties(8081, "registry");
    Map<String, String> converter = profile.registryClientProperties("value.converter.");
    for (Map<String, String> props : List.of(worker, broker, registry, converter)) {
      for (String user : profile.kafkaUsers()) {
        assertThat(props.values()).noneMatch(v -> v.contains(profile.password(user)));
      }
      assertThat(props.values()).noneMatch(v -> v.contains(profile.restPassword()));
      for (String user : List.of(SecurityProfile.REGISTRY_ADMIN_USER, SecurityProfile.REGISTRY_CONVERTER_USER)) {
        assertThat(props.values()).noneMatch(v -> v.contains(profile.registryPassword(user)));
      }
    }
    assertThat(worker).containsEntry("config.providers", "env,file,directory")
        .containsEntry("config.providers.directory.param.allowed.paths", profile.dir().toString())
        .containsEntry("connector.client.config.override.policy", "Allowlist")
        .containsEntry("connector.client.config.override.allowlist", "sasl.jaas.config")
        .containsEntry("consumer.security.protocol", "SASL_SSL")
        .containsEntry("rest.extension.classes", SecurityProfile.REST_EXTENSION);
    assertThat(resolve(worker.get("sasl.jaas.config"))).contains("username=\"connect\"");
    assertThat(resolve(broker.get("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config")))
        .contains("username=\"" + SecurityProfile.ADMIN + "\"");
    assertThat(broker).containsEntry("super.users", "User:admin;User:CN=strom-broker")
        .containsEntry("allow.everyone.if.no.acl.found", "false")
        .containsEntry("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SSL");
    assertThat(registry).containsEntry("kafkastore.client.security.protocol", "SASL_SSL")
        .containsEntry("listeners", "https://127.0.0.1:8081").containsEntry("authentication.method", "BASIC")
        .containsEntry("config.providers", "file,directory");
    assertThat(resolve(registry.get("ssl.keystore.password"))).isEqualTo(
        resolve(converter.get("value.converter.schema.registry.ssl.truststore.password")));
    assertThat(Files.readString(Path.of(registry.get("authentication.users.file")))).isEqualTo(
        SecurityProfile.REGISTRY_ADMIN_USER + ": " + profile.registryPassword(SecurityProfile.REGISTRY_ADMIN_USER) + "\n"
            + SecurityProfile.REGISTRY_CONVERTER_USER + ": "
            + profile.registryPassword(SecurityProfile.REGISTRY_CONVERTER_USER) + "\n");
    assertThat(converter).containsEntry("value.converter.basic.auth.credentials.source", "USER_INFO");
    assertThat(resolve(converter.get("value.converter.basic.auth.user.info"))).isEqualTo(
        SecurityProfile.REGISTRY_CONVERTER_USER + ":" + profile.registryPassword(SecurityProfile.REGISTRY_CONVERTER_USER));
    assertThat(resolve(registry.get("kafkastore.client.sasl.jaas.config"))).contains("username=\"registry\"");
  }

  @Test
  void theRestApisJaasFileNamesItsUsersFile() throws Exception {
    ConfigFile jaas = new ConfigFile(profile.dir().resolve(SecurityProfile.REST_JAAS_FILE).toUri());
    AppConfigurationEntry[] entries = jaas.getAppConfigurationEntry("KafkaConnect");
    assertThat(entries).hasSize(1);
    assertThat(entries[0].getLoginModuleName()).isEqualTo(SecurityProfile.REST_LOGIN);
    Path users = Path.of((String) entries[0].getOptions().get("file"));
    assertThat(Files.readString(users)).isEqualTo(SecurityProfile.REST_USER + "=" + profile.restPassword() + "\n");
    assertThat(profile.restAuthorization()).isEqualTo(SecurityProfile.basic(SecurityProfile.REST_USER,
        profile.restPassword()));
  }

  /** Resolves one placeholder with Kafka's own provider, limited to the profile's folder as the servers are. */
  private static String resolve(String placeholder) {
    Matcher m = PLACEHOLDER.matcher(placeholder);
    assertThat(m.matches()).as("a placeholder: %s", placeholder).isTrue();
    Map<String, String> config = Map.of("allowed.paths", profile.dir().toString());
    ConfigData data;
    ConfigProvider provider = m.group(1).equals("file") ? new FileConfigProvider() : new DirectoryConfigProvider();
    provider.configure(config);
    data = provider.get(m.group(2), Set.of(m.group(3)));
    assertThat(data.data()).as("%s resolves", placeholder).containsKey(m.group(3));
    return data.data().get(m.group(3));
  }

  private static KeyStore load(Path file, String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password.toCharArray());
    }
    return store;
  }

  private static String permissions(Path path) {
    try {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
