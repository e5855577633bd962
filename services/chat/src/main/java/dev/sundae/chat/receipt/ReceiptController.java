package dev.sundae.chat.receipt;

import dev.sundae.chat.tenant.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Read marks over REST (apps send delivered and read marks over the WebSocket too). */
@RestController
class ReceiptController {

  private final Receipts receipts;

  ReceiptController(Receipts receipts) {
    this.receipts = receipts;
  }

  @PostMapping("/v1/conversations/{id}/read")
  Receipts.Marks read(Caller caller, @PathVariable UUID id, @Valid @RequestBody Read request) {
    return receipts.mark(caller, id, request.seq(), Receipts.Kind.READ);
  }

  @GetMapping("/v1/conversations/{id}/receipts")
  Members receipts(Caller caller, @PathVariable UUID id) {
    return new Members(id, receipts.of(caller, id));
  }

  /**
   * @param seq the newest message the member listened to
   */
  record Read(@NotNull @Positive Long seq) {}

  /**
   * @param conversationId the conversation
   * @param members each active member's marks, as the caller may see them
   */
  record Members(UUID conversationId, List<Receipts.MemberMarks> members) {}
}
