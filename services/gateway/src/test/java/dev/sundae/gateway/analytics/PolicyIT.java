package dev.sundae.gateway.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
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
 * The policy endpoint on a log written as the worker writes it (context, candidates, the flavour
 * shown first, its propensity, the policy's own choice) with purchases written as the gateway
 * writes them: its counts and estimates must be those computed here from the generated rows, for
 * whole days (the daily table) and for windows that cut days (the rows). That the estimates cover
 * the truth on a learning chain is the inference service's PolicyLearningIT.
 */
@WithKeycloak
@WithMinio
@WithElasticMq
@WithPostgres
@SpringBootTest(
    classes = GatewayApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PolicyIT {

  private static final List<String> CATALOGUE =
      List.of("vanilla", "chocolate", "mango", "pistachio", "lemon", "mint");
  private static final Instant DAY_ONE = Instant.parse("2026-06-01T00:00:00Z");
  private static final Instant DAY_FOUR = Instant.parse("2026-06-04T00:00:00Z");
  private static final double EPSILON = 0.2;

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
  void theEstimatesAreThoseOfTheLoggedRowsForWholeAndCutDays() throws Exception {
    List<Logged> log = generate(a, 3_000, new Random(612)); // the gateway migrated the schema
    for (Instant[] window :
        List.of(
            new Instant[] {DAY_ONE, DAY_FOUR},
            new Instant[] {DAY_ONE.plusSeconds(7 * 3_600), DAY_FOUR.minusSeconds(5 * 3_600)},
            new Instant[] {DAY_ONE.plusSeconds(3_600), DAY_ONE.plusSeconds(20 * 3_600)})) {
      Api.Response response = policy(a, window[0], window[1]);
      assertThat(response.status()).as(response.toString()).isEqualTo(200);
      JsonNode report = response.json();
      List<Logged> inside =
          log.stream()
              .filter(l -> !l.at().isBefore(window[0]) && l.at().isBefore(window[1]))
              .toList();
      String what = "window [%s, %s)".formatted(window[0], window[1]);
      assertThat(report.path("logged").path("recommendations").asLong())
          .as(what)
          .isEqualTo(inside.size());
      assertThat(report.path("logged").path("converted").asLong())
          .isEqualTo(inside.stream().filter(Logged::converted).count());
      assertThat(report.path("enoughData").asBoolean()).isTrue();
      for (String policy : List.of("learned", "model")) {
        JsonNode estimate = report.path(policy);
        double expected =
            inside.stream()
                    .filter(l -> l.converted() && l.action().equals(l.choiceOf(policy)))
                    .mapToDouble(l -> 1 / l.propensity())
                    .sum()
                / inside.size();
        assertThat(estimate.path("conversion").asDouble())
            .as("%s, %s", policy, what)
            .isCloseTo(expected, within(1e-9));
        assertThat(estimate.path("matched").asLong())
            .isEqualTo(inside.stream().filter(l -> l.action().equals(l.choiceOf(policy))).count());
        assertThat(estimate.path("interval").path("low").asDouble()).isLessThan(expected);
        assertThat(estimate.path("interval").path("high").asDouble()).isGreaterThan(expected);
      }
      JsonNode contexts = report.path("contexts");
      assertThat(contexts).hasSize(2);
      for (JsonNode context : contexts) {
        String name = context.path("context").asString();
        assertThat(context.path("recommendations").asLong())
            .isEqualTo(inside.stream().filter(l -> l.context().equals(name)).count());
        for (JsonNode action : context.path("shownFirst")) {
          String flavour = action.path("flavour").asString();
          assertThat(action.path("recommendations").asLong())
              .isEqualTo(
                  inside.stream()
                      .filter(l -> l.context().equals(name) && l.action().equals(flavour))
                      .count());
        }
      }
    }
    System.out.printf(
        "policy report, 3,000 logged: %s%n",
        policy(a, DAY_ONE, DAY_FOUR).json().path("learned").toString());

    // tenant B's analyst sees none of it, and no estimate below the minimum
    JsonNode ofB = policy(b, DAY_ONE, DAY_FOUR).json();
    assertThat(ofB.path("logged").path("recommendations").asLong()).isZero();
    assertThat(ofB.path("enoughData").asBoolean()).isFalse();
    assertThat(ofB.path("learned").isNull()).isTrue();
  }

  @Test
  void refusesABadWindowAndCallersOtherThanTheAnalyst() {
    Api.Response bad =
        api.get(
            "/v1/analytics/policy?from=" + DAY_FOUR + "&to=" + DAY_ONE, tenants.analystToken(a));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("detail").asString()).isEqualTo("from: must be before to");
    assertThat(
            api.get("/v1/analytics/policy?from=yesterday&to=" + DAY_ONE, tenants.analystToken(a))
                .status())
        .isEqualTo(400);
    // beyond what the database can hold: a 400, on each analytics endpoint, not a 500
    for (String endpoint : List.of("effectiveness", "uplift", "policy")) {
      Api.Response far =
          api.get(
              "/v1/analytics/" + endpoint + "?from=" + DAY_ONE + "&to=%2B300000-01-01T00:00:00Z",
              tenants.analystToken(a));
      assertThat(far.status()).as(endpoint + ": " + far).isEqualTo(400);
    }
    String window = "/v1/analytics/policy?from=" + DAY_ONE + "&to=" + DAY_FOUR;
    assertThat(api.get(window, tenants.token(a)).status()).isEqualTo(403);
    assertThat(api.get(window, null).status()).isEqualTo(401);
  }

  private Api.Response policy(TestTenant tenant, Instant from, Instant to) {
    return api.get("/v1/analytics/policy?from=" + from + "&to=" + to, tenants.analystToken(tenant));
  }

  /**
   * Writes an epsilon-greedy log over two contexts, each with five candidates, whose policy's
   * choice moves from the model's first to its third halfway, and purchases of a shown flavour for
   * about half of them.
   */
  private static List<Logged> generate(TestTenant tenant, int count, Random random)
      throws Exception {
    List<Logged> logged = new ArrayList<>();
    try (Connection connection = tenants.connect(tenant);
        PreparedStatement recommendation =
            connection.prepareStatement(
                "INSERT INTO recommendation (request_id, bucket, object_key, model_version,"
                    + " created_at, arm, store, context, candidates, action, propensity, greedy)"
                    + " VALUES (?, 'b', ?, 'test-1', ?, 'model', 'store-1', ?, ?, ?, ?, ?)");
        PreparedStatement flavour =
            connection.prepareStatement(
                "INSERT INTO recommended_flavour (request_id, rank, flavour, score)"
                    + " VALUES (?, 1, ?, 0.5)");
        PreparedStatement purchase =
            connection.prepareStatement(
                "INSERT INTO purchase (purchase_id, request_id, store, purchased_at)"
                    + " VALUES (?, ?, 'store-1', ?)");
        PreparedStatement bought =
            connection.prepareStatement(
                "INSERT INTO purchased_flavour (purchase_id, flavour) VALUES (?, ?)")) {
      connection.setAutoCommit(false);
      for (int i = 0; i < count; i++) {
        UUID requestId = UUID.randomUUID();
        List<String> candidates =
            i % 2 == 0
                ? CATALOGUE.subList(0, 5)
                : List.of("mint", "lemon", "pistachio", "mango", "chocolate");
        String greedy = candidates.get(i < count / 2 ? 0 : 2);
        String action = random.nextDouble() < EPSILON ? candidates.get(random.nextInt(5)) : greedy;
        double propensity = (action.equals(greedy) ? 1 - EPSILON : 0) + EPSILON / 5;
        Instant at = DAY_ONE.plusSeconds(random.nextInt(3 * 86_400));
        boolean converts = random.nextBoolean();
        recommendation.setObject(1, requestId);
        recommendation.setString(2, "frames/" + requestId + ".jpg");
        recommendation.setObject(3, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        recommendation.setString(4, candidates.get(0));
        recommendation.setArray(5, connection.createArrayOf("text", candidates.toArray()));
        recommendation.setString(6, action);
        recommendation.setDouble(7, propensity);
        recommendation.setString(8, greedy);
        recommendation.executeUpdate();
        flavour.setObject(1, requestId);
        flavour.setString(2, action);
        flavour.executeUpdate();
        if (converts) {
          UUID purchaseId = UUID.randomUUID();
          purchase.setObject(1, purchaseId);
          purchase.setObject(2, requestId);
          purchase.setObject(3, OffsetDateTime.ofInstant(at.plusSeconds(30), ZoneOffset.UTC));
          purchase.executeUpdate();
          bought.setObject(1, purchaseId);
          bought.setString(2, action);
          bought.executeUpdate();
        }
        logged.add(
            new Logged(at, candidates.get(0), candidates, action, propensity, greedy, converts));
      }
      connection.commit();
    }
    return logged;
  }

  private record Logged(
      Instant at,
      String context,
      List<String> candidates,
      String action,
      double propensity,
      String greedy,
      boolean converted) {

    String choiceOf(String policy) {
      return policy.equals("learned") ? greedy : candidates.get(0);
    }
  }
}
