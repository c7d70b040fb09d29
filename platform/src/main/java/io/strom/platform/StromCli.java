package io.strom.platform;

import io.strom.platform.demo.DemoCommand;
import io.strom.platform.quality.QualityCommand;
import io.strom.platform.replay.ReplayCommand;
import io.strom.platform.rules.RulesCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code ./strom} command. Each area of the product contributes one subcommand;
 * {@code ./strom bench} is dispatched by the launcher script to the bench module instead,
 * so that benchmark-only dependencies never weigh on this command.
 */
@Command(
    name = "strom",
    mixinStandardHelpOptions = true,
    versionProvider = StromVersion.class,
    description = "Strom: Kafka Connect plugins and ksqlDB-style rules for real-time streams.",
    subcommands = {CommandLine.HelpCommand.class, DemoCommand.class, RulesCommand.class,
        ReplayCommand.class, QualityCommand.class})
public final class StromCli {

  public static void main(String[] args) {
    System.exit(new CommandLine(new StromCli()).execute(args));
  }
}
