package io.strom.platform.quality;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A rule the quality report scores, as its file declares it with a comment line above the
 * {@code CREATE}: {@code -- quality: detects SCENARIO by COLUMN} (its alerts detect that scenario,
 * the entity being the column both the alert row and the feed's records have), or
 * {@code -- quality: predicts SCENARIO by COLUMN when FIELD > VALUE} (its warnings should come
 * before the episode's first record with FIELD above VALUE). Rules without the line are not scored.
 */
record ScoredRule(String name, Path file, Kind kind, String scenario, String entity, String field, double threshold) {

  enum Kind { DETECTS, PREDICTS }

  private static final Pattern ANNOTATION = Pattern.compile(
      "--\\s*quality:\\s*(detects|predicts)\\s+([a-z_]+)\\s+by\\s+([A-Za-z_][A-Za-z0-9_]*)"
          + "(?:\\s+when\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*>\\s*(-?[0-9.]+))?\\s*$");
  private static final Pattern CREATE = Pattern.compile(
      "^\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:STREAM|TABLE)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([A-Za-z_][A-Za-z0-9_]*)",
      Pattern.CASE_INSENSITIVE);

  /** The table the sink writes the rule's outputs to: its name in lower case. */
  String table() {
    return name.toLowerCase(Locale.ROOT);
  }

  /** Every annotated rule of the {@code .sql} files in {@code dir}, in file order. */
  static List<ScoredRule> in(Path dir) {
    List<ScoredRule> rules = new ArrayList<>();
    for (Path file : sqlFiles(dir)) {
      rules.addAll(in(file, read(file)));
    }
    return rules;
  }

  static List<ScoredRule> in(Path file, String script) {
    List<ScoredRule> rules = new ArrayList<>();
    Matcher pending = null;
    for (String line : script.split("\n")) {
      Matcher annotation = ANNOTATION.matcher(line.strip());
      if (annotation.matches()) {
        pending = annotation;
        continue;
      }
      Matcher create = CREATE.matcher(line);
      if (create.find()) {
        if (pending != null) {
          boolean predicts = pending.group(1).equals("predicts");
          if (predicts && pending.group(4) == null) {
            throw new IllegalArgumentException(file + ": 'predicts' needs 'when FIELD > VALUE': " + pending.group());
          }
          rules.add(new ScoredRule(create.group(1), file, predicts ? Kind.PREDICTS : Kind.DETECTS, pending.group(2),
              pending.group(3).toLowerCase(Locale.ROOT),
              predicts ? pending.group(4).toLowerCase(Locale.ROOT) : null,
              predicts ? Double.parseDouble(pending.group(5)) : Double.NaN));
        }
        pending = null;
      } else if (!line.strip().startsWith("--")) {
        // an annotation belongs to the statement right below its comment block
        if (!line.isBlank()) {
          pending = null;
        }
      }
    }
    return rules;
  }

  static List<Path> sqlFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".sql")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
