package io.strom.platform.demo;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The project folder that holds {@code config/}: {@code -Dstrom.home}, the working directory, or above this jar. */
public final class StromHome {

  private StromHome() {}

  public static Path find() {
    String property = System.getProperty("strom.home");
    if (property != null) {
      return Path.of(property).toAbsolutePath();
    }
    Path cwd = Path.of("").toAbsolutePath();
    if (isHome(cwd)) {
      return cwd;
    }
    try {
      Path code = Path.of(StromHome.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path p = code; p != null; p = p.getParent()) {
        if (isHome(p)) {
          return p;
        }
      }
    } catch (URISyntaxException | SecurityException e) {
      // fall through to the working directory
    }
    return cwd;
  }

  /** The plugin archive {@code distribution/} built under {@code home} (what the demo puts on plugin.path). */
  public static Path pluginArchive(Path home) {
    Path target = home.resolve("distribution").resolve("target");
    try (java.util.stream.Stream<Path> files = Files.exists(target) ? Files.list(target) : java.util.stream.Stream.empty()) {
      return files.filter(f -> f.getFileName().toString().endsWith(".zip")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no plugin archive in " + target
              + "; build it with: mvn -B -q -DskipTests -pl distribution -am package"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean isHome(Path dir) {
    return Files.isRegularFile(dir.resolve("config").resolve("connect-distributed.properties"));
  }
}
