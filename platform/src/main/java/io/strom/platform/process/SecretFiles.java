package io.strom.platform.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/** Files that hold secrets: readable and writable by their owner only, from the moment they exist. */
public final class SecretFiles {

  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
  private static final SecureRandom RANDOM = new SecureRandom();

  private SecretFiles() {}

  /** A random password of 24 URL-safe characters (nothing to quote in JAAS or properties files). */
  public static String password() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Creates {@code dir} (mode 700) if missing. */
  public static Path directory(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
      }
      Files.setPosixFilePermissions(dir, OWNER_DIR);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  /**
   * Writes {@code content} to {@code file} (mode 600, created so before a byte is written), with no
   * trailing newline: {@code DirectoryConfigProvider} hands a file's content over as it is.
   */
  public static Path write(Path file, String content) {
    try {
      Files.deleteIfExists(file);
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
      Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Restricts an existing file to its owner (e.g. a keystore another tool wrote). */
  static void ownerOnly(Path file) {
    try {
      Files.setPosixFilePermissions(file, OWNER_FILE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restrict " + file, e);
    }
  }
}
