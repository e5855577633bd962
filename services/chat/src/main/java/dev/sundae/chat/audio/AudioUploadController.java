package dev.sundae.chat.audio;

import dev.sundae.chat.ChatProperties;
import dev.sundae.chat.safety.RateLimits;
import dev.sundae.chat.tenant.Caller;
import dev.sundae.chat.tenant.TenantPolicies;
import dev.sundae.web.Problems;
import dev.sundae.web.storage.SignedUrl;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Hands a member a URL to put one voice clip straight into the tenant's bucket. */
@RestController
class AudioUploadController {

  private final AudioStore store;
  private final AudioUploads uploads;
  private final TenantPolicies policies;
  private final Duration expiry;
  private final MeterRegistry meters;
  private final RateLimits rateLimits;

  AudioUploadController(
      AudioStore store,
      AudioUploads uploads,
      TenantPolicies policies,
      ChatProperties properties,
      MeterRegistry meters,
      RateLimits rateLimits) {
    this.rateLimits = rateLimits;
    this.store = store;
    this.uploads = uploads;
    this.policies = policies;
    this.expiry = properties.chat().uploadExpiry();
    this.meters = meters;
  }

  @PostMapping("/v1/audio/uploads")
  ResponseEntity<UploadResponse> create(Caller caller, @Valid @RequestBody UploadRequest request) {
    AudioFormat format =
        AudioFormat.ofContentType(request.contentType())
            .orElseThrow(
                () ->
                    Problems.badRequest(
                        "unsupported-audio-type",
                        "contentType: "
                            + request.contentType()
                            + " is not accepted; send one of "
                            + Arrays.stream(AudioFormat.values())
                                .map(AudioFormat::contentType)
                                .toList()));
    long maxBytes = policies.maxBytes(caller.tenant());
    rateLimits.take(caller, "uploads");
    if (request.sizeBytes() > maxBytes) {
      throw Problems.badRequest(
          "clip-too-large",
          "sizeBytes: " + request.sizeBytes() + " exceeds the limit of " + maxBytes + " bytes");
    }
    UUID id = UUID.randomUUID();
    String key = "chat/audio/" + id + "." + format.extension();
    SignedUrl signed =
        store.signUpload(caller.tenant(), key, format.contentType(), request.sizeBytes(), expiry);
    uploads.record(
        caller.tenant(),
        id,
        caller.subject(),
        new AudioUploads.Upload(key, format.contentType(), request.sizeBytes()),
        signed.expiration());
    meters.counter("sundae.chat.uploads.signed", "tenant", caller.tenant().name()).increment();
    return ResponseEntity.status(201)
        .body(
            new UploadResponse(
                id,
                new Upload(signed.method(), signed.url(), signed.headers()),
                signed.expiration(),
                policies.maxDuration(caller.tenant()).toMillis()));
  }

  /**
   * @param contentType {@code audio/ogg} (Opus), {@code audio/webm} (Opus) or {@code audio/mp4}
   *     (AAC)
   * @param sizeBytes the clip's exact size
   */
  record UploadRequest(@NotBlank String contentType, @Positive long sizeBytes) {}

  /**
   * @param uploadId to name in the message
   * @param upload how to upload
   * @param expiresAt when the URL stops working
   * @param maxDurationMillis the longest clip the tenant accepts
   */
  record UploadResponse(UUID uploadId, Upload upload, Instant expiresAt, long maxDurationMillis) {}

  /**
   * @param method PUT
   * @param url the signed URL
   * @param headers the headers to send with it, exactly
   */
  record Upload(String method, String url, Map<String, String> headers) {}
}
