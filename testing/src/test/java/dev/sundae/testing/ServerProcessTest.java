package dev.sundae.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A server outlives neither its close() nor the JVM that started it. */
class ServerProcessTest {

  @Test
  void closeStopsTheServer() {
    ServerProcess server = new ServerProcess("sleeper", List.of("sleep", "600"), Map.of()).start();
    long pid = server.pid();

    server.close();

    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
        .isIn(Optional.empty(), Optional.of(false));
  }

  /** A test run stopped with SIGTERM (or Ctrl-C) does not leave its servers behind. */
  @Test
  void aJvmStoppedWithSigtermStopsTheServersItStarted() throws Exception {
    Process jvm =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                StartsASleeper.class.getName())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    long sleeper;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
      sleeper = Long.parseLong(out.readLine().trim());
      assertThat(ProcessHandle.of(sleeper)).get().matches(ProcessHandle::isAlive);

      jvm.destroy(); // SIGTERM
      assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false)
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    boolean alive = ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false);
    ProcessHandle.of(sleeper).ifPresent(ProcessHandle::destroyForcibly);
    assertThat(alive).as("the server of a JVM stopped with SIGTERM is still running").isFalse();
  }

  /** The child JVM: starts a server, says its pid, and waits to be stopped. */
  public static final class StartsASleeper {
    public static void main(String[] args) throws Exception {
      ServerProcess server = new ServerProcess("sleeper", List.of("sleep", "600"), Map.of());
      System.out.println(server.start().pid());
      System.out.flush();
      Thread.sleep(Duration.ofMinutes(10).toMillis());
    }
  }
}
