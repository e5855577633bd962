package dev.sundae.gateway.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.gateway.GatewayApplication;
import dev.sundae.gateway.support.Api;
import dev.sundae.gateway.support.SignedUpload;
import dev.sundae.gateway.support.TestTenant;
import dev.sundae.gateway.support.TestTenants;
import dev.sundae.gateway.support.Worker;
import dev.sundae.testing.junit.WithElasticMq;
import dev.sundae.testing.junit.WithKeycloak;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.sqs.ElasticMqServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Fetching recommendations, at once or by long-poll, each tenant in its own schema. */
@WithKeycloak
@WithMinio
@WithElasticMq
@WithPostgres
@SpringBootTest(
    classes = GatewayApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RecommendationIT {

  private static final List<String> TOP3 = List.of("pistachio", "vanilla", "chocolate");

  private static TestTenants tenants;
  private static Worker worker;
  private static TestTenant a;
  private static TestTenant b;

  @LocalServerPort int port;
  private Api api;

  @BeforeAll
  static void provision(
      KeycloakServer keycloak, MinioServer minio, ElasticMqServer sqs, PostgresServer postgres)
      throws Exception {
    tenants = new TestTenants(keycloak, minio, sqs, postgres);
    worker = new Worker(tenants);
    a = tenants.add("tenant_a", TOP3, Optional.empty());
    b = tenants.add("tenant_b", TOP3, Optional.empty());
  }

  @DynamicPropertySource
  static void gateway(DynamicPropertyRegistry registry) {
    TestTenants.register(registry, 2, () -> tenants);
  }

  @BeforeEach
  void api() {
    api = new Api(port);
  }

  @Test
  void returnsAStoredRecommendation() throws Exception {
    UUID requestId = upload(a);
    Instant createdAt = Instant.parse("2026-01-02T10:00:00Z");
    worker.recommend(a, requestId, createdAt, TOP3);

    Api.Response response = api.get("/v1/recommendations/" + requestId, tenants.token(a));

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode body = response.json();
    assertThat(body.path("requestId").asString()).isEqualTo(requestId.toString());
    assertThat(body.path("modelVersion").asString()).isEqualTo("test-1");
    assertThat(body.path("arm").asString()).isEqualTo("model");
    assertThat(Instant.parse(body.path("createdAt").asString())).isEqualTo(createdAt);
    assertThat(body.path("flavours")).hasSize(3);
    assertThat(body.path("flavours").get(0).path("rank").asInt()).isEqualTo(1);
    assertThat(body.path("flavours").get(0).path("flavour").asString()).isEqualTo("pistachio");
    assertThat(body.path("flavours").get(0).path("score").asDouble()).isEqualTo(0.5);
    assertThat(body.path("flavours").get(2).path("flavour").asString()).isEqualTo("chocolate");
  }

  @Test
  void longPollReturnsAsSoonAsTheWorkerStoresTheRecommendation() throws Exception {
    String token = tenants.token(a);
    List<Long> afterCommitMillis = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      UUID requestId = upload(a);
      CompletableFuture<Api.Response> poll =
          CompletableFuture.supplyAsync(
              () -> api.get("/v1/recommendations/" + requestId + "?waitMs=10000", token));
      Thread.sleep(300);
      assertThat(poll).as("still waiting").isNotDone();

      worker.recommend(a, requestId, Instant.now(), TOP3);
      long stored = System.nanoTime();
      Api.Response response = poll.get(5, TimeUnit.SECONDS);
      afterCommitMillis.add(Duration.ofNanos(System.nanoTime() - stored).toMillis());

      assertThat(response.status()).as(response.toString()).isEqualTo(200);
      assertThat(response.json().path("flavours").get(0).path("flavour").asString())
          .isEqualTo("pistachio");
    }
    Collections.sort(afterCommitMillis);
    System.out.printf(
        "[long-poll] answered after the worker's commit: median %d ms, max %d ms (%s)%n",
        afterCommitMillis.get(5), afterCommitMillis.get(9), afterCommitMillis);
    assertThat(afterCommitMillis.get(5)).isLessThan(200);
  }

  @Test
  void longPollAnswersNotReadyOnceTheWaitIsOver() {
    UUID requestId = upload(a);
    long started = System.nanoTime();

    Api.Response response =
        api.get("/v1/recommendations/" + requestId + "?waitMs=400", tenants.token(a));

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().path("type").asString()).endsWith("/recommendation-pending");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(390));
    assertThat(api.get("/v1/recommendations/" + requestId, tenants.token(a)).status())
        .as("waitMs=0 answers at once")
        .isEqualTo(404);
  }

  @Test
  void answersUnknownAtOnceForAnIdThatWasNeverHandedOut() {
    long started = System.nanoTime();

    Api.Response response =
        api.get("/v1/recommendations/" + UUID.randomUUID() + "?waitMs=5000", tenants.token(a));

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().path("type").asString()).endsWith("/unknown-request");
    assertThat(response.json().path("detail").asString()).contains("No upload with requestId");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void anotherTenantsRecommendationIsUnknown() throws Exception {
    UUID ofB = upload(b);
    worker.recommend(b, ofB, Instant.now(), TOP3);

    Api.Response asA = api.get("/v1/recommendations/" + ofB + "?waitMs=1000", tenants.token(a));
    Api.Response asB = api.get("/v1/recommendations/" + ofB, tenants.token(b));

    assertThat(asA.status()).isEqualTo(404);
    assertThat(asA.json().path("type").asString()).endsWith("/unknown-request");
    assertThat(asB.status()).isEqualTo(200);
  }

  @Test
  void aNotificationOfAnotherSchemaDoesNotAnswerAWaitingRequest() throws Exception {
    UUID requestId = upload(a);
    String token = tenants.token(a);
    CompletableFuture<Api.Response> poll =
        CompletableFuture.supplyAsync(
            () -> api.get("/v1/recommendations/" + requestId + "?waitMs=1500", token));
    Thread.sleep(300);
    // B's worker announces a result for the same id in B's schema: A's request keeps waiting
    worker.recommend(b, requestId, Instant.now(), TOP3);

    assertThat(poll.get(5, TimeUnit.SECONDS).status()).isEqualTo(404);
  }

  @Test
  void refusesAnInvalidWaitOrId() {
    String token = tenants.token(a);
    UUID id = UUID.randomUUID();

    Api.Response tooLong = api.get("/v1/recommendations/" + id + "?waitMs=10001", token);
    Api.Response negative = api.get("/v1/recommendations/" + id + "?waitMs=-1", token);
    Api.Response notAnId = api.get("/v1/recommendations/not-a-uuid", token);

    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().path("detail").asString()).contains("waitMs");
    assertThat(negative.status()).isEqualTo(400);
    assertThat(notAnId.status()).isEqualTo(400);
  }

  private UUID upload(TestTenant tenant) {
    Api.Response created =
        api.post("/v1/uploads", tenants.token(tenant), SignedUpload.request("image/jpeg", 100));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return SignedUpload.of(created).requestId();
  }
}
