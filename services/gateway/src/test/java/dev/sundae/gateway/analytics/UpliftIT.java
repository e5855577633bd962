package dev.sundae.gateway.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.gateway.GatewayApplication;
import dev.sundae.gateway.support.Api;
import dev.sundae.gateway.support.TestTenant;
import dev.sundae.gateway.support.TestTenants;
import dev.sundae.gateway.support.Worker;
import dev.sundae.tenancy.Arms;
import dev.sundae.tenancy.Arms.Arm;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The uplift endpoint on synthetic purchase streams whose true uplift is known: a chain whose
 * customers buy a shown flavour 30 % of the time under the model and 20 % under the baseline, split
 * by the platform's own hash ({@link Arms}) at 5 %, over two stores and three days. The endpoint's
 * counts must equal what was generated and its intervals must cover the truth (that they do so 95 %
 * of the time is tenancy's {@code ProportionsTest}'s).
 */
@WithKeycloak
@WithMinio
@WithElasticMq
@WithPostgres
@SpringBootTest(
    classes = GatewayApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UpliftIT {

  private static final List<String> CATALOGUE =
      List.of("vanilla", "chocolate", "mango", "pistachio", "lemon", "mint");
  private static final Instant DAY_ONE = Instant.parse("2026-03-02T00:00:00Z");
  private static final Instant DAY_FOUR = Instant.parse("2026-03-05T00:00:00Z");

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
  void theIntervalsCoverTheKnownUpliftAndTheCountsAreTheDatabases() throws Exception {
    Truth truth = generate(a, 8_000, 0.30, 0.20, new Random(1206));

    Api.Response response = uplift(a, DAY_ONE, DAY_FOUR);

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode overall = response.json().path("overall");
    assertThat(counts(overall.path("model"))).isEqualTo(truth.counts("model", null, null));
    assertThat(counts(overall.path("holdout"))).isEqualTo(truth.counts("holdout", null, null));
    assertThat(
            overall.path("model").path("recommendations").asLong()
                + overall.path("holdout").path("recommendations").asLong())
        .isEqualTo(8_000);
    assertThat(overall.path("holdout").path("recommendations").asLong())
        .as("5 %% of 8,000 sessions, by the platform's hash")
        .isBetween(320L, 480L);
    assertThat(overall.path("enoughData").asBoolean()).isTrue();
    JsonNode absolute = overall.path("absoluteUplift");
    JsonNode relative = overall.path("relativeUplift");
    System.out.printf(
        "true uplift +0.10 (x1.5): measured %.4f [%.4f, %.4f], relative %.4f [%.4f, %.4f]%n",
        absolute.path("estimate").asDouble(),
        absolute.path("low").asDouble(),
        absolute.path("high").asDouble(),
        relative.path("estimate").asDouble(),
        relative.path("low").asDouble(),
        relative.path("high").asDouble());
    assertThat(absolute.path("low").asDouble()).isLessThanOrEqualTo(0.10);
    assertThat(absolute.path("high").asDouble()).isGreaterThanOrEqualTo(0.10);
    assertThat(relative.path("low").asDouble()).isLessThanOrEqualTo(0.5);
    assertThat(relative.path("high").asDouble()).isGreaterThanOrEqualTo(0.5);
    assertThat(response.json().path("method").asString()).contains("Newcombe");

    JsonNode stores = response.json().path("byStore");
    assertThat(stores).hasSize(2);
    for (JsonNode store : stores) {
      String name = store.path("store").asString();
      assertThat(counts(store.path("model"))).isEqualTo(truth.counts("model", name, null));
      assertThat(counts(store.path("holdout"))).isEqualTo(truth.counts("holdout", name, null));
    }
    JsonNode days = response.json().path("byDay");
    assertThat(days).hasSize(3);
    assertThat(days.get(0).path("day").asString()).isEqualTo("2026-03-02");
    for (JsonNode day : days) {
      String date = day.path("day").asString();
      assertThat(counts(day.path("model"))).isEqualTo(truth.counts("model", null, date));
      assertThat(counts(day.path("holdout"))).isEqualTo(truth.counts("holdout", null, date));
    }

    // a window that starts and ends inside a day: whole days from the daily figures, the edges
    // from the rows; each part must count exactly what was generated in it
    for (Instant[] window :
        List.of(
            new Instant[] {DAY_ONE.plusSeconds(7 * 3_600), DAY_FOUR.minusSeconds(5 * 3_600)},
            new Instant[] {DAY_ONE.plusSeconds(3_600), DAY_ONE.plusSeconds(20 * 3_600)},
            new Instant[] {DAY_ONE.plusSeconds(86_400), DAY_ONE.plusSeconds(2 * 86_400 + 1)})) {
      JsonNode part = uplift(a, window[0], window[1]).json().path("overall");
      Truth inside = truth.between(window[0], window[1]);
      assertThat(counts(part.path("model")))
          .as("model arm in [%s, %s)", window[0], window[1])
          .isEqualTo(inside.counts("model", null, null));
      assertThat(counts(part.path("holdout"))).isEqualTo(inside.counts("holdout", null, null));
    }

    // tenant B's analyst sees none of it
    JsonNode ofB = uplift(b, DAY_ONE, DAY_FOUR).json().path("overall");
    assertThat(ofB.path("model").path("recommendations").asLong()).isZero();
    assertThat(ofB.path("enoughData").asBoolean()).isFalse();
  }

  @Test
  void saysNotEnoughDataBelowTheMinimumAndGivesNoUplift() throws Exception {
    Instant day = Instant.parse("2026-04-01T09:00:00Z");
    for (int i = 0; i < 150; i++) {
      worker.recommend(
          b, UUID.randomUUID(), day.plusSeconds(i), CATALOGUE.subList(0, 3), "model", "s1");
    }
    for (int i = 0; i < 20; i++) {
      worker.recommend(
          b, UUID.randomUUID(), day.plusSeconds(i), CATALOGUE.subList(3, 6), "holdout", "s1");
    }

    Api.Response response = uplift(b, day, day.plusSeconds(3_600));

    assertThat(response.status()).isEqualTo(200);
    JsonNode overall = response.json().path("overall");
    assertThat(overall.path("model").path("recommendations").asLong()).isEqualTo(150);
    assertThat(overall.path("holdout").path("recommendations").asLong()).isEqualTo(20);
    assertThat(overall.path("enoughData").asBoolean()).isFalse();
    assertThat(overall.path("absoluteUplift").isNull()).isTrue();
    assertThat(response.json().path("minimumPerArm").asLong()).isEqualTo(100);
  }

  /**
   * Registers that report the same sale twice at once, or two sales of one recommendation, convert
   * it once: the purchase trigger's update of the recommendation row waits for the other and then
   * finds it converted.
   */
  @Test
  void concurrentPurchasesOfOneRecommendationConvertItOnce() throws Exception {
    Instant day = Instant.parse("2026-05-01T12:00:00Z");
    List<UUID> requests = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      UUID requestId = UUID.randomUUID();
      worker.recommend(a, requestId, day, CATALOGUE.subList(0, 3), "model", "store-9");
      requests.add(requestId);
    }
    String token = tenants.token(a);
    ExecutorService registers = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> sales = new ArrayList<>();
      for (UUID requestId : requests) {
        for (int i = 0; i < 8; i++) {
          String flavour = CATALOGUE.get(i % 3);
          sales.add(
              registers.submit(
                  () ->
                      api.post(
                              "/v1/purchases",
                              token,
                              Map.of(
                                  "purchaseId", UUID.randomUUID().toString(),
                                  "requestId", requestId.toString(),
                                  "flavours", List.of(flavour),
                                  "store", "store-9",
                                  "purchasedAt", "2026-05-01T12:01:00Z"))
                          .status()));
        }
      }
      for (Future<Integer> sale : sales) {
        assertThat(sale.get()).isEqualTo(201);
      }
    } finally {
      registers.shutdownNow();
    }

    JsonNode whole = uplift(a, day.minusSeconds(43_200), day.plusSeconds(43_200)).json();
    JsonNode partial = uplift(a, day.minusSeconds(60), day.plusSeconds(60)).json();

    // the whole day comes from uplift_daily, the minute around noon from the rows
    assertThat(counts(whole.path("overall").path("model"))).isEqualTo("5 5");
    assertThat(counts(partial.path("overall").path("model"))).isEqualTo("5 5");
  }

  @Test
  void refusesABadWindowAndCallersOtherThanTheAnalyst() {
    String reversed = "/v1/analytics/uplift?from=" + DAY_FOUR + "&to=" + DAY_ONE;
    Api.Response bad = api.get(reversed, tenants.analystToken(a));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("detail").asString()).isEqualTo("from: must be before to");
    String window = "/v1/analytics/uplift?from=" + DAY_ONE + "&to=" + DAY_FOUR;
    assertThat(api.get(window, tenants.token(a)).status()).isEqualTo(403);
    assertThat(api.get(window, null).status()).isEqualTo(401);
  }

  private Api.Response uplift(TestTenant tenant, Instant from, Instant to) {
    return api.get("/v1/analytics/uplift?from=" + from + "&to=" + to, tenants.analystToken(tenant));
  }

  private static String counts(JsonNode arm) {
    return arm.path("recommendations").asLong() + " " + arm.path("converted").asLong();
  }

  /**
   * Writes {@code sessions} recommendations and their purchases as the worker and the gateway
   * would: a converting customer buys one of the three shown flavours, a customer who does not
   * convert buys a flavour not shown or nothing.
   */
  private static Truth generate(
      TestTenant tenant, int sessions, double pModel, double pHoldout, Random random)
      throws Exception {
    Truth truth = new Truth();
    try (Connection connection = tenants.connect(tenant);
        PreparedStatement recommendation =
            connection.prepareStatement(
                "INSERT INTO recommendation (request_id, bucket, object_key, model_version,"
                    + " created_at, arm, store) VALUES (?, 'b', ?, 'test-1', ?, ?, ?)");
        PreparedStatement flavour =
            connection.prepareStatement(
                "INSERT INTO recommended_flavour (request_id, rank, flavour, score)"
                    + " VALUES (?, ?, ?, 0.5)");
        PreparedStatement purchase =
            connection.prepareStatement(
                "INSERT INTO purchase (purchase_id, request_id, store, purchased_at)"
                    + " VALUES (?, ?, ?, ?)");
        PreparedStatement bought =
            connection.prepareStatement(
                "INSERT INTO purchased_flavour (purchase_id, flavour) VALUES (?, ?)")) {
      connection.setAutoCommit(false);
      for (int i = 0; i < sessions; i++) {
        UUID requestId = UUID.randomUUID();
        Arm arm = Arms.of(tenant.name(), requestId.toString(), 5);
        String store = random.nextBoolean() ? "store-1" : "store-2";
        Instant at = DAY_ONE.plusSeconds(random.nextInt(3 * 86_400));
        List<String> shown = new ArrayList<>(CATALOGUE);
        Collections.shuffle(shown, random);
        recommendation.setObject(1, requestId);
        recommendation.setString(2, "frames/" + requestId + ".jpg");
        recommendation.setObject(3, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        recommendation.setString(4, arm.wire());
        recommendation.setString(5, store);
        recommendation.addBatch();
        for (int rank = 1; rank <= 3; rank++) {
          flavour.setObject(1, requestId);
          flavour.setInt(2, rank);
          flavour.setString(3, shown.get(rank - 1));
          flavour.addBatch();
        }
        boolean converts = random.nextDouble() < (arm == Arm.MODEL ? pModel : pHoldout);
        String boughtFlavour =
            converts
                ? shown.get(random.nextInt(3))
                : random.nextBoolean() ? shown.get(3 + random.nextInt(3)) : null;
        if (boughtFlavour != null) {
          UUID purchaseId = UUID.randomUUID();
          purchase.setObject(1, purchaseId);
          purchase.setObject(2, requestId);
          purchase.setString(3, store);
          purchase.setObject(4, OffsetDateTime.ofInstant(at.plusSeconds(30), ZoneOffset.UTC));
          purchase.addBatch();
          bought.setObject(1, purchaseId);
          bought.setString(2, boughtFlavour);
          bought.addBatch();
        }
        truth.add(new Served(arm.wire(), store, at, converts));
      }
      recommendation.executeBatch();
      flavour.executeBatch();
      purchase.executeBatch();
      bought.executeBatch();
      connection.commit();
    }
    return truth;
  }

  private record Served(String arm, String store, Instant at, boolean converted) {}

  /** What was generated, counted by arm, store and day: "served converted". */
  private static final class Truth {
    private final List<Served> served = new ArrayList<>();

    void add(Served one) {
      served.add(one);
    }

    Truth between(Instant from, Instant to) {
      Truth inside = new Truth();
      served.stream()
          .filter(s -> !s.at().isBefore(from) && s.at().isBefore(to))
          .forEach(inside::add);
      return inside;
    }

    String counts(String arm, String store, String day) {
      List<Served> matching =
          served.stream()
              .filter(s -> s.arm().equals(arm))
              .filter(s -> store == null || s.store().equals(store))
              .filter(s -> day == null || s.at().toString().startsWith(day))
              .toList();
      return matching.size() + " " + matching.stream().filter(Served::converted).count();
    }
  }
}
