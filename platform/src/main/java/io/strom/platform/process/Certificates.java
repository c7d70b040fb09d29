package io.strom.platform.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's TLS material, made with the JDK's own {@code keytool} at every start: a CA, a server
 * certificate it signs (SAN {@code 127.0.0.1} and {@code localhost}, usable as client certificate
 * too) in a PKCS12 keystore with its chain, and a PKCS12 truststore holding only the CA.
 */
public final class Certificates {

  private static final Logger log = LoggerFactory.getLogger(Certificates.class);
  /** The server certificate's subject; its TLS principal is {@code User:CN=strom-broker}. */
  public static final String SERVER_DN = "CN=strom-broker";
  private static final String VALIDITY_DAYS = "30";

  /** Where the generated files are. */
  public record Files(Path keystore, Path truststore, Path caCertificate) {}

  private Certificates() {}

  /** Generates the CA, the server keystore and the truststore in {@code dir}, all with {@code password}. */
  public static Files generate(Path dir, String password) {
    Path ca = dir.resolve("ca.p12");
    Path caCert = dir.resolve("ca.crt");
    Path keystore = dir.resolve("server.p12");
    Path csr = dir.resolve("server.csr");
    Path serverCert = dir.resolve("server.crt");
    Path truststore = dir.resolve("truststore.p12");
    keytool(password, "-genkeypair", "-alias", "ca", "-dname", "CN=Strom demo CA", "-keyalg", "EC",
        "-groupname", "secp256r1", "-validity", VALIDITY_DAYS, "-ext", "bc:c", "-keystore", ca.toString());
    keytool(password, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caCert.toString());
    keytool(password, "-genkeypair", "-alias", "server", "-dname", SERVER_DN, "-keyalg", "EC",
        "-groupname", "secp256r1", "-validity", VALIDITY_DAYS, "-keystore", keystore.toString());
    keytool(password, "-certreq", "-alias", "server", "-keystore", keystore.toString(), "-file", csr.toString());
    keytool(password, "-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-infile", csr.toString(),
        "-outfile", serverCert.toString(), "-validity", VALIDITY_DAYS,
        "-ext", "SAN=ip:127.0.0.1,dns:localhost",
        "-ext", "KU=digitalSignature,keyAgreement",
        "-ext", "EKU=serverAuth,clientAuth");
    // The CA first, so that the signed certificate's reply chains up to it.
    keytool(password, "-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore", keystore.toString());
    keytool(password, "-importcert", "-noprompt", "-alias", "server", "-file", serverCert.toString(),
        "-keystore", keystore.toString());
    keytool(password, "-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore", truststore.toString());
    SecretFiles.ownerOnly(ca);
    SecretFiles.ownerOnly(keystore);
    SecretFiles.ownerOnly(truststore);
    log.info("generated a CA and a server certificate for 127.0.0.1/localhost in {}", dir);
    return new Files(keystore, truststore, caCert);
  }

  private static void keytool(String password, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    // The password through the environment, not the command line that ps shows.
    command.addAll(List.of("-storetype", "PKCS12", "-storepass:env", "STROM_KEYTOOL_PASSWORD"));
    if (List.of(args).contains("-genkeypair")) {
      command.addAll(List.of("-keypass:env", "STROM_KEYTOOL_PASSWORD"));
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("STROM_KEYTOOL_PASSWORD", password);
    try {
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool " + args[0] + " failed: " + output.strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run keytool", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }
}
