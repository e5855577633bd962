package dev.sundae.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sundae.inference.Frames;
import dev.sundae.inference.InferenceApplication;
import dev.sundae.inference.TestTenant;
import dev.sundae.tenancy.TenantSchema;
import dev.sundae.testing.Probes;
import dev.sundae.testing.ServerProcess;
import dev.sundae.testing.junit.WithElasticMq;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.sqs.ElasticMqServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The worker as its own process, stopped in the middle of a batch: killed outright, or asked to
 * stop. To hold it mid-batch, the test locks the recommendation table, so the worker has the
 * message and its scores but cannot commit.
 */
@WithMinio
@WithElasticMq
@WithPostgres
class WorkerShutdownIT {

  private static final List<String> CATALOGUE = List.of("strawberry", "pistachio", "chocolate");

  @Test
  void aWorkerKilledMidBatchLosesNothing(
      MinioServer minio, ElasticMqServer sqs, PostgresServer postgres) throws Exception {
    try (TestTenant tenant =
        TestTenant.create("killed", CATALOGUE, "", Duration.ofSeconds(3), minio, sqs, postgres)) {
      TenantSchema.RECOMMENDATIONS.migrate(tenant.config.database());
      UUID requestId;
      try (Connection blocker = lockRecommendations(postgres, "killed")) {
        ServerProcess first = startWorker(tenant);
        requestId = tenant.uploadFrame(Frames.jpeg(Frames.COLOURS.get("strawberry")), "jpg");
        awaitWorkerWaitingForTheLock(postgres, "killed");

        first.kill(); // SIGKILL: the message is received and scored, nothing is committed
        blocker.rollback();
      }
      assertThat(tenant.recommended(requestId)).isEmpty();
      assertThat(tenant.queued()).as("in flight until its visibility timeout").isOne();

      try (ServerProcess second = startWorker(tenant)) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> tenant.recommended(requestId).size() == 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> tenant.queued() == 0);
      }
      assertThat(tenant.recommended(requestId).get(0)).isEqualTo("strawberry");
      assertThat(tenant.count("recommendation WHERE request_id = ?", requestId)).isOne();
    }
  }

  @Test
  void aStoppedWorkerFinishesItsBatchBeforeItExits(
      MinioServer minio, ElasticMqServer sqs, PostgresServer postgres) throws Exception {
    // a long visibility timeout: only the stopping worker itself can have finished the message
    try (TestTenant tenant =
        TestTenant.create(
            "stopped", CATALOGUE, "", Duration.ofSeconds(300), minio, sqs, postgres)) {
      TenantSchema.RECOMMENDATIONS.migrate(tenant.config.database());
      ServerProcess worker;
      UUID requestId;
      try (Connection blocker = lockRecommendations(postgres, "stopped")) {
        worker = startWorker(tenant);
        requestId = tenant.uploadFrame(Frames.jpeg(Frames.COLOURS.get("pistachio")), "jpg");
        awaitWorkerWaitingForTheLock(postgres, "stopped");

        Thread stopping = new Thread(worker::close); // SIGTERM, then waits for the exit
        stopping.start();
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> Files.readString(worker.logFile()).contains("finishes the batch in hand"));
        blocker.rollback();
        stopping.join(Duration.ofSeconds(30).toMillis());
      }

      assertThat(worker.isAlive()).isFalse();
      assertThat(tenant.recommended(requestId)).first().isEqualTo("pistachio");
      assertThat(tenant.queued()).as("deleted by the stopping worker").isZero();
    }
  }

  private static Connection lockRecommendations(PostgresServer postgres, String schema)
      throws Exception {
    Connection blocker = TestTenant.superuser(postgres);
    blocker.setAutoCommit(false);
    blocker.createStatement().execute("LOCK TABLE " + schema + ".recommendation IN EXCLUSIVE MODE");
    return blocker;
  }

  private static void awaitWorkerWaitingForTheLock(PostgresServer postgres, String role) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              try (Connection admin = TestTenant.superuser(postgres);
                  PreparedStatement query =
                      admin.prepareStatement(
                          "SELECT count(*) FROM pg_stat_activity"
                              + " WHERE usename = ? AND wait_event_type = 'Lock'")) {
                query.setString(1, role);
                try (ResultSet rows = query.executeQuery()) {
                  rows.next();
                  return rows.getInt(1) > 0;
                }
              }
            });
  }

  private static ServerProcess startWorker(TestTenant tenant) {
    int port = ServerProcess.freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dai.djl.offline=true");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(InferenceApplication.class.getName());
    command.add("--server.port=" + port);
    for (Map.Entry<String, String> p : TestTenant.properties(List.of(tenant)).entrySet()) {
      command.add("--" + p.getKey() + "=" + p.getValue());
    }
    ServerProcess worker = new ServerProcess("worker-" + tenant.config.name(), command, Map.of());
    worker.start();
    worker.awaitReady(
        Duration.ofSeconds(90),
        () -> Probes.httpOk("http://127.0.0.1:" + port + "/actuator/health"));
    return worker;
  }
}
