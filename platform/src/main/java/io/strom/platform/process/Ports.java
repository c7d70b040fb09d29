package io.strom.platform.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** Free loopback ports and waiting for a server to listen. */
final class Ports {

  /**
   * Servers' ports come from below Linux's ephemeral range (32768-60999 by default), where every
   * outgoing connection takes its local port: a port the OS hands out as free there can be taken
   * by some client's connection before the server that was given it binds it. A start at random
   * keeps two JVMs picking at once apart; each port is handed out once per JVM.
   */
  private static final int LOW = 20_000;
  private static final int HIGH = 32_000;
  private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(HIGH - LOW));

  private Ports() {}

  static int free() {
    for (int attempt = 0; attempt < HIGH - LOW; attempt++) {
      int port = LOW + Math.floorMod(NEXT.getAndIncrement(), HIGH - LOW);
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException taken) {
        // in use: try the next one
      }
    }
    throw new UncheckedIOException(new IOException("no free port in " + LOW + "-" + HIGH));
  }

  static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Polls {@code ready} until it holds; {@code alive} is checked first so that a crash fails fast. */
  static void await(String what, Duration timeout, Runnable alive, BooleanSupplier ready) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      alive.run();
      if (ready.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + " not ready after " + timeout.toSeconds() + " s");
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }
}
