package io.strom.platform.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.strom.platform.StromCli;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

/** The command line: picocli would read ${rule} as a variable of its own unless escaped. */
class ReplayCommandTest {

  @Test
  void placeholdersSurviveInDefaultsAndHelp() {
    CommandLine cli = new CommandLine(new StromCli());
    CommandLine.ParseResult parsed = cli.parseArgs("replay", "--rules", "v2.sql", "--as", "iot-sink-v2", "--from", "iot-sink");
    ReplayCommand replay = (ReplayCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(replay.viewFormat).isEqualTo("${rule}_current");
    assertThat(replay.ruleTables).isNull();
    String help = cli.getSubcommands().get("replay").getUsageMessage();
    assertThat(help).contains("default: ${rule}_current", "default: ${rule}_NAME", "v2_${topic}").doesNotContain("null");
  }
}
