package io.strom.platform.demo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The principals of {@code ./strom demo --secure} and their ACLs, derived from {@code config/}:
 * the worker properties (group, internal topics), the registry's topic, {@code topics.properties}
 * and each connector's JSON. Every grant is a literal resource: a connector's principal may use its
 * own topics, its own consumer group and its own transactional ids, nothing else.
 *
 * <ul>
 *   <li>the worker ({@value #WORKER}): its group; its config, offset and status topics (it creates
 *       them); with exactly-once sources the leader's transactional id {@code connect-cluster-<group.id>};
 *   <li>an exactly-once source: write on its topic; write and read on the worker's offsets topic
 *       (its tasks commit their offsets in their own transaction, and read them back with the
 *       connector's own consumer); write on the transactional ids {@code <group.id>-<name>-<task>}
 *       for task 0 to {@code tasks.max - 1} (its admin fences them on every reconfiguration);
 *   <li>a sink: read on its topics and on its group {@code connect-<name>}; write on its
 *       dead-letter topic;
 *   <li>the registry ({@value #REGISTRY}): its topic ({@code kafkastore.topic}), which it creates.
 * </ul>
 */
final class DemoAcls {

  static final String WORKER = "connect";
  static final String REGISTRY = "registry";

  private final List<AclBinding> bindings = new ArrayList<>();
  private final Set<String> principals = new LinkedHashSet<>();

  DemoAcls(DemoConfig config) {
    Properties worker = config.workerProperties();
    String group = worker.getProperty("group.id");
    String offsetsTopic = worker.getProperty("offset.storage.topic");
    boolean exactlyOnce = "enabled".equalsIgnoreCase(worker.getProperty("exactly.once.source.support", "disabled"));

    principals.add(WORKER);
    allow(WORKER, ResourceType.GROUP, group, AclOperation.READ);
    for (String topic : List.of(worker.getProperty("config.storage.topic"), offsetsTopic,
        worker.getProperty("status.storage.topic"))) {
      allow(WORKER, ResourceType.TOPIC, topic, AclOperation.CREATE, AclOperation.DESCRIBE_CONFIGS,
          AclOperation.READ, AclOperation.WRITE);
    }
    if (exactlyOnce) {
      allow(WORKER, ResourceType.TRANSACTIONAL_ID, "connect-cluster-" + group, AclOperation.WRITE);
    }

    String registryTopic = config.registryProperties().getProperty("kafkastore.topic", "_schemas");
    principals.add(REGISTRY);
    allow(REGISTRY, ResourceType.TOPIC, registryTopic, AclOperation.CREATE, AclOperation.DESCRIBE_CONFIGS,
        AclOperation.READ, AclOperation.WRITE);

    Set<String> topics = config.topics().keySet();
    for (DemoConfig.Connector connector : config.connectors()) {
      String principal = principal(connector.name());
      principals.add(principal);
      if (connector.isSink()) {
        for (String topic : connector.config().path("topics").asText("").split(",")) {
          allow(principal, ResourceType.TOPIC, known(topics, topic.trim(), connector), AclOperation.READ);
        }
        allow(principal, ResourceType.GROUP, "connect-" + connector.name(), AclOperation.READ);
        String dlq = connector.config().path("errors.deadletterqueue.topic.name").asText("");
        if (!dlq.isBlank()) {
          allow(principal, ResourceType.TOPIC, known(topics, dlq, connector), AclOperation.WRITE);
        }
      } else {
        allow(principal, ResourceType.TOPIC, known(topics, connector.config().path("topic").asText(""), connector),
            AclOperation.WRITE);
        if (exactlyOnce) {
          allow(principal, ResourceType.TOPIC, offsetsTopic, AclOperation.READ, AclOperation.WRITE);
          int tasks = connector.config().path("tasks.max").asInt(1);
          for (int task = 0; task < tasks; task++) {
            allow(principal, ResourceType.TRANSACTIONAL_ID, group + "-" + connector.name() + "-" + task,
                AclOperation.WRITE);
          }
        }
      }
    }
  }

  /** A connector's Kafka principal. */
  static String principal(String connector) {
    return "connector-" + connector;
  }

  /** Every principal that needs a SCRAM credential, the worker first. */
  Set<String> principals() {
    return principals;
  }

  List<AclBinding> bindings() {
    return bindings;
  }

  private static String known(Set<String> topics, String topic, DemoConfig.Connector connector) {
    if (!topics.contains(topic)) {
      throw new IllegalArgumentException(connector.file() + " uses topic '" + topic
          + "', which topics.properties does not create");
    }
    return topic;
  }

  private void allow(String principal, ResourceType type, String name, AclOperation... operations) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("no " + type + " name for " + principal);
    }
    for (AclOperation operation : operations) {
      bindings.add(new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
          new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW)));
    }
  }
}
