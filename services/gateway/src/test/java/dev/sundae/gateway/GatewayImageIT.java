package dev.sundae.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.testing.Probes;
import dev.sundae.testing.ServerProcess;
import dev.sundae.testing.image.ContainerImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the image that {@code -Pimages} built (target/jib-image.tar) without Docker: its layers
 * flattened, its entrypoint started under chroot as the image's user, and asks the health probes
 * the kubelet asks. With no tenants configured the gateway starts on its own. Its Parquet writer (a
 * native library) must work there too.
 */
class GatewayImageIT {

  @Test
  void imageAnswersItsHealthProbesAsNonRootUser(@TempDir Path dir) throws Exception {
    ContainerImage.assumeRunnable();
    ContainerImage image = ContainerImage.unpack(Path.of("target/jib-image.tar"), dir);
    assertThat(image.user()).isEqualTo("65532:65532");
    assertThat(image.exposedPorts()).containsExactly("8080/tcp");

    int port = ServerProcess.freePort();
    int management = ServerProcess.freePort();
    // health on the management port, as the kubelet probes it (application.yaml)
    String base = "http://127.0.0.1:" + management + "/actuator/health/";
    try (ServerProcess gateway =
        image.start(
            "gateway-image",
            Map.of(
                "SERVER_PORT",
                Integer.toString(port),
                "MANAGEMENT_SERVER_PORT",
                Integer.toString(management)))) {
      gateway.awaitReady(Duration.ofSeconds(120), () -> Probes.httpOk(base + "readiness"));
      assertThat(Probes.httpOk(base + "liveness")).isTrue();
      // the analytics export's Parquet writer (DuckDB's native library) works in the image
      assertThat(Probes.httpOk(base + "export")).isTrue();
      assertThat(ContainerImage.uidOfJava(gateway)).isEqualTo("65532");
    }
  }
}
