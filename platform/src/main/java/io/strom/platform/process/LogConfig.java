package io.strom.platform.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A log4j2 configuration that sends a child process's logs to one file, at INFO. */
final class LogConfig {

  private LogConfig() {}

  static void write(Path configFile, Path logFile) {
    String xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Configuration status="WARN">
          <Appenders>
            <File name="file" fileName="%s">
              <PatternLayout pattern="[%%d] %%-5level %%c{1} - %%msg%%n"/>
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
        """.formatted(logFile.toAbsolutePath());
    try {
      Files.writeString(configFile, xml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
