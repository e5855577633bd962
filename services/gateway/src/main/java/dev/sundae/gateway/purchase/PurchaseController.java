package dev.sundae.gateway.purchase;

import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.Problems;
import jakarta.validation.Valid;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A register reports what the customer bought after a recommendation. */
@RestController
class PurchaseController {

  /** Registers' clocks drift; a sale further in the future than this is a bug, not a sale. */
  private static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(5);

  private final Purchases purchases;

  PurchaseController(Purchases purchases) {
    this.purchases = purchases;
  }

  @PostMapping("/v1/purchases")
  ResponseEntity<Purchase> report(
      TenantConfig tenant, @Valid @RequestBody PurchaseRequest request) {
    List<String> unknown =
        request.flavours().stream().filter(f -> !tenant.flavours().contains(f)).distinct().toList();
    if (!unknown.isEmpty()) {
      throw Problems.badRequest(
          "unknown-flavour",
          "flavours: not in the tenant's catalogue: " + String.join(", ", unknown));
    }
    if (request.purchasedAt().isAfter(Instant.now().plus(CLOCK_TOLERANCE))) {
      throw Problems.badRequest("invalid-request", "purchasedAt: is in the future");
    }
    Purchase purchase = Purchase.of(request);
    return switch (purchases.record(tenant, purchase)) {
      case CREATED -> ResponseEntity.status(HttpStatus.CREATED).body(purchase);
      case REPEATED -> ResponseEntity.ok(purchase);
      case CONFLICT ->
          throw Problems.of(
              HttpStatus.CONFLICT,
              "purchase-conflict",
              "Purchase id reused",
              "purchaseId "
                  + purchase.purchaseId()
                  + " was already reported with other content; a retry must repeat it exactly");
      case UNKNOWN_REQUEST ->
          throw Problems.notFound(
              "unknown-recommendation",
              "Unknown recommendation",
              "No recommendation with requestId " + purchase.requestId() + " for this tenant");
    };
  }
}
