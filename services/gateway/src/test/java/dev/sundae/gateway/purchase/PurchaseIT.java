package dev.sundae.gateway.purchase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.gateway.GatewayApplication;
import dev.sundae.gateway.support.Api;
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
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Reporting purchases, once per purchaseId, only against the caller's own recommendations. */
@WithKeycloak
@WithMinio
@WithElasticMq
@WithPostgres
@SpringBootTest(
    classes = GatewayApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PurchaseIT {

  static final List<String> CATALOGUE =
      List.of("vanilla", "chocolate", "mango", "pistachio", "lemon");

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
    a = tenants.add("tenant_a", CATALOGUE, Optional.empty());
    b = tenants.add("tenant_b", CATALOGUE, Optional.empty());
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
  void storesAPurchaseOnceAndAcceptsAnIdenticalRetry() throws Exception {
    UUID requestId = recommended(a);
    UUID purchaseId = UUID.randomUUID();
    Map<String, Object> report =
        purchase(
            purchaseId, requestId, List.of("mango", "vanilla"), "2026-03-01T12:00:00.123456789Z");

    Api.Response first = api.post("/v1/purchases", tenants.token(a), report);
    Api.Response retry =
        api.post(
            "/v1/purchases",
            tenants.token(a),
            purchase(
                purchaseId,
                requestId,
                List.of("vanilla", "mango", "vanilla"),
                "2026-03-01T12:00:00.123456Z"));

    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    assertThat(first.json().path("flavours").toString()).isEqualTo("[\"mango\",\"vanilla\"]");
    assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
    assertThat(count(a, "purchase WHERE purchase_id = '" + purchaseId + "'")).isEqualTo(1);
    assertThat(count(a, "purchased_flavour WHERE purchase_id = '" + purchaseId + "'")).isEqualTo(2);
  }

  @Test
  void refusesAReusedPurchaseIdWithOtherContent() throws Exception {
    UUID requestId = recommended(a);
    UUID purchaseId = UUID.randomUUID();
    api.post(
        "/v1/purchases",
        tenants.token(a),
        purchase(purchaseId, requestId, List.of("mango"), "2026-03-01T12:00:00Z"));

    Api.Response changed =
        api.post(
            "/v1/purchases",
            tenants.token(a),
            purchase(purchaseId, requestId, List.of("lemon"), "2026-03-01T12:00:00Z"));

    assertThat(changed.status()).isEqualTo(409);
    assertThat(changed.json().path("type").asString()).endsWith("/purchase-conflict");
    assertThat(flavours(a, purchaseId)).containsExactly("mango");
  }

  @Test
  void aPurchaseMustFollowOneOfTheCallersRecommendations() throws Exception {
    UUID ofB = recommended(b);

    Api.Response foreign =
        api.post(
            "/v1/purchases",
            tenants.token(a),
            purchase(UUID.randomUUID(), ofB, List.of("mango"), "2026-03-01T12:00:00Z"));
    Api.Response unknown =
        api.post(
            "/v1/purchases",
            tenants.token(a),
            purchase(
                UUID.randomUUID(), UUID.randomUUID(), List.of("mango"), "2026-03-01T12:00:00Z"));

    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.json().path("type").asString()).endsWith("/unknown-recommendation");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(count(a, "purchase WHERE request_id = '" + ofB + "'")).isZero();
    assertThat(count(b, "purchase")).isZero();
  }

  @Test
  void refusesFlavoursOutsideTheCatalogueAndStoresNothing() throws Exception {
    UUID requestId = recommended(a);
    UUID purchaseId = UUID.randomUUID();

    Api.Response response =
        api.post(
            "/v1/purchases",
            tenants.token(a),
            purchase(
                purchaseId, requestId, List.of("vanilla", "bubblegum"), "2026-03-01T12:00:00Z"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().path("detail").asString())
        .isEqualTo("flavours: not in the tenant's catalogue: bubblegum");
    assertThat(count(a, "purchase WHERE purchase_id = '" + purchaseId + "'")).isZero();
  }

  @Test
  void refusesAnIncompleteOrImplausibleReport() throws Exception {
    UUID requestId = recommended(a);
    String token = tenants.token(a);

    Api.Response noFlavours =
        api.post(
            "/v1/purchases",
            token,
            purchase(UUID.randomUUID(), requestId, List.of(), "2026-03-01T12:00:00Z"));
    Api.Response noStore =
        api.post(
            "/v1/purchases",
            token,
            Map.of(
                "purchaseId", UUID.randomUUID().toString(),
                "requestId", requestId.toString(),
                "flavours", List.of("mango"),
                "purchasedAt", "2026-03-01T12:00:00Z"));
    Api.Response future =
        api.post(
            "/v1/purchases",
            token,
            purchase(
                UUID.randomUUID(),
                requestId,
                List.of("mango"),
                Instant.now().plusSeconds(3600).toString()));
    Api.Response badTime =
        api.post(
            "/v1/purchases",
            token,
            purchase(UUID.randomUUID(), requestId, List.of("mango"), "yesterday"));

    assertThat(noFlavours.status()).isEqualTo(400);
    assertThat(noFlavours.json().path("detail").asString()).startsWith("flavours:");
    assertThat(noStore.status()).isEqualTo(400);
    assertThat(noStore.json().path("detail").asString()).startsWith("store:");
    assertThat(future.status()).isEqualTo(400);
    assertThat(badTime.status()).isEqualTo(400);
    assertThat(count(a, "purchase WHERE request_id = '" + requestId + "'")).isZero();
  }

  private UUID recommended(TestTenant tenant) throws Exception {
    UUID requestId = UUID.randomUUID();
    worker.recommend(tenant, requestId, Instant.now(), List.of("vanilla", "chocolate", "mango"));
    return requestId;
  }

  static Map<String, Object> purchase(
      UUID purchaseId, UUID requestId, List<String> flavours, String purchasedAt) {
    return Map.of(
        "purchaseId",
        purchaseId.toString(),
        "requestId",
        requestId.toString(),
        "flavours",
        flavours,
        "store",
        "store-7",
        "purchasedAt",
        purchasedAt);
  }

  private static long count(TestTenant tenant, String from) throws Exception {
    try (Connection connection = tenants.connect(tenant);
        ResultSet rows =
            connection.createStatement().executeQuery("SELECT count(*) FROM " + from)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static List<String> flavours(TestTenant tenant, UUID purchaseId) throws Exception {
    try (Connection connection = tenants.connect(tenant);
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT flavour FROM purchased_flavour WHERE purchase_id = '"
                        + purchaseId
                        + "' ORDER BY flavour")) {
      List<String> flavours = new java.util.ArrayList<>();
      while (rows.next()) {
        flavours.add(rows.getString(1));
      }
      return flavours;
    }
  }
}
