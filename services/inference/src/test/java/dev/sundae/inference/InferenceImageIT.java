package dev.sundae.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sundae.testing.Probes;
import dev.sundae.testing.ServerProcess;
import dev.sundae.testing.image.ContainerImage;
import dev.sundae.testing.junit.WithElasticMq;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.sqs.ElasticMqServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the worker image that {@code -Pimages} built (target/jib-image.tar) without Docker, under
 * chroot as the image's user, against real MinIO, ElasticMQ and PostgreSQL: the base image must
 * carry everything PyTorch's native library loads (glibc, libstdc++, libgomp) and ImageIO decodes
 * with (libjpeg), since nothing else would show it before a cluster does.
 */
@WithMinio
@WithElasticMq
@WithPostgres
class InferenceImageIT {

  @Test
  void imageRecommendsTheTopThreeForAnUploadedFrame(
      MinioServer minio, ElasticMqServer sqs, PostgresServer postgres, @TempDir Path dir)
      throws Exception {
    ContainerImage.assumeRunnable();
    ContainerImage image = ContainerImage.unpack(Path.of("target/jib-image.tar"), dir);
    assertThat(image.user()).isEqualTo("65532:65532");
    assertThat(image.environment()).containsEntry("OMP_WAIT_POLICY", "PASSIVE");

    try (TestTenant acme =
        TestTenant.create(
            "acme",
            List.of("vanilla", "chocolate", "strawberry", "pistachio", "mint"),
            "classpath:model/reference/model.pt",
            Duration.ofSeconds(30),
            minio,
            sqs,
            postgres)) {
      int port = ServerProcess.freePort();
      String tenants = new ObjectMapper().writeValueAsString(TestTenant.properties(List.of(acme)));
      try (ServerProcess worker =
          image.start(
              "inference-image",
              Map.of("SERVER_PORT", Integer.toString(port), "SPRING_APPLICATION_JSON", tenants))) {
        worker.awaitReady(
            Duration.ofSeconds(180),
            () -> Probes.httpOk("http://127.0.0.1:" + port + "/actuator/health/readiness"));
        assertThat(ContainerImage.uidOfJava(worker)).isEqualTo("65532");

        UUID pink = acme.uploadFrame(Frames.jpeg(Frames.COLOURS.get("strawberry")), "jpg");
        await().atMost(Duration.ofSeconds(60)).until(() -> acme.recommended(pink).size() == 3);
        assertThat(acme.recommended(pink).get(0)).isEqualTo("strawberry");
      }
    }
  }
}
