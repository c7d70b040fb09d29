package io.strom.bench;

import java.util.List;
import picocli.CommandLine;

/** Command-line flags of a benchmark that takes its own ({@code ./strom bench NAME --records 1_000_000}). */
public final class BenchFlags {

  private BenchFlags() {
  }

  /** Reads a count written with or without digit separators: 1000000, 1_000_000. */
  public static final class Count implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return Integer.parseInt(value.replace("_", ""));
    }
  }

  /** {@code options} filled from {@code args}, or null after printing the usage for --help. */
  public static <T> T parse(T options, List<String> args) {
    CommandLine commandLine = new CommandLine(options);
    commandLine.parseArgs(args.toArray(String[]::new));
    if (commandLine.isUsageHelpRequested()) {
      commandLine.usage(System.out);
      return null;
    }
    return options;
  }
}
