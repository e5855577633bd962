package dev.sundae.testing.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sundae.testing.ServerProcess;
import dev.sundae.testing.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A container image tarball (as {@code jib:buildTar} writes it) run without a container runtime:
 * its layers flattened into a folder by {@code crane export}, its entrypoint started there under
 * {@code chroot} as the image's user, with the image's environment and nothing of ours, in a mount
 * and PID namespace of its own with a fresh {@code /proc} ({@code unshare}). The network is the
 * host's, so the test reaches the process on loopback, and the process reaches servers the test
 * started. What this does not give: cgroup limits, a read-only root, seccomp.
 */
public final class ContainerImage {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path rootfs;
  private final JsonNode config;

  private ContainerImage(Path rootfs, JsonNode config) {
    this.rootfs = rootfs;
    this.config = config;
  }

  /**
   * Skips the calling test, saying why, when this machine cannot run an image this way: it needs
   * root (chroot, unshare) and util-linux.
   */
  public static void assumeRunnable() {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "running an image with chroot needs root; this test runs as "
            + System.getProperty("user.name"));
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/sbin/chroot"))
            && Files.isExecutable(Path.of("/usr/bin/unshare")),
        "running an image needs /usr/sbin/chroot and /usr/bin/unshare (util-linux)");
  }

  /** Flattens the image's layers into {@code dir}/rootfs and reads its configuration. */
  public static ContainerImage unpack(Path imageTarball, Path dir) throws IOException {
    if (!Files.isRegularFile(imageTarball)) {
      throw new IllegalStateException(
          imageTarball + " is missing: build it with ./mvnw -Pimages -DskipTests package");
    }
    Path rootfs = dir.resolve("rootfs");
    if (Files.exists(rootfs)) {
      run(List.of("rm", "-rf", rootfs.toString()), null);
    }
    Files.createDirectories(rootfs);
    Path filesystem = dir.resolve("filesystem.tar");
    String crane = Tools.get().binary("crane").toString();
    run(List.of(crane, "export", "-", filesystem.toString()), imageTarball);
    run(
        List.of(
            "tar",
            "--warning=no-unknown-keyword",
            "-xf",
            filesystem.toString(),
            "-C",
            rootfs.toString()),
        null);
    Files.delete(filesystem);
    JsonNode manifest = JSON.readTree(extract(imageTarball, "manifest.json")).get(0);
    JsonNode config = JSON.readTree(extract(imageTarball, manifest.get("Config").asText()));
    return new ContainerImage(rootfs, config.get("config"));
  }

  /** The flattened filesystem; a test may add files to it, as a volume mount would. */
  public Path rootfs() {
    return rootfs;
  }

  /** {@code User} of the image configuration, e.g. {@code 65532:65532}. */
  public String user() {
    return config.path("User").asText("");
  }

  public List<String> entrypoint() {
    List<String> entrypoint = new ArrayList<>();
    config.path("Entrypoint").forEach(part -> entrypoint.add(part.asText()));
    config.path("Cmd").forEach(part -> entrypoint.add(part.asText()));
    return entrypoint;
  }

  /** The image's environment, in order. */
  public Map<String, String> environment() {
    Map<String, String> environment = new LinkedHashMap<>();
    config
        .path("Env")
        .forEach(
            entry -> {
              String[] pair = entry.asText().split("=", 2);
              environment.put(pair[0], pair.length > 1 ? pair[1] : "");
            });
    return environment;
  }

  public List<String> exposedPorts() {
    List<String> ports = new ArrayList<>();
    config.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
    return ports;
  }

  /**
   * Starts the entrypoint as the image's user, with the image's environment plus {@code
   * environment}, as {@code docker run -e} would.
   */
  public ServerProcess start(String name, Map<String, String> environment) throws IOException {
    Files.createDirectories(rootfs.resolve("proc"));
    Map<String, String> merged = new LinkedHashMap<>(environment());
    merged.putAll(environment);
    List<String> command = new ArrayList<>(List.of("/usr/bin/env", "-i"));
    merged.forEach((key, value) -> command.add(key + "=" + value));
    command.addAll(
        List.of(
            "/usr/bin/unshare",
            "--mount",
            "--pid",
            "--fork",
            "--mount-proc=" + rootfs.resolve("proc"),
            "/usr/sbin/chroot",
            "--userspec=" + (user().isEmpty() ? "0:0" : user()),
            rootfs.toString()));
    command.addAll(entrypoint());
    return new ServerProcess(name, command, Map.of()).start();
  }

  /** The real user id (from /proc) of the JVM that {@code process} started inside the image. */
  public static String uidOfJava(ServerProcess process) throws IOException {
    ProcessHandle java =
        ProcessHandle.of(process.pid())
            .orElseThrow()
            .descendants()
            .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no java process under " + process.pid()));
    return Files.readAllLines(Path.of("/proc/" + java.pid() + "/status")).stream()
        .filter(line -> line.startsWith("Uid:"))
        .map(line -> line.split("\\s+")[1])
        .findFirst()
        .orElseThrow();
  }

  private static byte[] extract(Path tarball, String entry) throws IOException {
    Process process =
        new ProcessBuilder("tar", "-xOf", tarball.toString(), entry)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    byte[] content = process.getInputStream().readAllBytes();
    if (await(process, List.of("tar", "-xOf", tarball.toString(), entry)) != 0) {
      throw new IllegalStateException("no " + entry + " in " + tarball + ": not an image tarball");
    }
    return content;
  }

  private static void run(List<String> command, Path stdin) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (stdin != null) {
      builder.redirectInput(stdin.toFile());
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (await(process, command) != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
  }

  private static int await(Process process, List<String> command) {
    try {
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " timed out");
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted", e));
    }
  }
}
