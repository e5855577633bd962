package dev.sundae.gateway.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sundae.gateway.GatewayApplication;
import dev.sundae.gateway.support.Api;
import dev.sundae.gateway.support.SignedUpload;
import dev.sundae.gateway.support.TestTenant;
import dev.sundae.gateway.support.TestTenants;
import dev.sundae.tenancy.ObjectCreatedEvent;
import dev.sundae.testing.ServerProcess;
import dev.sundae.testing.junit.WithElasticMq;
import dev.sundae.testing.junit.WithKeycloak;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.sqs.ElasticMqServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The gateway killed while registers upload: MinIO (no queue_dir, as the local platform runs it)
 * sends the events of the uploads made while it is down to nobody, and they are gone. Once a
 * gateway is back, its sweep finds those tickets unconsumed with their objects in the bucket and
 * sends their events itself: every upload reaches the tenant's queue exactly once, the ones the
 * store delivered included, and a URL never used is settled without an event.
 */
@WithKeycloak
@WithElasticMq
@WithPostgres
class UploadSweepIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PORT = ServerProcess.freePort();
  private static final byte[] FRAME = "frame".getBytes();
  private static final String TOKEN = "minio-webhook-token";
  private static final String MINIO = "minio:s3";
  private static final String SWEEP = "sundae:upload-sweep";
  private static final String GRACE = "5s";
  private static final String INTERVAL = "1s";

  private static MinioServer minio;
  private static TestTenants tenants;
  private static TestTenant a;

  @BeforeAll
  static void provision(KeycloakServer keycloak, ElasticMqServer sqs, PostgresServer postgres)
      throws Exception {
    minio =
        new MinioServer(
            Map.of(
                "MINIO_NOTIFY_WEBHOOK_ENABLE_SUNDAE",
                "on",
                "MINIO_NOTIFY_WEBHOOK_ENDPOINT_SUNDAE",
                "http://127.0.0.1:" + PORT + "/internal/minio/events",
                "MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_SUNDAE",
                TOKEN));
    minio.start();
    tenants = new TestTenants(keycloak, minio, sqs, postgres);
    a = tenants.add("tenant_a", List.of("vanilla"), Optional.of("arn:minio:sqs::SUNDAE:webhook"));
  }

  @AfterAll
  static void stopMinio() {
    if (minio != null) {
      minio.close();
    }
  }

  @Test
  void sendsTheEventsLostWhileTheGatewayWasDownExactlyOnce() throws Exception {
    Map<String, List<String>> delivered = new ConcurrentHashMap<>(); // key -> event sources
    AtomicBoolean working = new AtomicBoolean(true);
    Thread worker = new Thread(() -> consume(delivered, working), "test-worker");
    worker.start();
    try {
      List<SignedUpload> before = new ArrayList<>();
      List<SignedUpload> during = new ArrayList<>();
      SignedUpload neverUsed;
      try (ConfigurableApplicationContext gateway = startGateway()) {
        Api api = new Api(PORT);
        // MinIO marks a webhook target that was down at its start offline, and looks again
        // every few seconds: upload until it delivers one event itself
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  put(api, signed(api));
                  return delivered.values().stream().anyMatch(s -> s.contains(MINIO));
                });
        for (int i = 0; i < 5; i++) {
          before.add(put(api, signed(api)));
        }
        for (int i = 0; i < 10; i++) {
          during.add(signed(api));
        }
        neverUsed = signed(api);
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> before.stream().allMatch(u -> delivered.containsKey(key(u))));
      }
      assertThat(before).allMatch(u -> delivered.get(key(u)).equals(List.of(MINIO)));

      // the gateway is down: the store's events of these uploads go nowhere
      Api store = new Api(PORT);
      during.forEach(upload -> put(store, upload));
      Thread.sleep(3_000);
      assertThat(during).noneMatch(u -> delivered.containsKey(key(u)));

      long restarted = System.nanoTime();
      try (ConfigurableApplicationContext gateway = startGateway()) {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> during.stream().allMatch(u -> delivered.containsKey(key(u))));
        System.out.printf(
            "UploadSweepIT: %d uploads made while the gateway was down reached the queue %.1f s"
                + " after it restarted (grace %s, interval %s)%n",
            during.size(), (System.nanoTime() - restarted) / 1e9, GRACE, INTERVAL);
        // more passes: nothing is sent twice, and the unused URL is settled once it expired
        await().atMost(Duration.ofSeconds(40)).until(() -> settled(neverUsed.requestId()));
      }
      for (SignedUpload upload : during) {
        assertThat(delivered.get(key(upload))).as(key(upload)).isEqualTo(List.of(SWEEP));
      }
      for (SignedUpload upload : before) {
        assertThat(delivered.get(key(upload))).as(key(upload)).isEqualTo(List.of(MINIO));
      }
      assertThat(delivered).doesNotContainKey(key(neverUsed));
    } finally {
      working.set(false);
      worker.join(10_000);
    }
  }

  private static ConfigurableApplicationContext startGateway() {
    Map<String, Object> properties = new HashMap<>(tenants.properties());
    properties.put("server.port", PORT);
    properties.put("management.server.port", 0);
    properties.put("sundae.bridge.token", TOKEN);
    properties.put("sundae.uploads.expiry", "15s");
    properties.put("sundae.sweep.enabled", true);
    properties.put("sundae.sweep.interval", INTERVAL);
    properties.put("sundae.sweep.grace", GRACE);
    properties.put("logging.level.dev.sundae.gateway.bridge.UploadSweep", "DEBUG");
    // as arguments: they outrank application.yaml and the tests' application.properties
    return new SpringApplicationBuilder(GatewayApplication.class)
        .run(
            properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new));
  }

  private static SignedUpload signed(Api api) {
    Api.Response created =
        api.post("/v1/uploads", tenants.token(a), SignedUpload.request("image/jpeg", FRAME.length));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return SignedUpload.of(created);
  }

  private static SignedUpload put(Api api, SignedUpload upload) {
    Api.Response put = api.put(upload.url(), upload.headers(), FRAME);
    assertThat(put.status()).as(put.toString()).isEqualTo(200);
    return upload;
  }

  private static String key(SignedUpload upload) {
    return "frames/" + upload.requestId() + ".jpg";
  }

  /**
   * What the inference worker does with an event, minus the inference: counts it, and consumes its
   * ticket.
   */
  private static void consume(Map<String, List<String>> delivered, AtomicBoolean working) {
    try (SqsClient sqs = tenants.sqsClient();
        Connection db = tenants.connect(a)) {
      while (working.get()) {
        List<Message> messages =
            sqs.receiveMessage(
                    r -> r.queueUrl(a.queueUrl()).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages();
        for (Message message : messages) {
          JsonNode records = JSON.readTree(message.body()).path("Records");
          for (int i = 0; i < records.size(); i++) {
            ObjectCreatedEvent event = ObjectCreatedEvent.parse(message.body()).get(i);
            delivered
                .computeIfAbsent(event.key(), k -> new CopyOnWriteArrayList<>())
                .add(records.get(i).path("eventSource").asText());
            try (PreparedStatement consume =
                db.prepareStatement(
                    "UPDATE upload_ticket SET consumed_at = now() WHERE object_key = ?")) {
              consume.setString(1, event.key());
              consume.executeUpdate();
            }
          }
          sqs.deleteMessage(d -> d.queueUrl(a.queueUrl()).receiptHandle(message.receiptHandle()));
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean settled(UUID requestId) throws Exception {
    try (Connection db = tenants.connect(a);
        PreparedStatement query =
            db.prepareStatement(
                "SELECT swept_at IS NOT NULL FROM upload_ticket WHERE request_id = ?")) {
      query.setObject(1, requestId);
      try (ResultSet row = query.executeQuery()) {
        return row.next() && row.getBoolean(1);
      }
    }
  }
}
