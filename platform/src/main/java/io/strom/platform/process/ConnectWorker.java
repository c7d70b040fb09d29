package io.strom.platform.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * One Kafka Connect worker in distributed mode: Kafka's own {@code ConnectDistributed} main
 * class with the worker properties from {@code config/}, where only the addresses of this
 * machine's servers and the plugin path are replaced. The Strom plugins come from plugin.path
 * alone (the worker's class path has no Strom jar), discovered through their ServiceLoader
 * manifests.
 */
public final class ConnectWorker implements AutoCloseable {

  private final JavaProcess process;
  private final int restPort;
  private final WorkerMetrics metrics;
  private final JmxExporter exporter;
  /** The REST API's {@code Authorization} header value; null when it has no authentication. */
  private final String restAuthorization;

  private ConnectWorker(JavaProcess process, int restPort, WorkerMetrics metrics, JmxExporter exporter,
                        String restAuthorization) {
    this.process = process;
    this.restPort = restPort;
    this.metrics = metrics;
    this.exporter = exporter;
    this.restAuthorization = restAuthorization;
  }

  /**
   * Starts worker {@code index}; {@code env} holds the values that connector configs read through
   * the worker's {@code env} config provider ({@code ${env:NAME}}).
   */
  public static ConnectWorker start(int index, Properties template, String bootstrapServers, Path pluginPath,
                                    Map<String, String> env, Path workDir, Path logDir) {
    return start(index, template, bootstrapServers, pluginPath, env, workDir, logDir, LogFormat.TEXT);
  }

  /** As above, the worker logging in {@code logFormat}. */
  public static ConnectWorker start(int index, Properties template, String bootstrapServers, Path pluginPath,
                                    Map<String, String> env, Path workDir, Path logDir, LogFormat logFormat) {
    return start(index, template, bootstrapServers, pluginPath, env, workDir, logDir, logFormat, null, null, null);
  }

  /**
   * As above, with the Prometheus JMX {@code exporter} on the worker's JVM (null: none); with
   * {@code security} (null: none) the worker's clients authenticate as {@code principal} over
   * SASL_SSL and its REST API asks for basic auth, see {@link SecurityProfile}.
   */
  public static ConnectWorker start(int index, Properties template, String bootstrapServers, Path pluginPath,
                                    Map<String, String> env, Path workDir, Path logDir, LogFormat logFormat,
                                    JmxExporter exporter, SecurityProfile security, String principal) {
    int restPort = Ports.free();
    int jmxPort = Ports.free();
    Properties props = new Properties();
    props.putAll(template);
    props.setProperty("bootstrap.servers", bootstrapServers);
    props.setProperty("listeners", "http://127.0.0.1:" + restPort);
    props.setProperty("rest.advertised.host.name", "127.0.0.1");
    props.setProperty("rest.advertised.port", Integer.toString(restPort));
    props.setProperty("plugin.path", pluginPath.toAbsolutePath().toString());
    props.setProperty("plugin.discovery", "service_load");
    if (security != null) {
      SecurityProfile.apply(props, security.workerProperties(principal, template.getProperty("config.providers")));
    }
    String name = "connect-" + index;
    Path config = workDir.resolve(name + ".properties");
    PropertiesFile.write(config, props, "Strom demo: Connect worker " + index + " (from config/connect-distributed.properties)");

    List<String> jvm = new ArrayList<>(List.of("-Xmx768m", "-XX:+UseSerialGC",
        "-Djava.rmi.server.hostname=127.0.0.1",
        "-Dcom.sun.management.jmxremote.host=127.0.0.1",
        "-Dcom.sun.management.jmxremote.port=" + jmxPort,
        "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
        "-Dcom.sun.management.jmxremote.authenticate=false",
        "-Dcom.sun.management.jmxremote.ssl=false"));
    if (exporter != null) {
      jvm.add(exporter.jvmOption());
    }
    if (security != null) {
      jvm.addAll(security.workerJvmOptions());
    }
    JavaProcess process = JavaProcess.start(name, Classpaths.kafkaOnly(),
        "org.apache.kafka.connect.cli.ConnectDistributed", List.of(config.toString()),
        jvm, env, logDir.resolve(name + ".log"), logFormat);
    return new ConnectWorker(process, restPort, new WorkerMetrics(jmxPort), exporter,
        security != null ? security.restAuthorization() : null);
  }

  /** Waits until the worker has joined the group and serves REST (workers start in parallel). */
  public void awaitReady() {
    ConnectRest rest = rest();
    process.awaitReady(process.name() + " REST API", Duration.ofSeconds(120), rest::ready);
  }

  /** Connect's worker_id for this worker, as the REST status names it: the advertised host:port. */
  public String id() {
    return "127.0.0.1:" + restPort;
  }

  public String restUrl() {
    return "http://127.0.0.1:" + restPort;
  }

  public ConnectRest rest() {
    return new ConnectRest(restUrl(), restAuthorization);
  }

  /** The worker's own metrics, read over its JMX port. */
  public WorkerMetrics metrics() {
    return metrics;
  }

  /** The worker's Prometheus metrics endpoint, if it runs the JMX exporter. */
  public Optional<JmxExporter> exporter() {
    return Optional.ofNullable(exporter);
  }

  public JavaProcess process() {
    return process;
  }

  @Override
  public void close() {
    metrics.close();
    process.close();
  }
}
