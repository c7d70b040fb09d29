package io.strom.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secure demo's ACLs as derived from the project's own config/. */
class DemoAclsTest {

  private final DemoAcls acls = new DemoAcls(new DemoConfig(Path.of("..", "config")));

  @Test
  void everyConnectorHasItsOwnPrincipalBesidesTheWorkerAndTheRegistry() {
    assertThat(acls.principals()).containsExactly("connect", "registry", "connector-fraud-sink",
        "connector-iot-alerts", "connector-iot-sensors", "connector-iot-sink", "connector-logins",
        "connector-stock-ticks", "connector-stocks-sink");
    assertThat(acls.bindings()).allSatisfy(b -> {
      assertThat(b.pattern().patternType()).as("%s", b).isEqualTo(PatternType.LITERAL);
      assertThat(b.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
      assertThat(b.pattern().name()).as("%s", b).doesNotContain("*");
    });
  }

  @Test
  void anExactlyOnceSourceWritesItsTopicTheOffsetsAndItsTasksTransactions() {
    assertThat(grants("connector-logins")).containsExactlyInAnyOrder(
        "TOPIC logins WRITE",
        "TOPIC strom-connect-offsets READ", "TOPIC strom-connect-offsets WRITE",
        "TRANSACTIONAL_ID strom-connect-logins-0 WRITE", "TRANSACTIONAL_ID strom-connect-logins-1 WRITE");
  }

  @Test
  void aSinkReadsItsTopicInItsGroupAndWritesItsDeadLetterTopic() {
    assertThat(grants("connector-fraud-sink")).containsExactlyInAnyOrder(
        "TOPIC logins READ", "GROUP connect-fraud-sink READ", "TOPIC strom.dlq WRITE");
  }

  @Test
  void theWorkerOwnsItsGroupInternalTopicsAndLeaderTransactionAndTheRegistryItsTopic() {
    assertThat(grants("connect")).contains("GROUP strom-connect READ",
        "TOPIC strom-connect-configs CREATE", "TOPIC strom-connect-status WRITE", "TOPIC strom-connect-offsets READ",
        "TRANSACTIONAL_ID connect-cluster-strom-connect WRITE")
        .noneMatch(grant -> grant.contains("logins") || grant.contains("iot.") || grant.contains("stock."));
    assertThat(grants("registry")).containsExactlyInAnyOrder("TOPIC _schemas CREATE",
        "TOPIC _schemas DESCRIBE_CONFIGS", "TOPIC _schemas READ", "TOPIC _schemas WRITE");
  }

  @Test
  void noConnectorMayTouchAnotherConnectorsFeed() {
    for (String connector : List.of("connector-iot-sensors", "connector-iot-sink", "connector-iot-alerts")) {
      assertThat(grants(connector)).as(connector)
          .noneMatch(grant -> grant.contains(" logins ") || grant.contains("stock.ticks"));
    }
    assertThat(acls.bindings().stream().filter(b -> b.pattern().resourceType() == ResourceType.GROUP)
        .map(b -> b.pattern().name())).doesNotHaveDuplicates();
  }

  @Test
  void aConnectorOnATopicThatTopicsPropertiesDoesNotCreateIsAnError(@TempDir Path tmp) throws Exception {
    Path config = Files.createDirectories(tmp.resolve("config"));
    Files.createDirectories(config.resolve("connectors"));
    for (String file : List.of("connect-distributed.properties", "schema-registry.properties", "topics.properties")) {
      Files.copy(Path.of("..", "config", file), config.resolve(file));
    }
    Files.writeString(config.resolve("connectors").resolve("x.json"),
        "{\"name\": \"x\", \"config\": {\"connector.class\": \"io.strom.sink.PostgresSinkConnector\", \"topics\": \"nowhere\"}}");
    assertThatThrownBy(() -> new DemoAcls(new DemoConfig(config)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nowhere'");
  }

  private Set<String> grants(String principal) {
    return acls.bindings().stream().filter(b -> b.entry().principal().equals("User:" + principal))
        .map(DemoAclsTest::grant).collect(Collectors.toSet());
  }

  private static String grant(AclBinding b) {
    return b.pattern().resourceType() + " " + b.pattern().name() + " " + b.entry().operation();
  }
}
