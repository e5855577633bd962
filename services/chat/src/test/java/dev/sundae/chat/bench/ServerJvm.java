package dev.sundae.chat.bench;

import dev.sundae.testing.Probes;
import dev.sundae.testing.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A server of the benchmark in its own JVM, so that its heap, resident memory and threads are its
 * own: this JDK, the same heap settings for the chat service and the baseline, and a bounded
 * lifetime ({@code timeout}) so that it stops by itself if the load driver dies.
 */
final class ServerJvm implements AutoCloseable {

  private final ServerProcess process;
  private final int port;

  private ServerJvm(ServerProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts {@code java <heap> <arguments>} with {@code environment}, and waits until {@code
   * readyPath} answers 200 on {@code port}.
   */
  static ServerJvm start(
      String name,
      int port,
      List<String> heap,
      List<String> arguments,
      Map<String, String> environment,
      String readyPath,
      Duration lifetime) {
    List<String> command = new ArrayList<>();
    command.add("timeout");
    command.add(lifetime.toSeconds() + "s");
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(heap);
    command.addAll(arguments);
    ServerProcess process = new ServerProcess(name, command, environment).start();
    ServerJvm jvm = new ServerJvm(process, port);
    try {
      process.awaitReady(
          Duration.ofSeconds(300), () -> Probes.httpOk(jvm.base("http") + readyPath));
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
    System.out.printf("%s runs as pid %d, log %s%n", name, jvm.pid(), process.logFile());
    return jvm;
  }

  String base(String scheme) {
    return scheme + "://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  /** The JVM's pid (the child of {@code timeout}). */
  long pid() {
    return ProcessHandle.of(process.pid())
        .flatMap(timeout -> timeout.children().findFirst())
        .orElseThrow(() -> new IllegalStateException("the server JVM is gone"))
        .pid();
  }

  /** CPU time the JVM has used so far. */
  CpuTime cpu() {
    return CpuTime.of(pid());
  }

  ProcessMemory memory() {
    return ProcessMemory.of(pid());
  }

  Path logFile() {
    return process.logFile();
  }

  @Override
  public void close() {
    process.close();
  }
}
