package io.strom.bench;

import java.util.List;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code ./strom bench NAME [ARGS...]}: runs one registered {@link Benchmark}. Each benchmark is a
 * picocli subcommand (so {@code ./strom bench --help} lists them); its own arguments go to it
 * unparsed, as each benchmark documents them.
 */
public final class BenchMain {

  public static void main(String[] args) {
    CommandLine bench = new CommandLine(CommandSpec.create().name("strom bench")
        .addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build()));
    bench.getCommandSpec().usageMessage().description("Runs one benchmark against its baseline, in this process.");
    for (Benchmark benchmark : ServiceLoader.load(Benchmark.class)) {
      CommandSpec spec = CommandSpec.wrapWithoutInspection(benchmark).name(benchmark.name());
      spec.usageMessage().description(benchmark.description());
      spec.addPositional(PositionalParamSpec.builder().arity("0..*").paramLabel("ARGS").type(String[].class)
          .description("the benchmark's own arguments").build());
      spec.parser().unmatchedOptionsArePositionalParams(true);
      bench.addSubcommand(benchmark.name(), new CommandLine(spec));
    }
    bench.setExecutionStrategy(BenchMain::run);
    System.exit(bench.execute(args));
  }

  private static int run(ParseResult parsed) throws CommandLine.ExecutionException {
    if (CommandLine.executeHelpRequest(parsed) != null) {
      return 0;
    }
    if (!parsed.hasSubcommand()) {
      parsed.commandSpec().commandLine().usage(System.err);
      return 2;
    }
    ParseResult chosen = parsed.subcommand();
    Benchmark benchmark = (Benchmark) chosen.commandSpec().userObject();
    List<String> benchmarkArgs = chosen.matchedPositionals().isEmpty() ? List.of()
        : List.of((String[]) chosen.matchedPositionals().get(0).getValue());
    try {
      benchmark.run(benchmarkArgs);
      return 0;
    } catch (CommandLine.ParameterException e) {
      System.err.println(benchmark.name() + ": " + e.getMessage());
      e.getCommandLine().usage(System.err);
      return 2;
    } catch (Exception e) {
      throw new CommandLine.ExecutionException(chosen.commandSpec().commandLine(), benchmark.name() + " failed", e);
    }
  }
}
