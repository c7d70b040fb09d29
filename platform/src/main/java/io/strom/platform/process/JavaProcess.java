package io.strom.platform.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server of the demo as its own operating-system process: a JVM running a real main class
 * (Kafka's broker, {@code ConnectDistributed}, the registry), its output in a log file. Stopping
 * sends SIGTERM first so that the server runs its own shutdown, as it would under a supervisor.
 */
public final class JavaProcess implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JavaProcess.class);
  private static final long GRACEFUL_STOP_SECONDS = 30;
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final String name;
  private final Process process;
  private final Path logFile;

  private JavaProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
  }

  /**
   * Starts {@code mainClass} in a new JVM. Its log4j2 output goes to {@code logFile} (through a
   * generated configuration, in {@code logFormat}), stdout and stderr to {@code <name>.out} beside it.
   */
  static JavaProcess start(String name, String classpath, String mainClass, List<String> args,
                           List<String> jvmOptions, Map<String, String> env, Path logFile, LogFormat logFormat) {
    Path log4jConfig = logFile.resolveSibling(name + "-log4j2.xml");
    LogConfig.write(log4jConfig, logFile, logFormat);
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      // Its own session: Ctrl-C in the terminal reaches only the demo, which then stops the
      // servers in order (Connect before the broker) instead of all of them at once.
      command.add(SETSID.toString());
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-Dlog4j2.configurationFile=" + log4jConfig.toUri());
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.resolveSibling(name + ".out").toFile()));
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      log.info("started {} (pid {}), log {}", name, process.pid(), logFile);
      return new JavaProcess(name, process, logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  public String name() {
    return name;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The operating-system process id (the JVM itself: setsid execs it in place). */
  public long pid() {
    return process.pid();
  }

  /** {@code kill -9}: no shutdown hook runs, nothing is flushed or committed (fault tests). */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " survived SIGKILL for 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing " + name, e);
    }
    log.info("killed {} (pid {}) with SIGKILL", name, process.pid());
  }

  /** Sends a signal by name ({@code STOP}, {@code CONT}) through {@code kill}, e.g. to make a zombie. */
  void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
      }
      log.info("sent SIG{} to {} (pid {})", signal, name, process.pid());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling " + name, e);
    }
  }

  /** Fails with the log's location when the process has died (e.g. while waiting for it to listen). */
  void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited with code " + process.exitValue()
          + "; see " + logFile + " and " + logFile.resolveSibling(name + ".out"));
    }
  }

  /**
   * Waits until {@code ready} holds, failing fast when the process dies. If waiting fails (timeout,
   * crash, Ctrl-C), stops the process gracefully before rethrowing, so that nothing is left behind.
   */
  void awaitReady(String what, Duration timeout, BooleanSupplier ready) {
    try {
      Ports.await(what, timeout, this::requireAlive, ready);
    } catch (RuntimeException e) {
      boolean interrupted = Thread.interrupted();
      close();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      throw e;
    }
  }

  /** Waits for a one-shot tool to finish, failing unless it exits with 0. */
  void waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        close();
        throw new IllegalStateException(name + " did not finish within " + timeout.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(name + " failed with exit code " + process.exitValue()
          + "; see " + logFile.resolveSibling(name + ".out"));
    }
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(GRACEFUL_STOP_SECONDS, TimeUnit.SECONDS)) {
        log.warn("{} did not stop within {} s, killing it", name, GRACEFUL_STOP_SECONDS);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
