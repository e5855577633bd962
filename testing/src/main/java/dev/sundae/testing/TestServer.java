package dev.sundae.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A real server that a test run starts on this machine and stops after. */
public interface TestServer extends AutoCloseable {

  /** Starts the server and returns once it answers. */
  void start() throws Exception;

  /** Stops the server and removes its data. */
  @Override
  void close();

  /** Log files the server wrote, kept under target/ for a failed test to point at. */
  List<Path> logs();

  /** Deletes a server's data folder; what cannot be deleted is left to the OS's temp cleaning. */
  static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // left behind in the temp folder; not worth failing a test for
    }
  }
}
