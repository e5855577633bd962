package dev.sundae.gateway.purchase;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PurchaseTest {

  private final UUID purchaseId = UUID.randomUUID();
  private final UUID requestId = UUID.randomUUID();

  @Test
  void twoReportsOfTheSameSaleAreEqualWhateverTheFlavoursOrderOrRepeats() {
    Purchase first =
        Purchase.of(request(List.of("mango", "vanilla"), "2026-03-01T12:00:00.123456Z"));
    Purchase retry =
        Purchase.of(
            request(List.of("vanilla", "mango", "vanilla"), "2026-03-01T12:00:00.123456789Z"));

    assertThat(retry).isEqualTo(first);
    assertThat(retry.flavours()).containsExactly("mango", "vanilla");
    assertThat(retry.purchasedAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00.123456Z"));
  }

  @Test
  void anotherFlavourIsAnotherSale() {
    assertThat(Purchase.of(request(List.of("mango"), "2026-03-01T12:00:00Z")))
        .isNotEqualTo(Purchase.of(request(List.of("lemon"), "2026-03-01T12:00:00Z")));
  }

  private PurchaseRequest request(List<String> flavours, String purchasedAt) {
    return new PurchaseRequest(
        purchaseId, requestId, flavours, "store-1", Instant.parse(purchasedAt));
  }
}
