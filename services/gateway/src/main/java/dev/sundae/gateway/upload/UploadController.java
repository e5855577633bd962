package dev.sundae.gateway.upload;

import dev.sundae.gateway.GatewayProperties;
import dev.sundae.tenancy.StorageKeys;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/** Hands a register a URL to put one frame straight into its tenant's bucket. */
@RestController
class UploadController {

  private final UploadSigner signer;
  private final UploadTickets tickets;
  private final GatewayProperties.Uploads limits;
  private final MeterRegistry meters;

  UploadController(
      UploadSigner signer,
      UploadTickets tickets,
      GatewayProperties properties,
      MeterRegistry meters) {
    this.signer = signer;
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
    PresignedPutObjectRequest signed =
        signer.sign(tenant, key, request.contentType(), request.sizeBytes(), limits.expiry());
    tickets.insert(
        tenant,
        new UploadTickets.Ticket(
            requestId,
            key,
            request.contentType(),
            Math.toIntExact(request.sizeBytes()),
            request.store(),
            signed.expiration()));
    meters.counter("sundae.uploads.signed", "tenant", tenant.name()).increment();
    UploadResponse.Upload upload =
        new UploadResponse.Upload(
            signed.httpRequest().method().name(),
            signed.url().toString(),
            UploadSigner.headersToSend(signed));
    return ResponseEntity.created(URI.create("/v1/recommendations/" + requestId))
        .body(new UploadResponse(requestId, upload, signed.expiration()));
  }
}
