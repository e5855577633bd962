package dev.sundae.gateway.purchase;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * A stored purchase, in the form two reports of the same sale compare equal: flavours sorted and
 * without repeats, the time at PostgreSQL's precision (microseconds).
 */
record Purchase(
    UUID purchaseId, UUID requestId, List<String> flavours, String store, Instant purchasedAt) {

  static Purchase of(PurchaseRequest request) {
    return new Purchase(
        request.purchaseId(),
        request.requestId(),
        request.flavours().stream().distinct().sorted().toList(),
        request.store(),
        request.purchasedAt().truncatedTo(ChronoUnit.MICROS));
  }
}
