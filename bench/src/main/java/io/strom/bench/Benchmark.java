package io.strom.bench;

import java.util.List;

/**
 * One benchmark that {@code ./strom bench NAME} can run. Implementations are listed in
 * {@code META-INF/services/io.strom.bench.Benchmark}. Each runs its baseline in the same process
 * on the same input and reports through {@link Report}.
 */
public interface Benchmark {

  /** The NAME on the command line, e.g. {@code rules-stateless}. */
  String name();

  /** One line for the list of benchmarks. */
  String description();

  void run(List<String> args) throws Exception;
}
