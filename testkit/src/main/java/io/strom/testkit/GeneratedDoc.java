package io.strom.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A committed file under {@code docs/} that a generator keeps in step with the code, for each
 * module's doc test: {@link #committed} is the file as it is, {@link #current} what the generator
 * makes of it now, and the test asserts the two equal. With {@code -Dstrom.docs.update=true} the
 * current text is written first, so the same test regenerates the file.
 */
public record GeneratedDoc(String committed, String current) {

  /** The system property that makes a doc test rewrite its file. */
  public static final String UPDATE_PROPERTY = "strom.docs.update";

  /** A file the generator writes whole. */
  public static GeneratedDoc whole(Path file, Supplier<String> generate) throws IOException {
    return whole(file, generate, Boolean.getBoolean(UPDATE_PROPERTY));
  }

  static GeneratedDoc whole(Path file, Supplier<String> generate, boolean write) throws IOException {
    String committed = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    return update(file, committed, generate.get(), write);
  }

  /**
   * A file written by hand but for what stands between two marker lines, which the generator
   * writes (set off by a blank line on either side).
   *
   * @throws IllegalArgumentException when the file lacks the markers, so that a moved marker fails
   *     the test instead of duplicating the section
   */
  public static GeneratedDoc section(Path file, String startMarker, String endMarker, Supplier<String> generate)
      throws IOException {
    return section(file, startMarker, endMarker, generate, Boolean.getBoolean(UPDATE_PROPERTY));
  }

  static GeneratedDoc section(Path file, String startMarker, String endMarker, Supplier<String> generate,
      boolean write) throws IOException {
    String committed = Files.readString(file, StandardCharsets.UTF_8);
    return update(file, committed, replaceSection(committed, startMarker, endMarker, generate.get()), write);
  }

  static String replaceSection(String document, String startMarker, String endMarker, String section) {
    int start = document.indexOf(startMarker);
    int end = document.indexOf(endMarker);
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("the document lacks the markers " + startMarker + " ... " + endMarker);
    }
    String body = section.endsWith("\n") ? section : section + "\n";
    return document.substring(0, start + startMarker.length()) + "\n\n" + body + "\n" + document.substring(end);
  }

  private static GeneratedDoc update(Path file, String committed, String current, boolean write)
      throws IOException {
    if (!write) {
      return new GeneratedDoc(committed, current);
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, current, StandardCharsets.UTF_8);
    return new GeneratedDoc(current, current);
  }
}
