package io.strom.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made by the JDK's own {@code keytool}:
 * a PKCS12 keystore for a TLS server and a PKCS12 truststore holding only its certificate, so that
 * a client that trusts the truststore trusts that server and nothing else.
 */
public record TestKeystores(Path keystore, Path truststore, String password) {

  public static TestKeystores create(Path dir) {
    String password = "test-" + Long.toHexString(System.nanoTime());
    Path keystore = dir.resolve("server.p12");
    Path certificate = dir.resolve("server.crt");
    Path truststore = dir.resolve("truststore.p12");
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
        "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", password);
    keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(), "-storepass", password,
        "-file", certificate.toString());
    keytool("-importcert", "-noprompt", "-alias", "server", "-file", certificate.toString(),
        "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", password);
    return new TestKeystores(keystore, truststore, password);
  }

  private static void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }

}
