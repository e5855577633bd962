package dev.sundae.gateway.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A store's register marks flavours sold out and clears them; the rows are what the worker reads
 * (InferenceWorkerIT shows a recommendation leaving them out).
 */
@WithKeycloak
@WithMinio
@WithElasticMq
@WithPostgres
@SpringBootTest(
    classes = GatewayApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SoldOutIT {

  static final List<String> CATALOGUE = List.of("vanilla", "chocolate", "mango", "pistachio");

  private static TestTenants tenants;
  private static TestTenant a;
  private static TestTenant b;

  @LocalServerPort int port;
  private Api api;

  @BeforeAll
  static void provision(
      KeycloakServer keycloak, MinioServer minio, ElasticMqServer sqs, PostgresServer postgres)
      throws Exception {
    tenants = new TestTenants(keycloak, minio, sqs, postgres);
    a = tenants.add("soldout_a", CATALOGUE, Optional.empty());
    b = tenants.add("soldout_b", CATALOGUE, Optional.empty());
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
  void marksListsAndClearsAStoresSoldOutFlavoursIdempotently() throws Exception {
    String token = tenants.token(a);
    Instant before = Instant.now().minusSeconds(1);

    Api.Response first = api.call("PUT", "/v1/stores/store-1/sold-out/mango", token);
    Api.Response again = api.call("PUT", "/v1/stores/store-1/sold-out/mango", token);
    assertThat(first.status()).as(first.toString()).isEqualTo(204);
    assertThat(again.status()).as(again.toString()).isEqualTo(204);

    JsonNode listed = api.get("/v1/stores/store-1/sold-out", token).json();
    assertThat(listed.path("store").asString()).isEqualTo("store-1");
    assertThat(listed.path("soldOut")).hasSize(1);
    assertThat(listed.path("soldOut").get(0).path("flavour").asString()).isEqualTo("mango");
    assertThat(Instant.parse(listed.path("soldOut").get(0).path("since").asString()))
        .isAfter(before);
    assertThat(rows(a, "store-1")).isOne();
    // another store of the same chain still has it
    assertThat(api.get("/v1/stores/store-2/sold-out", token).json().path("soldOut")).isEmpty();

    assertThat(api.call("DELETE", "/v1/stores/store-1/sold-out/mango", token).status())
        .isEqualTo(204);
    assertThat(api.call("DELETE", "/v1/stores/store-1/sold-out/mango", token).status())
        .isEqualTo(204);
    assertThat(api.get("/v1/stores/store-1/sold-out", token).json().path("soldOut")).isEmpty();
    assertThat(rows(a, "store-1")).isZero();
  }

  @Test
  void refusesAFlavourOutsideTheCatalogueAndABadStoreAndChangesNothing() throws Exception {
    String token = tenants.token(a);

    Api.Response unknown = api.call("PUT", "/v1/stores/store-3/sold-out/durian", token);
    Api.Response caseChanged = api.call("PUT", "/v1/stores/store-3/sold-out/Mango", token);
    Api.Response badStore = api.call("PUT", "/v1/stores/store%203/sold-out/mango", token);
    Api.Response longStore =
        api.call("PUT", "/v1/stores/" + "s".repeat(65) + "/sold-out/mango", token);

    assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
    assertThat(unknown.json().path("type").asString()).endsWith("/unknown-flavour");
    assertThat(caseChanged.status()).isEqualTo(404);
    assertThat(badStore.status()).as(badStore.toString()).isEqualTo(400);
    assertThat(longStore.status()).as(longStore.toString()).isEqualTo(400);
    assertThat(rows(a, "store-3")).isZero();
  }

  @Test
  void isTheRegistersOfItsOwnTenantOnly() throws Exception {
    assertThat(api.call("PUT", "/v1/stores/store-4/sold-out/vanilla", tenants.token(a)).status())
        .isEqualTo(204);

    // the other chain's register, with the same store name, sees and clears only its own
    String other = tenants.token(b);
    assertThat(api.get("/v1/stores/store-4/sold-out", other).json().path("soldOut")).isEmpty();
    assertThat(api.call("DELETE", "/v1/stores/store-4/sold-out/vanilla", other).status())
        .isEqualTo(204);
    assertThat(rows(a, "store-4")).isOne();

    // an analyst of the same chain reads analytics, not the registers' controls
    String analyst = tenants.analystToken(a);
    assertThat(api.call("PUT", "/v1/stores/store-4/sold-out/mango", analyst).status())
        .isEqualTo(403);
    assertThat(api.get("/v1/stores/store-4/sold-out", analyst).status()).isEqualTo(403);
    assertThat(api.call("DELETE", "/v1/stores/store-4/sold-out/vanilla", null).status())
        .isEqualTo(401);
    assertThat(rows(a, "store-4")).isOne();
  }

  private static int rows(TestTenant tenant, String store) throws Exception {
    try (Connection connection = tenants.connect(tenant);
        var query = connection.prepareStatement("SELECT count(*) FROM sold_out WHERE store = ?")) {
      query.setString(1, store);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }
}
