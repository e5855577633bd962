package dev.sundae.gateway.recommendation;

import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.Problems;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A register fetches the top flavours of its upload, waiting for them if it asks to. */
@RestController
class RecommendationController {

  static final int MAX_WAIT_MS = 10_000;

  private final RecommendationRepository repository;
  private final RecommendationWaiter waiter;

  RecommendationController(RecommendationRepository repository, RecommendationWaiter waiter) {
    this.repository = repository;
    this.waiter = waiter;
  }

  @GetMapping("/v1/recommendations/{requestId}")
  CompletableFuture<Recommendation> get(
      TenantConfig tenant,
      @PathVariable UUID requestId,
      @RequestParam(defaultValue = "0") @Min(0) @Max(MAX_WAIT_MS) int waitMs) {
    var found = repository.find(tenant, requestId);
    if (found.isPresent()) {
      return CompletableFuture.completedFuture(found.get());
    }
    // Another tenant's ids live in another schema, invisible to this role: they are unknown too.
    if (!repository.uploadExists(tenant, requestId)) {
      throw Problems.notFound(
          "unknown-request",
          "Unknown request",
          "No upload with requestId " + requestId + " was handed out to this tenant");
    }
    if (waitMs == 0) {
      throw pending(requestId);
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
    return waiter
        .await(tenant, requestId, deadline)
        .thenApply(result -> result.orElseThrow(() -> pending(requestId)));
  }

  private static ErrorResponseException pending(UUID requestId) {
    return Problems.notFound(
        "recommendation-pending",
        "Recommendation not ready",
        "No recommendation for " + requestId + " yet; retry, or wait longer with waitMs");
  }
}
