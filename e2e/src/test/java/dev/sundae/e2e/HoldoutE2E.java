package dev.sundae.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sundae.e2e.support.Frames;
import dev.sundae.e2e.support.Gateway;
import dev.sundae.e2e.support.Platform;
import dev.sundae.e2e.support.TenantFacts;
import dev.sundae.tenancy.Arms.Arm;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A tenant that holds sessions out (examples/tenant-gelato.yaml: 10 %) shows a held-out session the
 * chain's best sellers, says so in the response, and counts both arms in the uplift; the model's
 * arm logs what its policy showed first, which the policy report counts.
 */
class HoldoutE2E {

  private final Platform platform = Platform.get();
  private final Gateway gateway = platform.gateway();

  @Test
  void aHeldOutSessionGetsTheBaselineAndTheUpliftCountsBothArms() {
    TenantFacts tenant =
        platform.tenantNames().stream()
            .map(platform::facts)
            .filter(t -> t.holdoutPercent() > 0)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no tenant of the platform holds sessions out"));
    String token = platform.token(tenant.name());
    String store = "e2e-holdout-" + UUID.randomUUID().toString().substring(0, 8);
    Instant from = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String held = tenant.session(Arm.HOLDOUT);

    Gateway.Response first = recommend(token, store, held, 51);
    Gateway.Response second = recommend(token, store, held, 52);
    Gateway.Response model = recommend(token, store, tenant.session(Arm.MODEL), 53);

    System.out.printf(
        "%s: held-out session %s %s, model's %s%n",
        tenant.name(), held, first.flavours(), model.flavours());
    assertThat(first.json().path("arm").asText()).isEqualTo("holdout");
    assertThat(second.json().path("arm").asText()).isEqualTo("holdout");
    assertThat(model.json().path("arm").asText()).isEqualTo("model");
    assertThat(model.flavours()).first().isEqualTo("strawberry");
    assertThat(first.flavours()).hasSize(3).isSubsetOf(tenant.flavours());

    // the first held-out customer buys what it was shown, the model's buys something else
    String elsewhere =
        tenant.flavours().stream()
            .filter(f -> !model.flavours().contains(f))
            .findFirst()
            .orElseThrow();
    assertThat(gateway.purchase(token, requestId(first), List.of(first.flavours().get(0))).status())
        .isEqualTo(201);
    assertThat(gateway.purchase(token, requestId(model), List.of(elsewhere)).status())
        .isEqualTo(201);
    Instant to = Instant.now().plusSeconds(1);
    Gateway.Response uplift =
        gateway.get(
            "/v1/analytics/uplift?from=" + from + "&to=" + to,
            platform.analystToken(tenant.name()));

    assertThat(uplift.status()).as(uplift.toString()).isEqualTo(200);
    assertThat(uplift.json().path("holdoutPercent").asInt()).isEqualTo(tenant.holdoutPercent());
    JsonNode ofStore = null;
    for (JsonNode row : uplift.json().path("byStore")) {
      if (row.path("store").asText().equals(store)) {
        ofStore = row;
      }
    }
    assertThat(ofStore).as("the store's row in %s", uplift.json()).isNotNull();
    assertThat(counts(ofStore.path("holdout"))).isEqualTo("2 1");
    assertThat(counts(ofStore.path("model"))).isEqualTo("1 0");
    assertThat(ofStore.path("enoughData").asBoolean()).isFalse();
    assertThat(ofStore.path("absoluteUplift").isNull()).isTrue();

    // the model's recommendation logged its policy's choice: the picture's context (the model's
    // first flavour, strawberry for a pink frame) and what it showed first; the holdout's did not
    Gateway.Response policy =
        gateway.get(
            "/v1/analytics/policy?from=" + from + "&to=" + to,
            platform.analystToken(tenant.name()));
    assertThat(policy.status()).as(policy.toString()).isEqualTo(200);
    JsonNode strawberry = null;
    for (JsonNode context : policy.json().path("contexts")) {
      if (context.path("context").asText().equals("strawberry")) {
        strawberry = context;
      }
    }
    assertThat(strawberry).as("the strawberry context in %s", policy.json()).isNotNull();
    assertThat(strawberry.path("shownFirst").get(0).path("flavour").asText())
        .isEqualTo(model.flavours().get(0));
    assertThat(policy.json().path("logged").path("recommendations").asLong())
        .as("the model arm's recommendations of the window, not the holdout's")
        .isGreaterThanOrEqualTo(1)
        .isLessThan(
            uplift.json().path("overall").path("model").path("recommendations").asLong() + 1);
  }

  private Gateway.Response recommend(String token, String store, String session, long seed) {
    byte[] frame = Frames.jpeg(Frames.PINK, seed);
    Gateway.Upload upload =
        gateway.requestUpload(token, "image/jpeg", frame.length, store, session);
    assertThat(gateway.put(upload, frame).status()).isEqualTo(200);
    Gateway.Response result = gateway.recommendation(token, upload.requestId(), 10_000);
    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    return result;
  }

  private static UUID requestId(Gateway.Response recommendation) {
    return UUID.fromString(recommendation.json().path("requestId").asText());
  }

  private static String counts(JsonNode arm) {
    return arm.path("recommendations").asLong() + " " + arm.path("converted").asLong();
  }
}
