package io.strom.bench;

import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.Map;

/** {@code ./strom bench NAME [ARGS...]}: runs one registered {@link Benchmark}. */
public final class BenchMain {

  public static void main(String[] args) throws Exception {
    Map<String, Benchmark> benchmarks = new TreeMap<>();
    ServiceLoader.load(Benchmark.class).forEach(b -> benchmarks.put(b.name(), b));
    Benchmark chosen = args.length == 0 ? null : benchmarks.get(args[0]);
    if (chosen == null) {
      System.err.println(args.length == 0 ? "usage: strom bench NAME [ARGS...]" : "unknown benchmark: " + args[0]);
      System.err.println("benchmarks:");
      benchmarks.values().forEach(b -> System.err.printf("  %-18s %s%n", b.name(), b.description()));
      System.exit(2);
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    chosen.run(rest);
  }
}
