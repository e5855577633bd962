package dev.sundae.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.gateway.GatewayApplication;
import dev.sundae.gateway.support.Api;
import dev.sundae.gateway.support.SignedUpload;
import dev.sundae.gateway.support.TestTenant;
import dev.sundae.gateway.support.TestTenants;
import dev.sundae.tenancy.CallerRole;
import dev.sundae.testing.junit.WithElasticMq;
import dev.sundae.testing.junit.WithKeycloak;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.sqs.ElasticMqServer;
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

/**
 * Each kind of caller of a chain reaches its own endpoints and no other: every credential the
 * issuer hands out (a register's client credentials, an analyst's, a community member's and a
 * moderator's sign-in, a user with no role of ours) is tried on every endpoint of the gateway.
 */
@WithKeycloak
@WithMinio
@WithElasticMq
@WithPostgres
@SpringBootTest(
    classes = GatewayApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PrincipalsIT {

  private static final String WINDOW = "from=2026-02-01T00:00:00Z&to=2026-02-02T00:00:00Z";

  private static TestTenants tenants;
  private static TestTenant a;
  private static TestTenant c;

  @LocalServerPort int port;
  private Api api;

  @BeforeAll
  static void provision(
      KeycloakServer keycloak, MinioServer minio, ElasticMqServer sqs, PostgresServer postgres)
      throws Exception {
    tenants = new TestTenants(keycloak, minio, sqs, postgres);
    a = tenants.add("tenant_a", List.of("vanilla"), Optional.empty());
    c = tenants.add("tenant_c", List.of("vanilla"), Optional.empty());
  }

  @DynamicPropertySource
  static void gateway(DynamicPropertyRegistry registry) {
    TestTenants.register(registry, 2, () -> tenants);
    // tenant_c reads its roles from a claim its issuer never sets (in this source: Spring takes a
    // list's elements from one property source only)
    registry.add("sundae.tenants[1].roles-claim", () -> "sundae.roles");
  }

  @BeforeEach
  void api() {
    api = new Api(port);
  }

  @Test
  void aRegisterUploadsReadsRecommendationsAndReportsPurchasesButNotTheSales() {
    String register = tenants.token(a);

    assertThat(upload(register).status()).isEqualTo(201);
    // let in: an unknown request id is the endpoints' own 404, not a refusal of the caller
    assertThat(recommendation(register).status()).isEqualTo(404);
    assertThat(purchase(register).json().path("type").asString())
        .endsWith("/unknown-recommendation");
    assertThat(catalogue(register).status()).isEqualTo(200);
    assertForbidden(effectiveness(register));
  }

  @Test
  void anAnalystReadsTheSalesAndNothingElse() {
    String analyst = tenants.analystToken(a);

    assertThat(effectiveness(analyst).status()).isEqualTo(200);
    assertThat(catalogue(analyst).status()).isEqualTo(200);
    assertForbidden(upload(analyst));
    assertForbidden(recommendation(analyst));
    assertForbidden(purchase(analyst));
  }

  @Test
  void communityMembersAndModeratorsReachNothingOnTheGateway() {
    String member = tenants.userToken(a, "member", CallerRole.MEMBER);
    String moderator = tenants.userToken(a, "moderator", CallerRole.MEMBER, CallerRole.MODERATOR);

    for (String token : List.of(member, moderator)) {
      assertForbidden(upload(token));
      assertForbidden(recommendation(token));
      assertForbidden(purchase(token));
      assertForbidden(effectiveness(token));
      assertForbidden(catalogue(token));
      assertForbidden(api.get("/v1/no-such-endpoint", token));
    }
  }

  @Test
  void aUserWithNoRoleOfOursReachesNothing() {
    String nobody = tenants.userToken(a, "nobody");

    assertForbidden(upload(nobody));
    assertForbidden(effectiveness(nobody));
    assertThat(upload(nobody).json().path("detail").asString()).contains("none of Sundae's");
  }

  @Test
  void rolesAreReadFromTheClaimTheTenantNames() {
    // tenant_c's register has the role, but in realm_access.roles, not in tenant_c's claim
    assertForbidden(upload(tenants.token(c)));
    assertThat(upload(tenants.token(a)).status()).isEqualTo(201);
  }

  private Api.Response upload(String token) {
    return api.post("/v1/uploads", token, SignedUpload.request("image/jpeg", 100));
  }

  private Api.Response recommendation(String token) {
    return api.get("/v1/recommendations/" + UUID.randomUUID() + "?waitMs=0", token);
  }

  private Api.Response purchase(String token) {
    return api.post(
        "/v1/purchases",
        token,
        Map.of(
            "purchaseId", UUID.randomUUID().toString(),
            "requestId", UUID.randomUUID().toString(),
            "flavours", List.of("vanilla"),
            "store", "store-1",
            "purchasedAt", "2026-02-01T12:00:00Z"));
  }

  private Api.Response catalogue(String token) {
    return api.get("/v1/catalogue", token);
  }

  private Api.Response effectiveness(String token) {
    return api.get("/v1/analytics/effectiveness?" + WINDOW, token);
  }

  private static void assertForbidden(Api.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(403);
    assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.json().path("type").asString()).endsWith("/forbidden-role");
    assertThat(response.header("WWW-Authenticate")).contains("insufficient_scope");
  }
}
