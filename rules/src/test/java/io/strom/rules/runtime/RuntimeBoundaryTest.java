package io.strom.rules.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime is the end of the one-way chain parser -> analyzer -> execution -> runtime: it may
 * import nothing of the rules library outside {@code io.strom.rules.runtime}, and only the JDK.
 */
class RuntimeBoundaryTest {

  private static final Path RUNTIME = Path.of("src/main/java/io/strom/rules/runtime");

  @Test
  void runtimeImportsOnlyItselfAndTheJdk() throws IOException {
    assertThat(RUNTIME).isDirectory();
    List<String> imports;
    try (Stream<Path> files = Files.walk(RUNTIME)) {
      imports = files.filter(f -> f.toString().endsWith(".java"))
          .flatMap(RuntimeBoundaryTest::imports)
          .collect(Collectors.toList());
    }
    assertThat(imports).contains("io.strom.rules.runtime.state.StateWriter", "java.util.List");
    assertThat(imports).allMatch(i -> i.startsWith("java.") || i.startsWith("io.strom.rules.runtime."));
  }

  private static Stream<String> imports(Path file) {
    try {
      return Files.readAllLines(file).stream()
          .map(String::trim)
          .filter(line -> line.startsWith("import "))
          .map(line -> line.replaceFirst("^import (static )?", "").replace(";", ""));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
