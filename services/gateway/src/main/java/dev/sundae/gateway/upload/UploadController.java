package dev.sundae.gateway.upload;

import dev.sundae.gateway.GatewayProperties;
import dev.sundae.tenancy.StorageKeys;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.Problems;
import dev.sundae.web.storage.SignedUrl;
import dev.sundae.web.storage.TenantPresigners;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hands a register a URL to put one frame straight into its tenant's bucket, signed with the
 * tenant's own object-store keys, which open that bucket and nothing else. The signature covers the
 * key, Content-Type, Content-Length and {@code If-None-Match: *}: the store then accepts one body
 * of exactly that size and type, and only while the key is free, so a replayed URL is refused (412)
 * and cannot overwrite or add a version.
 */
@RestController
class UploadController {

  private final TenantPresigners presigners;
  private final UploadTickets tickets;
  private final GatewayProperties.Uploads limits;
  private final MeterRegistry meters;
  private final Map<String, Counter> signedByTenant = new ConcurrentHashMap<>();

  UploadController(UploadTickets tickets, GatewayProperties properties, MeterRegistry meters) {
    this.presigners = new TenantPresigners(properties.uploads().publicEndpoint());
    this.tickets = tickets;
    this.limits = properties.uploads();
    this.meters = meters;
  }

  @PostMapping("/v1/uploads")
  ResponseEntity<UploadResponse> create(
      TenantConfig tenant, @Valid @RequestBody UploadRequest request) {
    long maxBytes = limits.maxSize().toBytes();
    if (request.sizeBytes() > maxBytes) {
      throw Problems.badRequest(
          "frame-too-large",
          "sizeBytes: " + request.sizeBytes() + " exceeds the limit of " + maxBytes + " bytes");
    }
    UUID requestId = RequestIds.next();
    String key = StorageKeys.frame(requestId, request.contentType());
    SignedUrl signed =
        presigners.putOnce(
            tenant, key, request.contentType(), request.sizeBytes(), limits.expiry());
    tickets.insert(
        tenant,
        new UploadTickets.Ticket(
            requestId,
            key,
            request.contentType(),
            Math.toIntExact(request.sizeBytes()),
            request.store(),
            request.session(),
            signed.expiration()));
    signedByTenant
        .computeIfAbsent(
            tenant.name(), name -> meters.counter("sundae.uploads.signed", "tenant", name))
        .increment();
    UploadResponse.Upload upload =
        new UploadResponse.Upload(signed.method(), signed.url(), signed.headers());
    return ResponseEntity.created(URI.create("/v1/recommendations/" + requestId))
        .body(new UploadResponse(requestId, upload, signed.expiration()));
  }
}
