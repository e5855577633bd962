package dev.sundae.chat.conversation;

import dev.sundae.chat.tenant.Caller;
import dev.sundae.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Direct conversations and groups: create, invite, join, leave, remove, change role. */
@RestController
class ConversationController {

  private final Conversations conversations;

  ConversationController(Conversations conversations) {
    this.conversations = conversations;
  }

  @PostMapping("/v1/conversations")
  ResponseEntity<Conversation> create(Caller caller, @Valid @RequestBody CreateRequest request) {
    Conversations.Created created =
        switch (request.kind()) {
          case "direct" -> {
            if (request.with() == null || request.with().isBlank()) {
              throw Problems.badRequest(
                  "invalid-request", "with: a direct conversation needs the other member's id");
            }
            yield conversations.direct(caller, request.with());
          }
          case "group" -> {
            if (request.title() == null || request.title().isBlank()) {
              throw Problems.badRequest("invalid-request", "title: a group needs a title");
            }
            yield conversations.group(caller, request.title(), Boolean.TRUE.equals(request.open()));
          }
          default -> throw new IllegalStateException("validated: " + request.kind());
        };
    Conversation conversation = conversations.get(caller, created.id());
    return created.created()
        ? ResponseEntity.created(URI.create("/v1/conversations/" + created.id())).body(conversation)
        : ResponseEntity.ok(conversation);
  }

  @GetMapping("/v1/conversations")
  List<Conversation> mine(Caller caller) {
    return conversations.mine(caller);
  }

  @GetMapping("/v1/conversations/{id}")
  Conversation get(Caller caller, @PathVariable UUID id) {
    return conversations.get(caller, id);
  }

  @PostMapping("/v1/conversations/{id}/members")
  ResponseEntity<Void> invite(
      Caller caller, @PathVariable UUID id, @Valid @RequestBody InviteRequest request) {
    conversations.invite(caller, id, request.subject());
    return ResponseEntity.status(201).build();
  }

  @PostMapping("/v1/conversations/{id}/join")
  ResponseEntity<Void> join(Caller caller, @PathVariable UUID id) {
    conversations.join(caller, id);
    return ResponseEntity.noContent().build();
  }

  @DeleteMapping("/v1/conversations/{id}/members/{subject}")
  ResponseEntity<Void> remove(Caller caller, @PathVariable UUID id, @PathVariable String subject) {
    conversations.remove(caller, id, subject.equals("me") ? caller.subject() : subject);
    return ResponseEntity.noContent().build();
  }

  @PutMapping("/v1/conversations/{id}/members/{subject}/role")
  ResponseEntity<Void> changeRole(
      Caller caller,
      @PathVariable UUID id,
      @PathVariable String subject,
      @Valid @RequestBody RoleRequest request) {
    conversations.changeRole(caller, id, subject, Role.of(request.role()));
    return ResponseEntity.noContent().build();
  }

  /**
   * @param kind {@code direct} or {@code group}
   * @param with a direct conversation's other member (their subject)
   * @param title a group's title
   * @param open whether anyone admitted may join the group (default: invitation only)
   */
  record CreateRequest(
      @NotNull @Pattern(regexp = "direct|group", message = "must be direct or group") String kind,
      @Size(max = 255) String with,
      @Size(max = 200) String title,
      Boolean open) {}

  /**
   * @param subject the invited member's id
   */
  record InviteRequest(@NotBlank @Size(max = 255) String subject) {}

  /**
   * @param role {@code owner}, {@code moderator} or {@code member}
   */
  record RoleRequest(
      @NotNull
          @Pattern(
              regexp = "owner|moderator|member",
              message = "must be owner, moderator or member")
          String role) {}
}
