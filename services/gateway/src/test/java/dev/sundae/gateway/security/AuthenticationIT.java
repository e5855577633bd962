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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Only a current token of a tenant's own issuer, for the gateway's audience, opens the API. */
@WithKeycloak
@WithMinio
@WithElasticMq
@WithPostgres
@SpringBootTest(
    classes = GatewayApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"sundae.auth.clock-skew=1s", "sundae.bridge.token=" + AuthenticationIT.BRIDGE})
class AuthenticationIT {

  static final String BRIDGE = "bridge-token-for-minio";

  private static TestTenants tenants;
  private static TestTenant a;
  private static String stranger;

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  private Api api;

  @BeforeAll
  static void provision(
      KeycloakServer keycloak, MinioServer minio, ElasticMqServer sqs, PostgresServer postgres)
      throws Exception {
    tenants = new TestTenants(keycloak, minio, sqs, postgres);
    a = tenants.add("tenant_a", List.of("vanilla"), Optional.empty());
    tenants.add("tenant_b", List.of("vanilla"), Optional.empty());
    stranger = "stranger-" + UUID.randomUUID();
    keycloak.createRealm(stranger);
    keycloak.createClient(stranger, "register", "s3cret", TestTenant.AUDIENCE);
    keycloak.createClient(a.realm(), "elsewhere", "s3cret", "another-service");
    keycloak.createClient(
        a.realm(),
        "short-lived",
        "s3cret",
        TestTenant.AUDIENCE,
        Optional.of(Duration.ofSeconds(1)));
    keycloak.grantRealmRoles(
        a.realm(), "service-account-short-lived", CallerRole.REGISTER.roleName());
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
  void acceptsATokenOfTheTenantsIssuer() {
    assertThat(upload(tenants.token(a)).status()).isEqualTo(201);
  }

  @Test
  void refusesARequestWithoutToken() {
    Api.Response response = upload(null);

    assertUnauthorized(response, "bearer token");
    assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  void refusesATokenOfAnIssuerNoTenantTrusts() {
    String foreign = keycloak().clientCredentialsToken(stranger, "register", "s3cret");

    assertUnauthorized(upload(foreign), "issuer");
  }

  @Test
  void refusesATokenForAnotherAudience() {
    String token = keycloak().clientCredentialsToken(a.realm(), "elsewhere", "s3cret");

    assertUnauthorized(upload(token), "aud");
  }

  @Test
  void refusesAnExpiredToken() throws Exception {
    String token = keycloak().clientCredentialsToken(a.realm(), "short-lived", "s3cret");
    assertThat(upload(token).status()).as("fresh").isEqualTo(201);

    Thread.sleep(3_000); // 1 s lifespan + 1 s clock skew, and a margin

    assertUnauthorized(upload(token), "expired");
  }

  @Test
  void refusesATamperedOrMalformedToken() {
    String[] parts = tenants.token(a).split("\\.");
    String tampered = parts[0] + "." + parts[1] + "x." + parts[2];

    assertUnauthorized(upload(tampered), "");
    assertUnauthorized(upload("not-a-jwt"), "");
  }

  @Test
  void keepsTheApiAndTheBridgeCredentialsApart() {
    Api.Response bridgeTokenOnApi = upload(BRIDGE);
    Api.Response tenantTokenOnBridge =
        api.post("/internal/minio/events", tenants.token(a), "{\"Records\":[]}");

    assertUnauthorized(bridgeTokenOnApi, "");
    assertUnauthorized(tenantTokenOnBridge, "bridge token");
  }

  /**
   * Health and metrics live on the management port, open to the kubelet's probes; the public port
   * answers neither (the metrics name every tenant and its volume).
   */
  @Test
  void servesHealthAndMetricsOnTheManagementPortOnly() {
    Api management = new Api(managementPort);
    assertThat(management.get("/actuator/health/readiness", null).status()).isEqualTo(200);
    assertThat(management.get("/actuator/prometheus", null).body())
        .contains("http_server_requests");
    Api.Response metricsOnApi = api.get("/actuator/prometheus", tenants.token(a));
    assertThat(metricsOnApi.status()).as(metricsOnApi.toString()).isIn(401, 404);
    assertThat(metricsOnApi.body()).doesNotContain("http_server_requests");
    assertThat(api.get("/actuator/health/readiness", null).status()).isIn(401, 404);
  }

  private Api.Response upload(String token) {
    return api.post("/v1/uploads", token, SignedUpload.request("image/jpeg", 100));
  }

  private static KeycloakServer keycloak() {
    return tenants.keycloak();
  }

  private static void assertUnauthorized(Api.Response response, String reason) {
    assertThat(response.status()).as(response.toString()).isEqualTo(401);
    assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.json().path("status").asInt()).isEqualTo(401);
    assertThat(response.json().path("detail").asString()).containsIgnoringCase(reason);
  }
}
