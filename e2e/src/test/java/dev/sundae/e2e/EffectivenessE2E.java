package dev.sundae.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sundae.e2e.support.Frames;
import dev.sundae.e2e.support.Gateway;
import dev.sundae.e2e.support.Platform;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Purchases reported after recommendations show up as conversion, by rank and by flavour. */
class EffectivenessE2E {

  private final Platform platform = Platform.get();
  private final Gateway gateway = platform.gateway();

  @Test
  void purchaseOfTheFirstRecommendedFlavourCountsAsAConversion() {
    String tenant = platform.tenantNames().get(0);
    String token = platform.token(tenant);
    Instant from = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Gateway.Upload bought = recommend(token, 41);
    Gateway.Upload notBought = recommend(token, 42);
    List<String> topOfBought = gateway.recommendation(token, bought.requestId(), 0).flavours();
    List<String> topOfNotBought =
        gateway.recommendation(token, notBought.requestId(), 0).flavours();
    String elsewhere =
        platform.facts(tenant).flavours().stream()
            .filter(f -> !topOfNotBought.contains(f))
            .findFirst()
            .orElseThrow();

    assertThat(gateway.purchase(token, bought.requestId(), List.of(topOfBought.get(0))).status())
        .isEqualTo(201);
    assertThat(gateway.purchase(token, notBought.requestId(), List.of(elsewhere)).status())
        .isEqualTo(201);
    Instant to = Instant.now().plusSeconds(1);
    Gateway.Response summary = gateway.effectiveness(platform.analystToken(tenant), from, to);

    assertThat(summary.status()).isEqualTo(200);
    JsonNode overall = summary.json().path("overall");
    assertThat(overall.path("recommendations").asLong()).isEqualTo(2);
    assertThat(overall.path("converted").asLong()).isEqualTo(1);
    assertThat(overall.path("conversion").asDouble()).isEqualTo(0.5);
    JsonNode rankOne = summary.json().path("byRank").get(0);
    assertThat(rankOne.path("rank").asInt()).isEqualTo(1);
    assertThat(rankOne.path("converted").asLong()).isEqualTo(1);
    // the other tenant's window holds none of this
    String other = platform.tenantNames().get(1);
    Gateway.Response otherSummary = gateway.effectiveness(platform.analystToken(other), from, to);
    assertThat(otherSummary.json().path("overall").path("converted").asLong()).isZero();
  }

  private Gateway.Upload recommend(String token, long seed) {
    byte[] frame = Frames.jpeg(Frames.PINK, seed);
    Gateway.Upload upload = gateway.requestUpload(token, "image/jpeg", frame.length);
    assertThat(gateway.put(upload, frame).status()).isEqualTo(200);
    assertThat(gateway.recommendation(token, upload.requestId(), 10_000).status()).isEqualTo(200);
    return upload;
  }
}
