package dev.sundae.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sundae.inference.Frames;
import dev.sundae.inference.InferenceApplication;
import dev.sundae.inference.TestTenant;
import dev.sundae.testing.junit.WithElasticMq;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.sqs.ElasticMqServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * When the object store or the database is out of reach, a frame is not dead-lettered: its message
 * stays on the queue and is processed once they are back.
 */
@WithMinio
@WithElasticMq
@WithPostgres
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransientFailureIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private TestTenant tenant;
  private ConfigurableApplicationContext worker;

  @BeforeAll
  void startWorker(MinioServer minio, ElasticMqServer sqs, PostgresServer postgres)
      throws Exception {
    tenant =
        TestTenant.create(
            "bumpy",
            List.of("strawberry", "pistachio", "mango"),
            "",
            Duration.ofSeconds(2),
            minio,
            sqs,
            postgres);
    Map<String, String> properties = new HashMap<>(TestTenant.properties(List.of(tenant)));
    properties.put("spring.main.web-application-type", "none");
    worker =
        new SpringApplicationBuilder(InferenceApplication.class)
            .run(TestTenant.arguments(properties));
    Workers workers = worker.getBean(Workers.class);
    await()
        .atMost(PATIENCE)
        .until(() -> workers.problems().values().stream().allMatch(Objects::isNull));
  }

  @AfterAll
  void stopWorker() {
    worker.close();
    tenant.close();
  }

  @Test
  void retriesWhileTheObjectStoreIsDown(MinioServer minio) throws Exception {
    double retriedBefore = retried();
    byte[] frame = Frames.jpeg(Frames.COLOURS.get("mango"));
    UUID requestId = UUID.randomUUID();
    String key = "frames/" + requestId + ".jpg";
    String version = tenant.upload(key, frame, "image/jpeg");

    minio.stop();
    try {
      tenant.send(TestTenant.event(tenant.config.storage().bucket(), key, version, frame.length));
      await().atMost(PATIENCE).until(() -> retried() > retriedBefore);
    } finally {
      minio.start();
    }

    await().atMost(PATIENCE).until(() -> tenant.recommended(requestId).size() == 3);
    assertThat(tenant.recommended(requestId).get(0)).isEqualTo("mango");
    assertThat(deadLettered()).isZero();
  }

  @Test
  void retriesWhileTheDatabaseRefusesTheTenant(PostgresServer postgres) throws Exception {
    double retriedBefore = retried();
    try (Connection admin = TestTenant.superuser(postgres);
        Statement statement = admin.createStatement()) {
      statement.execute("ALTER ROLE bumpy NOLOGIN");
      statement.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'bumpy'");
      UUID requestId;
      try {
        requestId = tenant.uploadFrame(Frames.png(Frames.COLOURS.get("pistachio")), "png");
        await().atMost(PATIENCE).until(() -> retried() > retriedBefore);
        assertThat(tenant.queued()).as("kept for a retry").isOne();
      } finally {
        statement.execute("ALTER ROLE bumpy LOGIN");
      }
      await().atMost(PATIENCE).until(() -> tenant.recommended(requestId).size() == 3);
      assertThat(tenant.recommended(requestId).get(0)).isEqualTo("pistachio");
      assertThat(deadLettered()).isZero();
    }
  }

  private double retried() {
    return counter("retried");
  }

  private double deadLettered() {
    return counter("dead_lettered");
  }

  private double counter(String outcome) {
    return worker
        .getBean(MeterRegistry.class)
        .get("sundae.inference.frames")
        .tag("tenant", "bumpy")
        .tag("outcome", outcome)
        .counter()
        .count();
  }
}
