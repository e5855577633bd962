package dev.sundae.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One server started as a child process, its output kept in a log file under {@code
 * target/server-logs}, so that a failed test leaves the server's side of the story behind. A JVM
 * that ends without closing it (a test run stopped with Ctrl-C or SIGTERM) stops it on the way out;
 * only SIGKILL of the JVM leaves it running.
 */
public final class ServerProcess implements AutoCloseable {

  private static final java.util.concurrent.atomic.AtomicInteger SEQUENCE =
      new java.util.concurrent.atomic.AtomicInteger();

  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path logFile;
  private Process process;
  private Thread onExit;

  public ServerProcess(String name, List<String> command, Map<String, String> environment) {
    this.name = name;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.logFile =
        logDirectory()
            .resolve(
                name
                    + "-"
                    + ProcessHandle.current().pid()
                    + "-"
                    + SEQUENCE.incrementAndGet()
                    + ".log");
  }

  /** Folder for server logs: {@code -Dsundae.logs}, else {@code target/server-logs}. */
  public static Path logDirectory() {
    Path dir = Path.of(System.getProperty("sundae.logs", "target/server-logs"));
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A TCP port on the loopback interface that nothing listens on right now. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ServerProcess start() {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    builder.environment().putAll(environment);
    try {
      Files.writeString(
          logFile,
          "$ " + String.join(" ", command) + System.lineSeparator(),
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start " + name + ": " + e.getMessage(), e);
    }
    forgetOnExit();
    onExit = new Thread(this::stop, "stop-" + name);
    Runtime.getRuntime().addShutdownHook(onExit);
    return this;
  }

  /**
   * Waits until {@code ready} holds, failing early with the log's tail if the process exits, and
   * after {@code timeout} if it never becomes ready.
   */
  public ServerProcess awaitReady(Duration timeout, BooleanSupplier ready) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with code " + process.exitValue() + " before it was ready." + tail());
      }
      if (ready.getAsBoolean()) {
        return this;
      }
      sleep(Duration.ofMillis(100));
    }
    throw new IllegalStateException(name + " was not ready after " + timeout + "." + tail());
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public Path logFile() {
    return logFile;
  }

  /** Stops the server as an operator would: SIGTERM, then SIGKILL after ten seconds. */
  @Override
  public void close() {
    forgetOnExit();
    stop();
  }

  private void forgetOnExit() {
    if (onExit != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(onExit);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs, or has run, stop() itself
      }
      onExit = null;
    }
  }

  private void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Kills the server without warning, as a crash would. */
  public void kill() {
    forgetOnExit();
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      List<String> last =
          new ArrayList<>(lines.subList(Math.max(0, lines.size() - 30), lines.size()));
      return " Last lines of " + logFile + ":\n  " + String.join("\n  ", last);
    } catch (IOException e) {
      return " (no log at " + logFile + ")";
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
