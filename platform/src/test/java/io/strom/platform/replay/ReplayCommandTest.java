package io.strom.platform.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.strom.platform.StromCli;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line: picocli would read ${rule} as a variable of its own unless escaped. */
class ReplayCommandTest {

  @TempDir
  Path tmp;

  @Test
  void placeholdersSurviveInDefaultsAndHelp() {
    CommandLine cli = new CommandLine(new StromCli());
    ReplayCommand replay = parse(cli);
    assertThat(replay.viewFormat).isEqualTo("${rule}_current");
    assertThat(replay.ruleTables).isNull();
    String help = cli.getSubcommands().get("replay").getUsageMessage();
    assertThat(help).contains("default: ${rule}_current", "default: ${rule}_NAME", "v2_${topic}").doesNotContain("null");
  }

  @Test
  void aConnectUserLogsInWithTheFirstLineOfItsPasswordFile() throws Exception {
    Path passwordFile = Files.writeString(tmp.resolve("rest-password"), "s3cr3t-pw\n");
    String expected = "Basic " + Base64.getEncoder().encodeToString("admin:s3cr3t-pw".getBytes(StandardCharsets.UTF_8));
    List<String> received = new ArrayList<>();
    // A worker behind basic auth: 401 unless the header is the user's.
    HttpServer connect = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    connect.createContext("/", exchange -> {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      synchronized (received) {
        received.add(String.valueOf(authorization));
      }
      byte[] body = "{\"topics\": \"iot.readings\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(expected.equals(authorization) ? 200 : 401, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    connect.start();
    try {
      String url = "http://127.0.0.1:" + connect.getAddress().getPort();
      ReplayCommand withUser = parse(new CommandLine(new StromCli()), "--connect", url,
          "--connect-user", "admin", "--connect-password-file", passwordFile.toString());
      assertThat(withUser.connectRest().connectorConfig("iot-sink").path("topics").asText()).isEqualTo("iot.readings");

      ReplayCommand without = parse(new CommandLine(new StromCli()), "--connect", url);
      assertThatThrownBy(() -> without.connectRest().connectorConfig("iot-sink"))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("HTTP 401");
      assertThat(received).containsExactly(expected, "null");
    } finally {
      connect.stop(0);
    }
  }

  @Test
  void aConnectUserNeedsAPasswordFileThatHoldsOne() throws Exception {
    ReplayCommand userOnly = parse(new CommandLine(new StromCli()), "--connect", "http://127.0.0.1:1", "--connect-user", "admin");
    assertThatThrownBy(userOnly::connectRest).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--connect-password-file");
    Path empty = Files.writeString(tmp.resolve("empty"), "");
    ReplayCommand emptyFile = parse(new CommandLine(new StromCli()), "--connect", "http://127.0.0.1:1",
        "--connect-user", "admin", "--connect-password-file", empty.toString());
    assertThatThrownBy(emptyFile::connectRest).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no password");
  }

  @Test
  void theKafkaConfigFileSecuresTheLagsAdminClient() throws Exception {
    Path config = Files.writeString(tmp.resolve("admin.properties"), """
        security.protocol=SASL_SSL
        sasl.mechanism=SCRAM-SHA-512
        sasl.jaas.config=${directory:/etc/kafka/secrets:kafka-admin.jaas}
        """);
    ReplayCommand replay = parse(new CommandLine(new StromCli()), "--bootstrap-servers", "localhost:29094",
        "--kafka-config", config.toString());
    assertThat(replay.adminConfig()).containsAllEntriesOf(Map.of("security.protocol", "SASL_SSL",
        "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", "${directory:/etc/kafka/secrets:kafka-admin.jaas}",
        "bootstrap.servers", "localhost:29094"));
    // ConfigProvider placeholders resolve in the admin client's own config (the password stays in its file).
    Path secrets = Files.createDirectory(tmp.resolve("secrets"));
    String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"pw\";";
    Files.writeString(secrets.resolve("kafka-admin.jaas"), jaas);
    Path withProvider = Files.writeString(tmp.resolve("provider.properties"), "sasl.jaas.config=${directory:" + secrets
        + ":kafka-admin.jaas}\nconfig.providers=directory\n"
        + "config.providers.directory.class=org.apache.kafka.common.config.provider.DirectoryConfigProvider\n"
        + "config.providers.directory.param.allowed.paths=" + secrets + "\n");
    ReplayCommand resolving = parse(new CommandLine(new StromCli()), "--bootstrap-servers", "localhost:29094",
        "--kafka-config", withProvider.toString());
    assertThat(new AdminClientConfig(resolving.adminConfig()).getPassword("sasl.jaas.config").value()).isEqualTo(jaas);

    assertThat(parse(new CommandLine(new StromCli()), "--bootstrap-servers", "localhost:29092").adminConfig())
        .containsOnlyKeys("bootstrap.servers", "request.timeout.ms", "default.api.timeout.ms");
  }

  private static ReplayCommand parse(CommandLine cli, String... more) {
    List<String> args = new ArrayList<>(List.of("replay", "--rules", "v2.sql", "--as", "iot-sink-v2", "--from", "iot-sink"));
    args.addAll(List.of(more));
    CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
    return (ReplayCommand) parsed.subcommand().commandSpec().userObject();
  }
}
