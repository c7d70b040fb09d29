package io.strom.platform.process;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A Connect worker's own metrics, read over JMX (loopback only): the running totals of records
 * each task has written (sources) or read (sinks), from which the monitor computes rates, and the
 * heap in use.
 */
public final class WorkerMetrics implements AutoCloseable {

  /** Task identity, "connector/task", to its running record total. */
  public record TaskTotal(String connector, int task, double records) {}

  private final int port;
  private JMXConnector connector;

  WorkerMetrics(int port) {
    this.port = port;
  }

  /** Totals of every task on this worker; empty when the worker does not answer (yet). */
  public Map<String, TaskTotal> taskTotals() {
    Map<String, TaskTotal> totals = new HashMap<>();
    try {
      MBeanServerConnection server = connection();
      read(server, "source-task-metrics", "source-record-write-total", totals);
      read(server, "sink-task-metrics", "sink-record-read-total", totals);
    } catch (Exception e) {
      close(); // reconnect next time
    }
    return totals;
  }

  /** Bytes of heap in use right now (java.lang:type=Memory); -1 when the worker does not answer. */
  long heapUsedBytes() {
    try {
      Object usage = connection().getAttribute(new ObjectName("java.lang:type=Memory"), "HeapMemoryUsage");
      return ((Number) ((javax.management.openmbean.CompositeData) usage).get("used")).longValue();
    } catch (Exception e) {
      close(); // reconnect next time
      return -1;
    }
  }

  private static void read(MBeanServerConnection server, String type, String attribute,
                           Map<String, TaskTotal> totals) throws Exception {
    for (ObjectName name : server.queryNames(new ObjectName("kafka.connect:type=" + type + ",*"), null)) {
      Object value = server.getAttribute(name, attribute);
      String connectorName = ObjectName.unquote(quoted(name.getKeyProperty("connector")));
      int task = Integer.parseInt(name.getKeyProperty("task"));
      totals.put(connectorName + "/" + task,
          new TaskTotal(connectorName, task, value instanceof Number n ? n.doubleValue() : 0));
    }
  }

  private static String quoted(String value) {
    return value.startsWith("\"") ? value : "\"" + value + "\"";
  }

  private MBeanServerConnection connection() throws IOException {
    if (connector == null) {
      JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
      connector = JMXConnectorFactory.connect(url, Map.of("jmx.remote.x.request.waiting.timeout", 3000L));
    }
    return connector.getMBeanServerConnection();
  }

  @Override
  public void close() {
    if (connector != null) {
      try {
        connector.close();
      } catch (IOException ignored) {
        // the worker is gone; nothing to release
      }
      connector = null;
    }
  }
}
