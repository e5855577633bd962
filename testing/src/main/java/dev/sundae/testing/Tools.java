package dev.sundae.testing;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where hack/bootstrap.sh put the server binaries. It writes {@code tools.properties} into its
 * cache folder: {@code -Dsundae.tools}, else {@code $SUNDAE_TOOLS_DIR}, else {@code
 * ~/.cache/sundae}.
 */
public final class Tools {

  private static volatile Tools instance;

  private final Path dir;
  private final Properties properties;

  private Tools(Path dir, Properties properties) {
    this.dir = dir;
    this.properties = properties;
  }

  public static Tools get() {
    Tools tools = instance;
    if (tools == null) {
      synchronized (Tools.class) {
        if (instance == null) {
          instance = load(folder());
        }
        tools = instance;
      }
    }
    return tools;
  }

  static Path folder() {
    String configured = System.getProperty("sundae.tools", System.getenv("SUNDAE_TOOLS_DIR"));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "sundae");
  }

  static Tools load(Path dir) {
    Path file = dir.resolve("tools.properties");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "No " + file + ": the test servers are not installed. Run hack/bootstrap.sh first.");
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + file, e);
    }
    return new Tools(dir, properties);
  }

  /** The value of {@code key} in tools.properties; fails with what to do when it is missing. */
  public String value(String key) {
    String value = properties.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          key
              + " is missing from "
              + dir.resolve("tools.properties")
              + ": rerun hack/bootstrap.sh");
    }
    return value;
  }

  /** An executable named {@code key} in tools.properties. */
  public Path binary(String key) {
    Path path = Path.of(value(key));
    if (!Files.isExecutable(path)) {
      throw new IllegalStateException(
          path + " (" + key + ") is not there: rerun hack/bootstrap.sh");
    }
    return path;
  }
}
