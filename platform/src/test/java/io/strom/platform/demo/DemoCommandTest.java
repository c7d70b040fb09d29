package io.strom.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strom.platform.process.LogFormat;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {

  @Test
  void logFormatIsTextUnlessJsonIsAskedFor() {
    assertThat(parse().logFormat).isEqualTo(LogFormat.TEXT);
    assertThat(parse("--log-format", "json").logFormat).isEqualTo(LogFormat.JSON);
    assertThat(parse("--log-format", "TEXT").logFormat).isEqualTo(LogFormat.TEXT);
  }

  @Test
  void rejectsAnUnknownLogFormat() {
    assertThatThrownBy(() -> parse("--log-format", "xml"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("expected text or json, not 'xml'");
  }

  @Test
  void secureIsOffUnlessAskedFor() {
    assertThat(parse().secure).isFalse();
    assertThat(parse("--secure").secure).isTrue();
  }

  private static DemoCommand parse(String... args) {
    DemoCommand command = new DemoCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }
}
