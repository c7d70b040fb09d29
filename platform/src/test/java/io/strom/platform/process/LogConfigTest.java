package io.strom.platform.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the generated configuration in a real log4j2 context of its own (not this JVM's), logs as a
 * Connect task thread does, with the connector context in the MDC, and reads the file it wrote.
 */
class LogConfigTest {

  private static final String CONTEXT = "[iot-sink|task-0] ";
  private static final String LOGGER = "org.apache.kafka.connect.runtime.WorkerSinkTask";

  @TempDir
  Path dir;

  @AfterEach
  void clearContext() {
    ThreadContext.remove("connector.context");
  }

  @Test
  void jsonLinesCarryLevelLoggerMessageExceptionAndConnectorContext() throws IOException {
    List<String> lines = logThroughGeneratedConfig(LogFormat.JSON);

    assertThat(lines).hasSize(2);
    ObjectMapper json = new ObjectMapper();
    JsonNode task = json.readTree(lines.get(0));
    assertThat(task.path("level").asText()).isEqualTo("ERROR");
    assertThat(task.path("logger").asText()).isEqualTo(LOGGER);
    assertThat(task.path("thread").asText()).isEqualTo(Thread.currentThread().getName());
    assertThat(task.path("message").asText()).isEqualTo("commit of offsets failed after 3 attempts");
    assertThat(task.path("connector.context").asText()).isEqualTo(CONTEXT);
    assertThat(task.path("exception").asText())
        .startsWith("java.lang.IllegalStateException: broker gone")
        .contains("at io.strom.platform.process.LogConfigTest.");
    assertThat(task.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

    JsonNode worker = json.readTree(lines.get(1));
    assertThat(worker.path("level").asText()).isEqualTo("INFO");
    assertThat(worker.path("message").asText()).isEqualTo("worker started");
    assertThat(worker.has("exception")).isFalse();
    assertThat(worker.has("connector.context")).isFalse(); // not a connector's thread: no field at all
  }

  @Test
  void textLinesCarryConnectorContextBeforeTheMessage() throws IOException {
    List<String> lines = logThroughGeneratedConfig(LogFormat.TEXT);

    assertThat(lines.get(0)).contains("ERROR WorkerSinkTask - " + CONTEXT + "commit of offsets failed after 3 attempts");
    assertThat(lines.get(1)).startsWith("java.lang.IllegalStateException: broker gone");
    assertThat(lines).anyMatch(line -> line.endsWith("INFO  WorkerSinkTask - worker started"));
  }

  @Test
  void quietsTheChattyKafkaLoggers() throws IOException {
    LogConfig.write(dir.resolve("p-log4j2.xml"), dir.resolve("p.log"), LogFormat.JSON);

    assertThat(Files.readString(dir.resolve("p-log4j2.xml")))
        .contains("<Logger name=\"org.apache.kafka.clients\" level=\"WARN\"/>")
        .contains("<Root level=\"INFO\">");
  }

  /** A task line (context set, with an exception), a DEBUG line below the level, then a worker line. */
  private List<String> logThroughGeneratedConfig(LogFormat format) throws IOException {
    Path config = dir.resolve("connect-1-log4j2.xml");
    Path logFile = dir.resolve("connect-1.log");
    LogConfig.write(config, logFile, format);

    LoggerContext context = new LoggerContext("log-config-test-" + format);
    context.start(ConfigurationFactory.getInstance().getConfiguration(context, "test", config.toUri()));
    try {
      Logger log = context.getLogger(LOGGER);
      ThreadContext.put("connector.context", CONTEXT);
      log.error("commit of offsets failed after {} attempts", 3, new IllegalStateException("broker gone"));
      log.debug("not written: below INFO");
      ThreadContext.remove("connector.context");
      log.info("worker started");
    } finally {
      context.stop();
    }
    return new ArrayList<>(Files.readAllLines(logFile));
  }
}
