package dev.sundae.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.gateway.GatewayApplication;
import dev.sundae.gateway.support.TestTenant;
import dev.sundae.gateway.support.TestTenants;
import dev.sundae.testing.http.RawHttp;
import dev.sundae.testing.junit.WithElasticMq;
import dev.sundae.testing.junit.WithKeycloak;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.sqs.ElasticMqServer;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A caller's malformed request (a broken query string, a value out of range, a body of the wrong
 * shape) is the caller's error: 400 with a problem that says what is wrong, never a 500. Sent byte
 * for byte, as a register's buggy client or a fuzzer sends them.
 */
@WithKeycloak
@WithMinio
@WithElasticMq
@WithPostgres
@SpringBootTest(
    classes = GatewayApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MalformedRequestIT {

  private static final String WINDOW = "from=2026-02-01T10:00:00Z&to=2026-02-01T11:00:00Z";

  private static TestTenants tenants;
  private static TestTenant tenant;

  @LocalServerPort int port;

  @BeforeAll
  static void provision(
      KeycloakServer keycloak, MinioServer minio, ElasticMqServer sqs, PostgresServer postgres)
      throws Exception {
    tenants = new TestTenants(keycloak, minio, sqs, postgres);
    tenant = tenants.add("tenant_a", List.of("vanilla", "chocolate", "mango"), Optional.empty());
  }

  @DynamicPropertySource
  static void gateway(DynamicPropertyRegistry registry) {
    TestTenants.register(registry, 1, () -> tenants);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "GET  | /v1/analytics/effectiveness?=x&" + WINDOW + "                 |",
        "GET  | /v1/analytics/effectiveness?from=%zz&to=2026-02-01T11:00:00Z |",
        "GET  | /v1/analytics/effectiveness?from=%&to=2026-02-01T11:00:00Z   |",
        "GET  | /v1/analytics/effectiveness?from=yesterday&to=today          |",
        "GET  | /v1/analytics/effectiveness?from=2026-02-01T10:00:00Z       |",
        "GET  | /v1/analytics/effectiveness?from=2026-02-01T11:00:00Z&to=2026-02-01T10:00:00Z |",
        "GET  | /v1/recommendations/not-a-uuid                               |",
        "GET  | /v1/recommendations/%zz                                      |",
        "GET  | /v1/recommendations/@ID@?waitMs=99999999999                  |",
        "GET  | /v1/recommendations/@ID@?waitMs=-1                           |",
        "GET  | /v1/recommendations/@ID@?waitMs=%ff                          |",
        "GET  | /v1/recommendations/@ID@?waitMs=10001                        |",
        "GET  | /v1/recommendations/%0A                                      |",
        "GET  | /v1/recommendations/%C2%96                                   |",
        "POST | /v1/uploads                                                  | `{\"contentType\":`",
        "POST | /v1/uploads                                                  | `[]`",
        "POST | /v1/uploads?%=1                                              | `{}`",
        "POST | /v1/purchases                                                | `{\"purchaseId\":\"x\"}`",
        "POST | /v1/purchases                                                | `{\"purchaseId\":1e999}`",
        "POST | /v1/uploads | `{\"contentType\":\"image/jpeg\",\"sizeBytes\":1,\"store\":false}`",
        "POST | /v1/uploads | `{\"contentType\":\"image/jpeg\",\"sizeBytes\":\"1\"}`",
        "POST | /v1/uploads | `{\"contentType\":\"image/jpeg\",\"sizeBytes\":true}`",
      })
  void answersTheCallersMistakeWithA400Problem(String method, String target, String body) {
    String resolved = target.replace("@ID@", UUID.randomUUID().toString());

    String token =
        target.startsWith("/v1/analytics") ? tenants.analystToken(tenant) : tenants.token(tenant);
    RawHttp.Response response = RawHttp.send(port, method, resolved, token, body);

    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    assertThat(response.contentType())
        .as(response.toString())
        .startsWith("application/problem+json");
    assertThat(response.body()).as(response.toString()).contains("\"detail\"");
  }

  /** Spring parses a multipart body before it picks the endpoint; none of ours takes one. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"POST, /v1/uploads", "GET, /v1/uploads"})
  void answersAMultipartBodyWithoutABoundaryWithA400Problem(String method, String target) {
    RawHttp.Response response =
        RawHttp.send(port, method, target, tenants.token(tenant), "multipart/form-data", "{}");

    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    assertThat(response.contentType())
        .as(response.toString())
        .startsWith("application/problem+json");
  }
}
