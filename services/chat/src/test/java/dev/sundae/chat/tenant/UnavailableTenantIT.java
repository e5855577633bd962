package dev.sundae.chat.tenant;

import static dev.sundae.chat.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sundae.chat.ChatApplication;
import dev.sundae.chat.support.Api;
import dev.sundae.chat.support.ChatTenant;
import dev.sundae.chat.support.ChatTenants;
import dev.sundae.chat.support.TestMember;
import dev.sundae.testing.junit.WithKeycloak;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * As the gateway's: a tenant whose database is not there yet (its role is created after the chat
 * started) gets 503s while the other tenant is served, and is served once its chat tables can be
 * migrated. The chat used to refuse to start at all, taking every tenant it serves down.
 */
@WithKeycloak
@WithMinio
@WithPostgres
@SpringBootTest(
    classes = ChatApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "sundae.database.migration-retry=1s")
class UnavailableTenantIT {

  private static ChatTenants tenants;
  private static ChatTenant healthy;
  private static ChatTenant late;

  @LocalServerPort int port;

  @BeforeAll
  static void provision(KeycloakServer keycloak, MinioServer minio, PostgresServer postgres)
      throws Exception {
    tenants = new ChatTenants(keycloak, minio, postgres);
    healthy = tenants.add("chat_healthy");
    late = tenants.addWithoutDatabase("chat_late", Optional.empty());
  }

  @DynamicPropertySource
  static void chat(DynamicPropertyRegistry registry) {
    ChatTenants.register(registry, 2, () -> tenants);
  }

  @Test
  void servesTheOtherTenantsAndTheLateOneOnceItsDatabaseExists() throws Exception {
    Api api = new Api(port);
    TestMember ana = tenants.member(healthy, "ana");
    TestMember bea = tenants.member(late, "bea");

    assertThat(api.get("/v1/conversations", ana.token()).status()).isEqualTo(200);

    Api.Response refused = api.get("/v1/conversations", bea.token());
    assertProblem(refused, 503, "tenant-unavailable");
    assertThat(refused.body()).contains("chat_late");
    assertThat(refused.header("Retry-After")).isEqualTo("1");

    tenants.createDatabase(late);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(api.get("/v1/conversations", bea.token()).status()).isEqualTo(200));
  }
}
