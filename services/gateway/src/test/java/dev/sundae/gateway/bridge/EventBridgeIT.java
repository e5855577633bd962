package dev.sundae.gateway.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A real MinIO posts its object-created events to the gateway's bridge, which puts them on the
 * queue of the bucket's tenant. MinIO reads its webhook target from its environment at start, so
 * the gateway's port is chosen before either starts (DEFINED_PORT, not RANDOM_PORT).
 */
@WithKeycloak
@WithElasticMq
@WithPostgres
@SpringBootTest(
    classes = GatewayApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = "sundae.bridge.token=" + EventBridgeIT.TOKEN)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventBridgeIT {

  static final String TOKEN = "minio-webhook-token";
  private static final int PORT = ServerProcess.freePort();
  private static final byte[] FRAME = "frame".getBytes();

  private static MinioServer minio;
  private static ElasticMqServer sqs;
  private static TestTenants tenants;
  private static TestTenant a;
  private static TestTenant b;

  private Api api;

  @BeforeAll
  static void provision(KeycloakServer keycloak, ElasticMqServer elasticMq, PostgresServer postgres)
      throws Exception {
    Path queueDir = Files.createTempDirectory("sundae-minio-events-");
    minio =
        new MinioServer(
            Map.of(
                "MINIO_NOTIFY_WEBHOOK_ENABLE_SUNDAE",
                "on",
                "MINIO_NOTIFY_WEBHOOK_ENDPOINT_SUNDAE",
                "http://127.0.0.1:" + PORT + "/internal/minio/events",
                "MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_SUNDAE",
                TOKEN,
                "MINIO_NOTIFY_WEBHOOK_QUEUE_DIR_SUNDAE",
                queueDir.toString()));
    minio.start();
    sqs = elasticMq;
    tenants = new TestTenants(keycloak, minio, sqs, postgres);
    Optional<String> webhook = Optional.of("arn:minio:sqs::SUNDAE:webhook");
    a = tenants.add("tenant_a", List.of("vanilla"), webhook);
    b = tenants.add("tenant_b", List.of("vanilla"), webhook);
  }

  @AfterAll
  static void stopMinio() {
    if (minio != null) {
      minio.close();
    }
  }

  @DynamicPropertySource
  static void gateway(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
    TestTenants.register(registry, 2, () -> tenants);
  }

  @BeforeEach
  void api() {
    api = new Api(PORT);
  }

  @Test
  @Order(1)
  void forwardsAnUploadsEventToTheQueueOfTheBucketsTenant() {
    SignedUpload upload = uploadFrame(a);

    Message message = awaitMessageAbout(a, upload.requestId(), Duration.ofSeconds(20));

    List<ObjectCreatedEvent> events = ObjectCreatedEvent.parse(message.body());
    assertThat(events).hasSize(1);
    assertThat(events.get(0).bucket()).isEqualTo(a.bucket());
    assertThat(events.get(0).key()).isEqualTo("frames/" + upload.requestId() + ".jpg");
    assertThat(events.get(0).size()).isEqualTo(FRAME.length);
    assertThat(events.get(0).versionId()).isNotEmpty();
    assertThat(receiveAll(b)).as("nothing for tenant B").isEmpty();
  }

  @Test
  @Order(2)
  void refusesAMissingOrWrongToken() {
    String event = event(a.bucket(), "frames/" + UUID.randomUUID() + ".jpg");

    Api.Response none = api.post("/internal/minio/events", null, event);
    Api.Response wrong = api.post("/internal/minio/events", TOKEN + "x", event);
    Api.Response prefix = api.post("/internal/minio/events", TOKEN.substring(1), event);

    assertThat(none.status()).isEqualTo(401);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(prefix.status()).isEqualTo(401);
    assertThat(wrong.json().path("detail").asString()).contains("bridge token");
    assertThat(receiveAll(a)).isEmpty();
  }

  @Test
  @Order(3)
  void refusesAnEventOfABucketNoTenantOwns() {
    Api.Response unknown =
        api.post("/internal/minio/events", TOKEN, event("someone-elses-bucket", "frames/x.jpg"));
    Api.Response mixed =
        api.post(
            "/internal/minio/events",
            TOKEN,
            "{\"Records\":["
                + record(a.bucket(), "frames/a.jpg")
                + ","
                + record(b.bucket(), "frames/b.jpg")
                + "]}");
    Api.Response garbage = api.post("/internal/minio/events", TOKEN, "{not json");
    // forged: more records than any real notification (the worker once sized its batch by them)
    Api.Response flood =
        api.post(
            "/internal/minio/events",
            TOKEN,
            "{\"Records\":["
                + String.join(
                    ",",
                    Collections.nCopies(
                        ObjectCreatedEvent.MAX_RECORDS + 1, record(a.bucket(), "frames/a.jpg")))
                + "]}");
    // forged: a deletion, which no bucket notifies
    Api.Response removal =
        api.post(
            "/internal/minio/events",
            TOKEN,
            "{\"Records\":["
                + record(a.bucket(), "frames/a.jpg")
                    .replace("s3:ObjectCreated:Put", "s3:ObjectRemoved:Delete")
                + "]}");

    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.json().path("detail").asString()).contains("someone-elses-bucket");
    assertThat(mixed.status()).isEqualTo(400);
    assertThat(garbage.status()).isEqualTo(400);
    assertThat(flood.status()).as(flood.toString()).isEqualTo(400);
    assertThat(flood.json().path("detail").asString()).contains("at most 10");
    assertThat(removal.status()).as(removal.toString()).isEqualTo(400);
    assertThat(removal.json().path("detail").asString()).contains("not an object creation");
    assertThat(receiveAll(a)).isEmpty();
    assertThat(receiveAll(b)).isEmpty();
  }

  @Test
  @Order(4)
  void keepsAnEventInMinioUntilTheQueueTakesIt() throws Exception {
    sqs.close();
    SignedUpload upload;
    try {
      upload = uploadFrame(a);
      Api.Response refused =
          api.post(
              "/internal/minio/events",
              TOKEN,
              event(a.bucket(), "frames/" + upload.requestId() + ".jpg"));
      assertThat(refused.status()).as("answered while SQS is down").isEqualTo(503);
      Thread.sleep(4_000); // MinIO tries again every 3 s, and is refused each time
    } finally {
      sqs.start();
      tenants.recreateQueues();
    }

    // The queues are new and empty (ElasticMQ keeps them in memory): the event that arrives now
    // was kept by MinIO in its queue_dir and sent again.
    Message message = awaitMessageAbout(a, upload.requestId(), Duration.ofSeconds(30));

    assertThat(ObjectCreatedEvent.parse(message.body()).get(0).bucket()).isEqualTo(a.bucket());
  }

  private SignedUpload uploadFrame(TestTenant tenant) {
    Api.Response created =
        api.post(
            "/v1/uploads", tenants.token(tenant), SignedUpload.request("image/jpeg", FRAME.length));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    SignedUpload upload = SignedUpload.of(created);
    Api.Response put = api.put(upload.url(), upload.headers(), FRAME);
    assertThat(put.status()).as(put.toString()).isEqualTo(200);
    return upload;
  }

  private static Message awaitMessageAbout(TestTenant tenant, UUID requestId, Duration timeout) {
    List<Message> found = new ArrayList<>();
    await()
        .atMost(timeout)
        .until(
            () -> {
              receiveAll(tenant).stream()
                  .filter(m -> m.body().contains(requestId.toString()))
                  .forEach(found::add);
              return !found.isEmpty();
            });
    return found.get(0);
  }

  /** Receives (and deletes) what the tenant's queue holds right now. */
  private static List<Message> receiveAll(TestTenant tenant) {
    try (SqsClient client = tenants.sqsClient()) {
      List<Message> messages =
          client
              .receiveMessage(
                  r -> r.queueUrl(tenant.queueUrl()).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages();
      messages.forEach(
          m ->
              client.deleteMessage(
                  d -> d.queueUrl(tenant.queueUrl()).receiptHandle(m.receiptHandle())));
      return messages;
    }
  }

  private static String event(String bucket, String key) {
    return "{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\""
        + bucket
        + "/"
        + key
        + "\",\"Records\":["
        + record(bucket, key)
        + "]}";
  }

  private static String record(String bucket, String key) {
    return "{\"eventName\":\"s3:ObjectCreated:Put\",\"eventTime\":\"2026-01-01T00:00:00.000Z\","
        + "\"s3\":{\"bucket\":{\"name\":\""
        + bucket
        + "\"},\"object\":{\"key\":\""
        + key
        + "\",\"size\":5,\"versionId\":\"v1\"}}}";
  }
}
