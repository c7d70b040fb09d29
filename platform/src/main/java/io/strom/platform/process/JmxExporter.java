package io.strom.platform.process;

import java.nio.file.Path;
import java.util.List;

/**
 * The Prometheus JMX exporter agent on one Kafka JVM: it serves that JVM's MBeans, renamed by a
 * rules file of {@code monitoring/jmx-exporter/}, as Prometheus metrics on a free loopback port.
 */
public final class JmxExporter {

  static final String AGENT_JAR_PREFIX = "jmx_prometheus_javaagent-";

  private final Path rules;
  private final int port;

  private JmxExporter(Path rules, int port) {
    this.rules = rules;
    this.port = port;
  }

  /** An exporter with the rules in {@code rules} (a YAML file), on a port of its own. */
  public static JmxExporter withRules(Path rules) {
    return new JmxExporter(rules.toAbsolutePath(), Ports.free());
  }

  /** The JVM option that loads the agent: {@code -javaagent:<jar>=127.0.0.1:<port>:<rules>}. */
  String jvmOption() {
    return "-javaagent:" + Classpaths.jmxExporterAgent().toAbsolutePath() + "=127.0.0.1:" + port + ":" + rules;
  }

  /** host:port, as a Prometheus scrape target names it. */
  public String target() {
    return "127.0.0.1:" + port;
  }

  /** Where Prometheus scrapes the metrics. */
  public String url() {
    return "http://" + target() + "/metrics";
  }
}
