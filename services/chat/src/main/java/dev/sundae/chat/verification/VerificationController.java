package dev.sundae.chat.verification;

import dev.sundae.chat.tenant.Caller;
import dev.sundae.chat.tenant.Unadmitted;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The member's side of verification, and the moderators' queue. */
@RestController
class VerificationController {

  private final Verifications verifications;

  VerificationController(Verifications verifications) {
    this.verifications = verifications;
  }

  @GetMapping("/v1/verification")
  Status status(@Unadmitted Caller caller) {
    return new Status(
        verifications.latest(caller.tenant(), caller.subject()).orElse(null),
        verifications.maySubmit(caller.tenant(), caller.subject()));
  }

  @PostMapping("/v1/verification")
  ResponseEntity<StartResponse> start(
      @Unadmitted Caller caller, @Valid @RequestBody StartRequest request) {
    Verifications.Started started =
        verifications.start(caller, request.contentType(), request.sizeBytes());
    return ResponseEntity.status(201)
        .body(
            new StartResponse(
                started.id(),
                started.appeal(),
                new Upload("PUT", started.upload().url(), started.upload().headers()),
                started.upload().expiration()));
  }

  @PostMapping("/v1/verification/{id}/submit")
  Verifications.Verification submit(@Unadmitted Caller caller, @PathVariable UUID id) {
    return verifications.submit(caller, id);
  }

  @GetMapping("/v1/moderation/verifications")
  List<Verifications.Verification> queue(Caller caller) {
    return verifications.queue(caller);
  }

  @PostMapping("/v1/moderation/verifications/{id}/decision")
  Verifications.Verification decide(
      Caller caller, @PathVariable UUID id, @Valid @RequestBody Decision decision) {
    return verifications.decide(caller, id, decision.approve(), decision.reason());
  }

  /**
   * @param latest the member's latest verification, null before the first
   * @param maySubmit whether the member may start one now (the first, or the one appeal)
   */
  record Status(Verifications.Verification latest, boolean maySubmit) {}

  /**
   * @param contentType image/jpeg or image/png
   * @param sizeBytes the selfie's exact size
   */
  record StartRequest(@NotBlank String contentType, long sizeBytes) {}

  record StartResponse(UUID verificationId, boolean appeal, Upload upload, Instant expiresAt) {}

  record Upload(String method, String url, Map<String, String> headers) {}

  /**
   * @param approve true to admit the member
   * @param reason why; required for a rejection, shown to the member
   */
  record Decision(@NotNull Boolean approve, @Size(max = 500) String reason) {}
}
