package io.strom.platform.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A log4j2 configuration that sends a child process's logs to one file, at INFO, as text or as
 * JSON lines. Both carry Connect's {@code connector.context} (the MDC value such as
 * {@code "[iot-sink|task-0] "} that Connect sets on its connector and task threads), so that a line
 * names the connector and task it comes from, as Kafka's own connect-log4j2 configuration does.
 */
final class LogConfig {

  /** The text layout: Kafka's connect-log4j2 pattern puts the context right before the message, too. */
  private static final String TEXT_PATTERN = "[%d] %-5level %c{1} - %X{connector.context}%msg%n";
  /** The JSON event template, shipped in this jar and copied beside each configuration. */
  private static final String JSON_TEMPLATE = "log-event-template.json";

  private LogConfig() {}

  static void write(Path configFile, Path logFile, LogFormat format) {
    String layout = switch (format) {
      case TEXT -> "<PatternLayout pattern=\"" + TEXT_PATTERN + "\"/>";
      // The child's class path has no Strom jar (Kafka's processes), so the template goes to a file.
      case JSON -> "<JsonTemplateLayout eventTemplateUri=\"" + copyTemplate(configFile).toUri() + "\"/>";
    };
    String xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Configuration status="WARN">
          <Appenders>
            <File name="file" fileName="%s">
              %s
            </File>
          </Appenders>
          <Loggers>
            <Logger name="org.apache.kafka.clients" level="WARN"/>
            <Logger name="org.apache.kafka.common.utils.AppInfoParser" level="WARN"/>
            <Logger name="org.apache.kafka.common.config.AbstractConfig" level="WARN"/>
            <Logger name="org.reflections" level="ERROR"/>
            <Logger name="org.apache.kafka.connect.runtime.rest.RestServer" level="WARN"/>
            <Root level="INFO">
              <AppenderRef ref="file"/>
            </Root>
          </Loggers>
        </Configuration>
        """.formatted(logFile.toAbsolutePath(), layout);
    try {
      Files.writeString(configFile, xml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path copyTemplate(Path configFile) {
    // One copy per process: a JVM starting up must not read a file the next one is rewriting.
    Path template = configFile.resolveSibling(configFile.getFileName().toString().replace(".xml", "-template.json"));
    try (InputStream in = LogConfig.class.getResourceAsStream(JSON_TEMPLATE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + JSON_TEMPLATE + " missing from the class path");
      }
      Files.copy(in, template, StandardCopyOption.REPLACE_EXISTING);
      return template;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + template, e);
    }
  }
}
