package dev.sundae.testing.postgres;

import dev.sundae.testing.Probes;
import dev.sundae.testing.ServerCommands;
import dev.sundae.testing.ServerProcess;
import dev.sundae.testing.TestServer;
import dev.sundae.testing.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A real PostgreSQL server (Debian's package) with a fresh cluster in a temporary folder, on a free
 * loopback port, with password authentication. PostgreSQL refuses to run as root, so under root the
 * cluster belongs to the {@code postgres} system user and runs as it.
 */
public final class PostgresServer implements TestServer {

  public static final String SUPERUSER = "postgres";
  public static final String DATABASE = "sundae";

  private final int port = ServerProcess.freePort();
  private final String password = UUID.randomUUID().toString();
  private Path bin;
  private Path baseDir;
  private ServerProcess process;

  @Override
  public void start() throws Exception {
    bin = Path.of(Tools.get().value("postgres.bin"));
    baseDir = Files.createTempDirectory("sundae-postgres-");
    Files.setPosixFilePermissions(baseDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path dataDir = baseDir.resolve("data");
    Path passwordFile = baseDir.resolve("password");
    Files.writeString(passwordFile, password);
    if (runningAsRoot()) {
      run(List.of("chown", "-R", "postgres:postgres", baseDir.toString()));
    }
    Tools tools = Tools.get();
    run(asServerUser(ServerCommands.initdb(tools, dataDir, SUPERUSER, passwordFile)));
    List<String> command =
        asServerUser(
            ServerCommands.postgres(
                tools, dataDir, port, Optional.of(baseDir), Optional.empty(), Optional.empty()));
    process = new ServerProcess("postgres", command, Map.of()).start();
    process.awaitReady(Duration.ofSeconds(60), this::acceptsConnections);
    run(
        List.of(
            bin.resolve("psql").toString(),
            "-h",
            "127.0.0.1",
            "-p",
            Integer.toString(port),
            "-U",
            SUPERUSER,
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            "CREATE DATABASE " + DATABASE),
        Map.of("PGPASSWORD", password));
  }

  private boolean acceptsConnections() {
    if (!Probes.listening(port)) {
      return false;
    }
    try {
      run(
          List.of(
              bin.resolve("pg_isready").toString(),
              "-q",
              "-h",
              "127.0.0.1",
              "-p",
              Integer.toString(port)),
          Map.of());
      return true;
    } catch (IllegalStateException notYet) {
      return false;
    }
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
    TestServer.deleteRecursively(baseDir);
  }

  /** JDBC URL of the {@value #DATABASE} database. */
  public String jdbcUrl() {
    return jdbcUrl(DATABASE);
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public int port() {
    return port;
  }

  public String username() {
    return SUPERUSER;
  }

  public String password() {
    return password;
  }

  @Override
  public List<Path> logs() {
    return process == null ? List.of() : List.of(process.logFile());
  }

  private static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static List<String> asServerUser(List<String> command) {
    if (!runningAsRoot()) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  private static void run(List<String> command) {
    run(command, Map.of());
  }

  private static void run(List<String> command, Map<String, String> environment) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    try {
      Process p = builder.start();
      String output = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
