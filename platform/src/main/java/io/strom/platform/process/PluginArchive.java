package io.strom.platform.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** The Strom plugin archive, unpacked into the folder the Connect workers get as plugin.path. */
public final class PluginArchive {

  private PluginArchive() {}

  /** Unpacks {@code archive} (Confluent Hub layout: one top folder with manifest.json and lib/) into {@code pluginPath}. */
  public static void unpack(Path archive, Path pluginPath) {
    if (Files.isDirectory(archive)) {
      throw new IllegalArgumentException(archive + " is a folder; give the plugin .zip");
    }
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        Path out = pluginPath.resolve(entry.getName()).normalize();
        if (!out.startsWith(pluginPath)) {
          throw new IllegalArgumentException(archive + ": entry outside the archive root: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + archive, e);
    }
  }
}
