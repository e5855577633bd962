package dev.sundae.operator.api;

import dev.sundae.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl that hack/bootstrap.sh built, run against a test cluster. */
final class Kubectl {

  private final Path kubeconfig;

  Kubectl(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  /** Runs kubectl with {@code args}; returns its standard output, or fails with its errors. */
  String run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Tools.get().binary("kubectl").toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("kubectl " + String.join(" ", args) + " timed out");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "kubectl " + String.join(" ", args) + " failed: " + output.strip());
    }
    return output;
  }
}
