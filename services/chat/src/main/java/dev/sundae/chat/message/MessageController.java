package dev.sundae.chat.message;

import dev.sundae.chat.tenant.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Posting a voice message, and reading a conversation's messages in order. */
@RestController
@Validated
class MessageController {

  private final Messages messages;
  private final MessageViews views;

  MessageController(Messages messages, MessageViews views) {
    this.messages = messages;
    this.views = views;
  }

  @PostMapping("/v1/conversations/{id}/messages")
  ResponseEntity<MessageView> post(
      Caller caller, @PathVariable UUID id, @Valid @RequestBody PostRequest request) {
    Messages.Posted posted =
        messages.post(
            caller, id, request.clientMessageId(), request.uploadId(), request.waveform());
    MessageView view = views.of(caller.tenant(), posted.message());
    return posted.created()
        ? ResponseEntity.created(
                URI.create("/v1/conversations/" + id + "/messages?after=" + (view.seq() - 1)))
            .body(view)
        : ResponseEntity.ok(view);
  }

  @GetMapping("/v1/conversations/{id}/messages")
  List<MessageView> list(
      Caller caller,
      @PathVariable UUID id,
      @RequestParam(defaultValue = "0") @PositiveOrZero long after,
      @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
    return messages.after(caller, id, after, limit).stream()
        .map(m -> views.of(caller.tenant(), m))
        .toList();
  }

  /**
   * @param clientMessageId the app's own id for the message, unique per sender: a resend with the
   *     same id returns the stored message and stores nothing new
   * @param uploadId the upload the clip was put to
   * @param waveform optional levels for drawing the clip: at most 256 values, each 0..255
   */
  record PostRequest(
      @NotBlank
          @Size(max = 64)
          @Pattern(regexp = "[A-Za-z0-9._:-]+", message = "must be letters, digits or ._:-")
          String clientMessageId,
      @NotNull UUID uploadId,
      @Size(max = 256) List<@NotNull @Min(0) @Max(255) Integer> waveform) {}
}
