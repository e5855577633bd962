package dev.sundae.gateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sundae.gateway.GatewayApplication;
import dev.sundae.gateway.support.Api;
import dev.sundae.gateway.support.TestTenant;
import dev.sundae.gateway.support.TestTenants;
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
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A tenant whose database is not there yet (here: its role is created after the gateway started)
 * gets 503s while the other tenant is served, and is served once its schema can be migrated.
 */
@WithKeycloak
@WithMinio
@WithElasticMq
@WithPostgres
@SpringBootTest(
    classes = GatewayApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "sundae.database.migration-retry=1s")
class UnavailableTenantIT {

  private static TestTenants tenants;
  private static TestTenant healthy;
  private static TestTenant late;

  @LocalServerPort int port;

  @BeforeAll
  static void provision(
      KeycloakServer keycloak, MinioServer minio, ElasticMqServer sqs, PostgresServer postgres)
      throws Exception {
    tenants = new TestTenants(keycloak, minio, sqs, postgres);
    healthy = tenants.add("healthy", List.of("vanilla"), Optional.empty());
    late = tenants.addWithoutDatabase("late", List.of("vanilla"), Optional.empty());
  }

  @DynamicPropertySource
  static void gateway(DynamicPropertyRegistry registry) {
    TestTenants.register(registry, 2, () -> tenants);
  }

  @Test
  void servesTheOtherTenantsAndTheLateOneOnceItsDatabaseExists() throws Exception {
    Api api = new Api(port);
    Map<String, Object> upload = Map.of("contentType", "image/jpeg", "sizeBytes", 100);

    Api.Response served = api.post("/v1/uploads", tenants.token(healthy), upload);
    assertThat(served.status()).as(served.toString()).isEqualTo(201);

    Api.Response refused = api.post("/v1/uploads", tenants.token(late), upload);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
    assertThat(refused.json().path("type").asString())
        .isEqualTo("https://sundae.dev/problems/tenant-unavailable");
    assertThat(refused.json().path("detail").asString()).contains("late");
    assertThat(refused.header("Retry-After")).isEqualTo("1");

    tenants.createDatabase(late);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Api.Response later = api.post("/v1/uploads", tenants.token(late), upload);
              assertThat(later.status()).as(later.toString()).isEqualTo(201);
            });
  }
}
