package io.strom.platform.process;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Java properties files: the templates in {@code config/} read, and each server's own copy (with
 * this machine's addresses) written before it starts. I/O failures are unchecked: the demo reports
 * them and stops.
 */
public final class PropertiesFile {

  private PropertiesFile() {}

  public static Properties read(Path file) {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      props.load(in);
      return props;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static void write(Path file, Properties props, String comment) {
    try (Writer out = Files.newBufferedWriter(file)) {
      props.store(out, comment);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
