package dev.sundae.chat.safety;

import dev.sundae.chat.tenant.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Reports, the moderators' queue, bans, message removal and mutes. */
@RestController
class ModerationController {

  private final Moderation moderation;

  ModerationController(Moderation moderation) {
    this.moderation = moderation;
  }

  @PostMapping("/v1/reports")
  ResponseEntity<Map<String, UUID>> report(
      Caller caller, @Valid @RequestBody ReportRequest request) {
    UUID id =
        moderation.report(
            caller,
            request.conversationId(),
            request.subject(),
            request.messageSeq(),
            request.reason());
    return ResponseEntity.status(201).body(Map.of("reportId", id));
  }

  @GetMapping("/v1/moderation/reports")
  List<Moderation.Report> reports(Caller caller) {
    return moderation.openReports(caller);
  }

  @PostMapping("/v1/moderation/reports/{id}/resolve")
  ResponseEntity<Void> resolve(
      Caller caller, @PathVariable UUID id, @Valid @RequestBody ResolveRequest request) {
    moderation.resolve(caller, id, request.resolution());
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/v1/moderation/bans/{subject}")
  ResponseEntity<Void> ban(
      Caller caller, @PathVariable String subject, @Valid @RequestBody BanRequest request) {
    moderation.ban(caller, subject, request.reason());
    return ResponseEntity.noContent().build();
  }

  @DeleteMapping("/v1/conversations/{id}/messages/{seq}")
  ResponseEntity<Void> remove(Caller caller, @PathVariable UUID id, @PathVariable long seq) {
    moderation.removeMessage(caller, id, seq);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/v1/conversations/{id}/members/{subject}/mute")
  Map<String, Instant> mute(
      Caller caller,
      @PathVariable UUID id,
      @PathVariable String subject,
      @Valid @RequestBody MuteRequest request) {
    return Map.of(
        "mutedUntil", moderation.mute(caller, id, subject, Duration.ofMinutes(request.minutes())));
  }

  /**
   * @param conversationId where it happened
   * @param subject the member reported
   * @param messageSeq the message, if one
   * @param reason what is wrong
   */
  record ReportRequest(
      @NotNull UUID conversationId,
      @NotBlank String subject,
      Long messageSeq,
      @NotBlank @Size(max = 1000) String reason) {}

  record ResolveRequest(@NotBlank @Size(max = 1000) String resolution) {}

  record BanRequest(@NotBlank @Size(max = 500) String reason) {}

  /**
   * @param minutes how long, 1 minute to 30 days
   */
  record MuteRequest(@Min(1) @Max(43_200) int minutes) {}
}
