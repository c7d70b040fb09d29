package io.strom.platform.demo;

import static io.strom.platform.demo.ComposeScripts.COMPOSE;
import static io.strom.platform.demo.ComposeScripts.COMPOSE_FILE;
import static io.strom.platform.demo.ComposeScripts.CONFIG;
import static io.strom.platform.demo.ComposeScripts.asComposeRunsIt;
import static io.strom.platform.demo.ComposeScripts.onPath;
import static io.strom.platform.demo.ComposeScripts.run;
import static io.strom.platform.demo.ComposeScripts.service;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.security.auth.login.ConfigFile;
import io.strom.platform.demo.ComposeScripts.FakeConnect;
import io.strom.platform.demo.ComposeScripts.Run;
import io.strom.platform.process.PropertiesFile;
import io.strom.platform.process.SecurityProfile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.common.config.provider.DirectoryConfigProvider;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.utils.SecurityUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose's profile {@code secure}, checked without a Docker engine: its scripts run here as
 * its containers run them (the secrets with the JDK's keytool, the principals against recording
 * stand-ins for Kafka's tools, the deploy with the real curl against a stand-in for Connect), and
 * what they produce is compared with what {@code ./strom demo --secure} does: the same principals
 * and ACLs ({@link DemoAcls}), the same connector configs ({@link DemoPlatform#secure}), every
 * placeholder resolving, through Kafka's own ConfigProviders, against the generated secrets.
 */
class SecureComposeTest {

  /** Where the secure services mount the volume secure-secrets. */
  private static final String SECRETS = "/etc/kafka/secrets";
  private static final Path SECURE = CONFIG.resolve("secure");
  private static final Path ACLS_FILE = SECURE.resolve("acls.txt");
  private static final Path OVERLAY = SECURE.resolve("connector-overlay");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(file|directory):([^:}]+):([^}]+)}");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path tmp;
  private static Path secrets;
  private static Path postgresSecret;
  private static Run generated;
  private static final DemoConfig CONFIG_DIR = new DemoConfig(CONFIG);
  private static final DemoAcls ACLS = new DemoAcls(CONFIG_DIR);

  @BeforeAll
  static void generateSecrets() throws Exception {
    secrets = Files.createDirectory(tmp.resolve("secrets"));
    postgresSecret = Files.createDirectory(tmp.resolve("postgres-secret"));
    generated = generate();
  }

  private static Run generate() throws Exception {
    // The secure-secrets service runs the script as its entrypoint.
    assertThat(service("secure-secrets").path("entrypoint").toString())
        .isEqualTo("[\"/bin/bash\",\"/etc/strom/secure/generate-secrets.sh\"]");
    Path javaBin = Path.of(System.getProperty("java.home"), "bin");
    return run(tmp, List.of("bash", SECURE.resolve("generate-secrets.sh").toString()), Map.of(
        "SECRETS_DIR", secrets.toString(),
        "POSTGRES_SECRET_DIR", postgresSecret.toString(),
        "ACLS_FILE", ACLS_FILE.toAbsolutePath().toString(),
        "PATH", javaBin + ":" + System.getenv("PATH")));
  }

  @Test
  void theAclFileIsWhatTheSecureDemoGrants() throws IOException {
    String current = aclsFile(ACLS);
    if (Boolean.getBoolean("strom.docs.update")) {
      Files.writeString(ACLS_FILE, current);
    }
    assertThat(Files.readString(ACLS_FILE))
        .as("%s is stale; regenerate it with: mvn -B -o -q -pl platform -am test -Dtest=SecureComposeTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dstrom.docs.update=true", ACLS_FILE)
        .isEqualTo(current);
  }

  @Test
  void theSecretsAreGeneratedOwnerOnlyOnceAndHoldWhatEachServerReads() throws Exception {
    assertThat(generated.exitCode()).as(generated.output()).isZero();
    try (Stream<Path> files = Files.list(secrets)) {
      assertThat(files).allSatisfy(file -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .as("%s", file).isEqualTo("rw-------"));
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rwx------");

    // TLS: the server certificate for the compose names, signed by the CA that the truststore holds alone.
    String password = resolve("${file:" + SECRETS + "/tls.properties:keystore.password}");
    KeyStore keystore = load(secrets.resolve("server.p12"), password);
    X509Certificate server = (X509Certificate) keystore.getCertificate("server");
    assertThat(server.getSubjectX500Principal().getName()).isEqualTo("CN=strom-broker");
    assertThat(server.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))))
        .containsExactlyInAnyOrder("secure-kafka", "secure-registry", "localhost", "127.0.0.1");
    assertThat(server.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(keystore.getCertificateChain("server")).hasSize(2);
    KeyStore truststore = load(secrets.resolve("truststore.p12"),
        resolve("${file:" + SECRETS + "/tls.properties:truststore.password}"));
    assertThat(List.of(truststore.aliases().nextElement())).containsExactly("ca");
    server.verify(truststore.getCertificate("ca").getPublicKey());

    // SCRAM: a JAAS line per principal of the demo and the super user, each with its own password.
    Set<String> passwords = new HashSet<>();
    for (String principal : principalsWithAdmin()) {
      Map<String, ?> options = jaasOptions(resolve("${directory:" + SECRETS + ":kafka-" + principal + ".jaas}"));
      assertThat(options.get("username")).isEqualTo(principal);
      assertThat((String) options.get("password")).hasSize(24).matches("[A-Za-z0-9_-]+");
      passwords.add((String) options.get("password"));
    }
    assertThat(passwords).hasSize(principalsWithAdmin().size());

    // The REST API's login module reads rest-users.properties; the header is admin's.
    AppConfigurationEntry rest = loginEntry(secrets.resolve("connect-rest.jaas"), "KafkaConnect");
    assertThat(rest.getLoginModuleName()).isEqualTo("org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule");
    assertThat(rest.getOptions().get("file")).isEqualTo(secrets.resolve("rest-users.properties").toString());
    String restPassword = PropertiesFile.read(secrets.resolve("rest-users.properties")).getProperty("admin");
    assertThat(header(secrets.resolve("connect-rest-authorization"))).isEqualTo("admin:" + restPassword);

    // The registry: Jetty's users file with the role it asks for, the converters' login, the operators' header.
    AppConfigurationEntry registry = loginEntry(secrets.resolve("registry.jaas"), "SchemaRegistry");
    assertThat(registry.getOptions().get("file")).isEqualTo(secrets.resolve("registry-users.properties").toString());
    Map<String, String> registryUsers = new LinkedHashMap<>();
    for (String line : Files.readAllLines(secrets.resolve("registry-users.properties"))) {
      String[] userAndRest = line.split(": ", 2);
      assertThat(userAndRest[1]).endsWith(",user");
      registryUsers.put(userAndRest[0], userAndRest[1].substring(0, userAndRest[1].length() - ",user".length()));
    }
    assertThat(registryUsers).containsOnlyKeys("admin", "connect");
    assertThat(resolve("${directory:" + SECRETS + ":registry-user-info}")).isEqualTo("connect:" + registryUsers.get("connect"));
    assertThat(header(secrets.resolve("registry-authorization"))).isEqualTo("admin:" + registryUsers.get("admin"));

    // PostgreSQL's password: the connectors' file and PostgreSQL's own copy.
    String pg = resolve("${directory:" + SECRETS + ":postgres-password}");
    assertThat(pg).hasSize(24);
    assertThat(Files.readString(postgresSecret.resolve("password"))).isEqualTo(pg);

    // A second run keeps them: the broker's volume holds SCRAM credentials made from these passwords.
    Map<Path, String> before = contents(secrets);
    Run again = generate();
    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(again.output()).contains("kept");
    assertThat(contents(secrets)).isEqualTo(before);
  }

  @Test
  void thePrincipalsServiceCreatesTheDemosCredentialsAclsAndTopics() throws Exception {
    JsonNode principals = service("secure-principals");
    assertThat(principals.path("entrypoint").toString()).isEqualTo("[\"/bin/bash\",\"/etc/strom/secure/create-principals.sh\"]");
    Path bin = Files.createDirectories(tmp.resolve("kafka-bin"));
    Path calls = Files.createDirectories(tmp.resolve("calls"));
    for (String tool : List.of("kafka-acls.sh", "kafka-configs.sh", "kafka-topics.sh")) {
      // A stand-in that records its arguments, one per line, a file per call.
      Path script = Files.writeString(bin.resolve(tool), "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"" + calls
          + "/" + tool + ".$(date +%s%N).$$\"\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    }
    Run run = run(tmp, List.of("bash", SECURE.resolve("create-principals.sh").toString()), Map.of(
        "KAFKA_BIN", bin.toString(),
        "SECRETS_DIR", secrets.toString(),
        "STROM_CONFIG", CONFIG.toAbsolutePath().toString()));
    assertThat(run.exitCode()).as(run.output()).isZero();

    Map<String, List<List<String>>> byTool = new TreeMap<>();
    try (Stream<Path> files = Files.list(calls)) {
      for (Path file : files.sorted().toList()) {
        List<String> args = Files.readAllLines(file);
        String tool = file.getFileName().toString().replaceFirst("\\.sh\\..*", "");
        byTool.computeIfAbsent(tool, t -> new ArrayList<>()).add(args);
        // Every call as the super user, by its client config, to the broker's internal listener.
        assertThat(String.join(" ", args)).contains("--bootstrap-server secure-kafka:9092",
            "--command-config " + CONFIG.toAbsolutePath() + "/secure/admin.properties");
      }
    }

    // The SCRAM credential of every principal of the demo, with the password of its JAAS file.
    Map<String, String> credentials = new TreeMap<>();
    for (List<String> args : byTool.get("kafka-configs")) {
      credentials.put(after(args, "--entity-name").get(0), after(args, "--add-config").get(0));
      assertThat(after(args, "--entity-type")).containsExactly("users");
    }
    assertThat(credentials.keySet()).containsExactlyInAnyOrderElementsOf(ACLS.principals());
    credentials.forEach((user, config) -> assertThat(config).isEqualTo("SCRAM-SHA-512=[iterations=8192,password="
        + jaasOptions(resolve("${directory:" + SECRETS + ":kafka-" + user + ".jaas}")).get("password") + "]"));

    // The ACLs: exactly the demo's, and the group in which Confluent's registry elects its leader.
    Set<String> granted = new TreeSet<>();
    for (List<String> args : byTool.get("kafka-acls")) {
      assertThat(args).contains("--add");
      String principal = after(args, "--allow-principal").get(0);
      for (String operation : after(args, "--operation")) {
        for (Map.Entry<String, ResourceType> type : Map.of("--topic", ResourceType.TOPIC, "--group", ResourceType.GROUP,
            "--transactional-id", ResourceType.TRANSACTIONAL_ID).entrySet()) {
          for (String name : after(args, type.getKey())) {
            granted.add(principal + " " + type.getValue() + " " + name + " " + SecurityUtils.operation(operation));
          }
        }
      }
    }
    Set<String> expected = new TreeSet<>();
    for (AclBinding binding : ACLS.bindings()) {
      expected.add(binding.entry().principal() + " " + binding.pattern().resourceType() + " " + binding.pattern().name()
          + " " + binding.entry().operation());
    }
    expected.add("User:registry GROUP schema-registry READ");
    assertThat(granted).containsExactlyElementsOf(expected);

    // The topics of config/topics.properties.
    Map<String, String> topics = new TreeMap<>();
    for (List<String> args : byTool.get("kafka-topics")) {
      assertThat(args).contains("--create", "--if-not-exists");
      topics.put(after(args, "--topic").get(0), after(args, "--partitions").get(0));
    }
    Map<String, String> shipped = new TreeMap<>();
    CONFIG_DIR.topics().forEach((name, partitions) -> shipped.put(name, partitions.toString()));
    assertThat(topics).isEqualTo(shipped);
  }

  @Test
  void theSecureDeploySendsTheSecureDemosConnectorConfigsWithTheRestCredentials() throws Exception {
    assertThat(onPath("curl")).as("the deploy script runs curl; install Debian's curl").isTrue();
    JsonNode deploy = service("secure-deploy");
    JsonNode env = deploy.path("environment");
    assertThat(env.path("DEPLOY_AUTHORIZATION_FILE").asText()).isEqualTo(SECRETS + "/connect-rest-authorization");
    assertThat(env.path("DEPLOY_OVERLAY_DIR").asText()).isEqualTo("/etc/strom/secure/connector-overlay");
    // The same script as the plain deploy (a YAML alias of it).
    String script = asComposeRunsIt(service("deploy").path("command").get(0).asText());
    assertThat(Files.readString(COMPOSE)).contains("- &deploy-script |", "      - *deploy-script");

    // What ./strom demo --secure PUTs, its secrets folder where the compose volume is.
    SecurityProfile demo = SecurityProfile.create(tmp.resolve("demo-secrets"), ACLS.principals());
    String pgPlaceholder = demo.secret(DemoPlatform.PG_PASSWORD_SECRET, "unused");
    Map<String, JsonNode> expected = new LinkedHashMap<>();
    for (DemoConfig.Connector connector : CONFIG_DIR.connectors()) {
      ObjectNode config = connector.config().deepCopy();
      DemoPlatform.secure(demo, connector.name(), config, pgPlaceholder);
      expected.put(connector.name(), JSON.readTree(config.toString().replace(demo.dir().toString(), SECRETS)));
    }

    String authorization = Files.readString(secrets.resolve("connect-rest-authorization")).strip()
        .substring("Authorization: ".length());
    try (FakeConnect connect = new FakeConnect((request, earlier) -> authorization.equals(request.authorization()) ? 201 : 401)) {
      Run run = run(tmp, List.of("/bin/sh", "-c", script), Map.of(
          "DEPLOY_CONNECT_URL", "http://127.0.0.1:" + connect.port(),
          "DEPLOY_CONNECTORS_DIR", CONFIG.resolve("connectors").toAbsolutePath().toString(),
          "DEPLOY_AUTHORIZATION_FILE", secrets.resolve("connect-rest-authorization").toString(),
          "DEPLOY_OVERLAY_DIR", OVERLAY.toAbsolutePath().toString(),
          "DEPLOY_ATTEMPTS", "1",
          "DEPLOY_RETRY_SECONDS", "0"));

      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(connect.requests()).hasSize(expected.size());
      List<String> secretValues = secretValues();
      expected.forEach((name, config) -> assertThat(connect.requestsTo("/connectors/" + name + "/config"))
          .singleElement().satisfies(put -> {
            assertThat(put.authorization()).isEqualTo(authorization);
            assertThat(JSON.readTree(put.body())).as("%s", name).isEqualTo(config);
            assertThat(secretValues).noneMatch(put.body()::contains);
          }));
    }
  }

  @Test
  void everyPlaceholderOfTheSecureProfileResolvesAgainstTheGeneratedSecrets() throws Exception {
    List<String> texts = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SECURE)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".properties")).sorted().toList()) {
        Properties props = PropertiesFile.read(file);
        for (String key : props.stringPropertyNames()) {
          String value = props.getProperty(key);
          if (key.matches(".*(password|jaas\\.config|user\\.info).*")) {
            assertThat(value).as("%s in %s: a secret only by placeholder", key, file).matches("\\$\\{(file|directory):.*}");
          }
          texts.add(value);
        }
      }
    }
    String compose = Files.readString(COMPOSE);
    texts.add(compose);
    Set<String> placeholders = new LinkedHashSet<>();
    Set<String> paths = new LinkedHashSet<>();
    for (String text : texts) {
      for (DemoConfig.Connector connector : CONFIG_DIR.connectors()) {
        String withName = text.replace("@CONNECTOR@", connector.name());
        PLACEHOLDER.matcher(withName).results().map(java.util.regex.MatchResult::group).forEach(placeholders::add);
        Pattern.compile(SECRETS + "/[A-Za-z0-9._-]+").matcher(withName).results().map(java.util.regex.MatchResult::group).forEach(paths::add);
      }
    }
    assertThat(placeholders).hasSizeGreaterThan(10);
    for (String placeholder : placeholders) {
      assertThat(placeholder).as("reads the secrets volume").contains(SECRETS);
      assertThat(resolve(placeholder)).as("%s resolves", placeholder).isNotBlank();
    }
    for (String path : paths) {
      assertThat(secrets.resolve(path.substring(SECRETS.length() + 1))).as("%s is generated", path).exists();
    }
    // No secret value in the compose file: the secure services' environment names files only.
    for (String name : List.of("secure-kafka", "secure-registry", "secure-postgres", "secure-deploy")) {
      service(name).path("environment").fieldNames().forEachRemaining(key ->
          assertThat(key).as("%s's environment", name).doesNotMatch(".*PASSWORD(?!_FILE).*"));
    }
    assertThat(COMPOSE_FILE.path("x-secure-connect").path("environment").has("STROM_PG_PASSWORD")).isFalse();
    assertThat(secretValues()).noneMatch(compose::contains);
  }

  @Test
  void secureWorkersAreHealthyOnlyWithTheRestCredentials() throws Exception {
    JsonNode test = COMPOSE_FILE.path("x-secure-connect").path("healthcheck").path("test");
    String script = asComposeRunsIt(test.get(3).asText())
        .replace(SECRETS + "/", secrets + "/");
    String authorization = Files.readString(secrets.resolve("connect-rest-authorization")).strip()
        .substring("Authorization: ".length());
    for (String accepted : List.of(authorization, "Basic d3Jvbmc6d3Jvbmc=")) {
      try (FakeConnect connect = new FakeConnect((request, earlier) -> accepted.equals(request.authorization()) ? 200 : 401)) {
        String here = script.replace("/dev/tcp/127.0.0.1/8083", "/dev/tcp/127.0.0.1/" + connect.port());
        Run run = run(tmp, List.of("bash", "-c", here), Map.of());

        assertThat(run.exitCode() == 0).as("healthy: %s", run.output()).isEqualTo(accepted.equals(authorization));
        assertThat(connect.requests()).singleElement().satisfies(get -> {
          assertThat(get.path()).isEqualTo("/health");
          assertThat(get.authorization()).isEqualTo(authorization);
        });
      }
    }
  }

  @Test
  void theSecureStackIsAProfileOfItsOwnOnLoopbackPorts() {
    Iterable<String> names = () -> COMPOSE_FILE.path("services").fieldNames();
    List<String> secure = new ArrayList<>();
    for (String name : names) {
      JsonNode service = COMPOSE_FILE.path("services").path(name);
      if (name.startsWith("secure-")) {
        secure.add(name);
        // the workers take their profile from the x-secure-connect anchor
        JsonNode profiles = service.has("profiles") ? service.path("profiles") : COMPOSE_FILE.path("x-secure-connect").path("profiles");
        assertThat(profiles.toString()).as(name).isEqualTo("[\"secure\"]");
        JsonNode ports = service.path("ports");
        for (JsonNode port : ports) {
          assertThat(port.asText()).as("%s publishes on loopback only", name).startsWith("127.0.0.1:");
        }
      } else {
        assertThat(service.path("profiles").toString()).as(name).doesNotContain("secure");
      }
    }
    assertThat(secure).contains("secure-secrets", "secure-kafka", "secure-principals", "secure-registry",
        "secure-postgres", "secure-connect-1", "secure-connect-2", "secure-deploy");
    // The broker stores its super user's SCRAM credential when it formats its storage.
    assertThat(service("secure-kafka").path("command").get(0).asText())
        .contains("kafka-storage.sh format --ignore-formatted", "--add-scram \"SCRAM-SHA-512=[name=admin,password=$$admin]\"",
            "kafka-server-start.sh /etc/strom/secure/server.properties");
  }

  /**
   * {@code acls.txt}: a line per principal, resource type and set of operations, with the names of
   * its resources: {@code principal Op1,Op2 type name...}, type as kafka-acls' option names it.
   */
  static String aclsFile(DemoAcls acls) {
    Map<List<String>, List<String>> operations = new LinkedHashMap<>();
    for (AclBinding binding : acls.bindings()) {
      String principal = binding.entry().principal().substring("User:".length());
      operations.computeIfAbsent(List.of(principal, option(binding.pattern().resourceType()), binding.pattern().name()),
          resource -> new ArrayList<>()).add(SecurityUtils.operationName(binding.entry().operation()));
    }
    Map<List<String>, List<String>> lines = new LinkedHashMap<>();
    operations.forEach((resource, ops) -> lines.computeIfAbsent(
        List.of(resource.get(0), String.join(",", ops), resource.get(1)), line -> new ArrayList<>()).add(resource.get(2)));
    StringBuilder text = new StringBuilder("""
        # The principals of docker-compose's profile "secure" and their ACLs: those of ./strom demo --secure
        # (platform's DemoAcls, derived from config/). Generated: SecureComposeTest fails when it is stale
        # and says how to regenerate it. Read by config/secure/generate-secrets.sh (a password per principal)
        # and create-principals.sh (kafka-acls --add): principal operations resource-type name...
        """);
    lines.forEach((line, names) -> text.append(String.join(" ", line)).append(' ').append(String.join(" ", names)).append('\n'));
    return text.toString();
  }

  private static String option(ResourceType type) {
    return switch (type) {
      case TOPIC -> "topic";
      case GROUP -> "group";
      case TRANSACTIONAL_ID -> "transactional-id";
      default -> throw new IllegalArgumentException("no kafka-acls option for " + type);
    };
  }

  private static Set<String> principalsWithAdmin() {
    Set<String> principals = new LinkedHashSet<>();
    principals.add("admin");
    principals.addAll(ACLS.principals());
    return principals;
  }

  /** Every password the secrets script generated, to check that none leaks into a config. */
  private static List<String> secretValues() throws IOException {
    List<String> values = new ArrayList<>();
    for (String principal : principalsWithAdmin()) {
      values.add((String) jaasOptions(Files.readString(secrets.resolve("kafka-" + principal + ".jaas"))).get("password"));
    }
    values.add(Files.readString(secrets.resolve("postgres-password")));
    values.add(PropertiesFile.read(secrets.resolve("tls.properties")).getProperty("keystore.password"));
    values.add(PropertiesFile.read(secrets.resolve("rest-users.properties")).getProperty("admin"));
    values.add(Files.readString(secrets.resolve("registry-user-info")).split(":", 2)[1]);
    return values;
  }

  private static List<String> after(List<String> args, String option) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i + 1 < args.size(); i++) {
      if (args.get(i).equals(option)) {
        values.add(args.get(i + 1));
      }
    }
    return values;
  }

  /** A placeholder resolved by Kafka's own provider, the volume's path mapped to the generated folder. */
  private static String resolve(String placeholder) {
    Matcher m = PLACEHOLDER.matcher(placeholder);
    assertThat(m.matches()).as(placeholder).isTrue();
    assertThat(m.group(2)).startsWith(SECRETS);
    String path = secrets + m.group(2).substring(SECRETS.length());
    try (ConfigProvider provider = m.group(1).equals("file") ? new FileConfigProvider() : new DirectoryConfigProvider()) {
      provider.configure(Map.of("allowed.paths", secrets.toString()));
      String value = provider.get(path, Set.of(m.group(3))).data().get(m.group(3));
      assertThat(value).as("%s resolves", placeholder).isNotNull();
      return value;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, ?> jaasOptions(String jaasLine) {
    // Kafka's own parser of sasl.jaas.config, as a client or the broker reads the resolved value.
    List<AppConfigurationEntry> entries = JaasContext.loadClientContext(Map.of("sasl.jaas.config", new Password(jaasLine)))
        .configurationEntries();
    assertThat(entries).singleElement().satisfies(entry ->
        assertThat(entry.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule"));
    return entries.get(0).getOptions();
  }

  private static AppConfigurationEntry loginEntry(Path jaasFile, String context) {
    AppConfigurationEntry[] entries = new ConfigFile(jaasFile.toUri()).getAppConfigurationEntry(context);
    assertThat(entries).as("%s in %s", context, jaasFile).hasSize(1);
    return entries[0];
  }

  /** The user:password of a file holding one {@code Authorization: Basic ...} header line. */
  private static String header(Path file) throws IOException {
    String line = Files.readString(file);
    assertThat(line).startsWith("Authorization: Basic ").endsWith("\n");
    return new String(Base64.getDecoder().decode(line.strip().substring("Authorization: Basic ".length())),
        StandardCharsets.UTF_8);
  }

  private static KeyStore load(Path file, String password) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      return store;
    }
  }

  private static Map<Path, String> contents(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      Map<Path, String> contents = new TreeMap<>();
      for (Path file : files.toList()) {
        contents.put(file.getFileName(), Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
      }
      return contents;
    }
  }
}
