package dev.sundae.gateway.analytics;

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
import java.time.Instant;
import java.util.LinkedHashMap;
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
import tools.jackson.databind.JsonNode;

/**
 * Conversion figures on a small data set worked out by hand. In the window [10:00, 11:00):
 *
 * <pre>
 * r1  vanilla   chocolate mango      bought: chocolate; then vanilla + chocolate  converted
 * r2  chocolate vanilla   pistachio  bought: chocolate + lemon                     converted
 * r3  vanilla   mango     chocolate  bought: lemon                                 not converted
 * r4  pistachio vanilla   chocolate  nothing bought                                not converted
 * </pre>
 *
 * Outside the window: r5 (09:59) and r6 (11:00), both bought; and tenant B's data.
 */
@WithKeycloak
@WithMinio
@WithElasticMq
@WithPostgres
@SpringBootTest(
    classes = GatewayApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EffectivenessIT {

  private static final List<String> CATALOGUE =
      List.of("vanilla", "chocolate", "mango", "pistachio", "lemon");
  private static final String FROM = "2026-02-01T10:00:00Z";
  private static final String TO = "2026-02-01T11:00:00Z";

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
  void computesConversionByRankAndByFlavourOverTheWindow() throws Exception {
    UUID r1 = recommend(a, "10:00:00", "vanilla", "chocolate", "mango");
    UUID r2 = recommend(a, "10:15:00", "chocolate", "vanilla", "pistachio");
    UUID r3 = recommend(a, "10:30:00", "vanilla", "mango", "chocolate");
    recommend(a, "10:59:59", "pistachio", "vanilla", "chocolate");
    UUID r5 = recommend(a, "09:59:59", "vanilla", "chocolate", "mango");
    UUID r6 = recommend(a, "11:00:00", "mango", "chocolate", "vanilla");
    buy(a, r1, "chocolate");
    buy(a, r1, "vanilla", "chocolate");
    buy(a, r2, "chocolate", "lemon");
    buy(a, r3, "lemon");
    buy(a, r5, "vanilla");
    buy(a, r6, "mango");
    servedBy(a, r3, "test-2"); // a candidate on trial served r3
    UUID ofB = recommend(b, "10:10:00", "mango", "vanilla", "lemon");
    buy(b, ofB, "mango");

    Api.Response response =
        api.get("/v1/analytics/effectiveness?from=" + FROM + "&to=" + TO, tenants.analystToken(a));

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode body = response.json();
    assertThat(conversion(body.path("overall"))).isEqualTo("4 2 0.5");
    assertThat(byKey(body.path("byRank"), "rank"))
        .containsExactly(
            Map.entry("1", "4 2 0.5"), // r1 vanilla, r2 chocolate
            Map.entry("2", "4 1 0.25"), // r1 chocolate
            Map.entry("3", "4 0 0.0"));
    assertThat(byKey(body.path("byFlavour"), "flavour"))
        .containsExactly(
            Map.entry("chocolate", "4 2 0.5"), // r1, r2
            Map.entry("mango", "2 0 0.0"),
            Map.entry("pistachio", "2 0 0.0"),
            Map.entry("vanilla", "4 1 0.25")); // r1
    assertThat(byKey(body.path("byModelVersion"), "modelVersion"))
        .containsExactly(
            Map.entry("test-1", "3 2 0.6666666666666666"), Map.entry("test-2", "1 0 0.0"));

    Api.Response ofTenantB =
        api.get("/v1/analytics/effectiveness?from=" + FROM + "&to=" + TO, tenants.analystToken(b));
    assertThat(conversion(ofTenantB.json().path("overall"))).isEqualTo("1 1 1.0");
  }

  @Test
  void answersZerosForAnEmptyWindow() {
    Api.Response response =
        api.get(
            "/v1/analytics/effectiveness?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z",
            tenants.analystToken(a));

    assertThat(response.status()).isEqualTo(200);
    assertThat(conversion(response.json().path("overall"))).isEqualTo("0 0 0.0");
    assertThat(response.json().path("byRank")).hasSize(3);
    assertThat(response.json().path("byFlavour")).isEmpty();
  }

  @Test
  void refusesAnInvalidWindow() {
    String token = tenants.analystToken(a);

    Api.Response reversed =
        api.get("/v1/analytics/effectiveness?from=" + TO + "&to=" + FROM, token);
    Api.Response missing = api.get("/v1/analytics/effectiveness?from=" + FROM, token);
    Api.Response garbled = api.get("/v1/analytics/effectiveness?from=monday&to=" + TO, token);

    assertThat(reversed.status()).isEqualTo(400);
    assertThat(reversed.json().path("detail").asString()).isEqualTo("from: must be before to");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(garbled.status()).isEqualTo(400);
  }

  private static UUID recommend(TestTenant tenant, String time, String... flavours)
      throws Exception {
    UUID requestId = UUID.randomUUID();
    worker.recommend(
        tenant, requestId, Instant.parse("2026-02-01T" + time + "Z"), List.of(flavours));
    return requestId;
  }

  private static void servedBy(TestTenant tenant, UUID requestId, String modelVersion)
      throws Exception {
    try (var connection = tenants.connect(tenant);
        var update =
            connection.prepareStatement(
                "UPDATE recommendation SET model_version = ? WHERE request_id = ?")) {
      update.setString(1, modelVersion);
      update.setObject(2, requestId);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }

  private void buy(TestTenant tenant, UUID requestId, String... flavours) {
    Api.Response response =
        api.post(
            "/v1/purchases",
            tenants.token(tenant),
            Map.of(
                "purchaseId", UUID.randomUUID().toString(),
                "requestId", requestId.toString(),
                "flavours", List.of(flavours),
                "store", "store-1",
                "purchasedAt", "2026-02-01T12:00:00Z"));
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
  }

  private static String conversion(JsonNode node) {
    return node.path("recommendations").asLong()
        + " "
        + node.path("converted").asLong()
        + " "
        + node.path("conversion").asDouble();
  }

  private static Map<String, String> byKey(JsonNode rows, String key) {
    Map<String, String> figures = new LinkedHashMap<>();
    rows.forEach(row -> figures.put(row.path(key).asString(), conversion(row)));
    return figures;
  }
}
