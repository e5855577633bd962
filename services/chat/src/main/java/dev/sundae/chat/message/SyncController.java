package dev.sundae.chat.message;

import dev.sundae.chat.tenant.Caller;
import dev.sundae.chat.tenant.TenantDatabases;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Catching up: everything after the device's cursor, per conversation, in order. Sequence numbers
 * are taken under the conversation's row lock and committed in order, so a message is never visible
 * before one with a smaller number: a cursor never skips a message.
 */
@RestController
@Validated
class SyncController {

  private final TenantDatabases databases;
  private final Messages messages;
  private final MessageViews views;

  SyncController(TenantDatabases databases, Messages messages, MessageViews views) {
    this.databases = databases;
    this.messages = messages;
    this.views = views;
  }

  @GetMapping("/v1/sync")
  SyncResponse sync(
      Caller caller,
      @RequestParam(required = false) String cursor,
      @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
    SyncCursor from = SyncCursor.decode(cursor);
    Map<UUID, Long> latest = new HashMap<>();
    databases
        .of(caller.tenant())
        .jdbc()
        .sql(
            "SELECT c.id, c.last_seq FROM chat_conversation c JOIN chat_membership m"
                + " ON m.conversation_id = c.id WHERE m.subject = ? AND m.state = 'active'")
        .param(caller.subject())
        .query((rs, row) -> latest.put(rs.getObject(1, UUID.class), rs.getLong(2)))
        .list();
    List<ConversationUpdate> updates = new ArrayList<>();
    Map<UUID, Long> advanced = new HashMap<>();
    boolean more = false;
    for (Map.Entry<UUID, Long> conversation : latest.entrySet()) {
      UUID id = conversation.getKey();
      long position = from.position(id);
      if (conversation.getValue() <= position) {
        advanced.putIfAbsent(id, position);
        continue;
      }
      List<StoredMessage> page = messages.after(caller.tenant(), id, position, limit);
      if (page.isEmpty()) {
        continue;
      }
      long last = page.get(page.size() - 1).seq();
      boolean hasMore = last < conversation.getValue();
      more |= hasMore;
      advanced.put(id, last);
      updates.add(
          new ConversationUpdate(
              id, page.stream().map(m -> views.of(caller.tenant(), m)).toList(), hasMore));
    }
    return new SyncResponse(updates, from.with(advanced).encode(), more);
  }

  /**
   * @param conversations the conversations with news, each with its new messages in order
   * @param cursor where the device stands after taking these; send it with the next sync
   * @param hasMore true when a conversation had more than {@code limit}: sync again at once
   */
  record SyncResponse(List<ConversationUpdate> conversations, String cursor, boolean hasMore) {}

  /**
   * @param conversationId the conversation
   * @param messages its messages after the cursor, oldest first
   * @param hasMore whether more follow beyond this page
   */
  record ConversationUpdate(UUID conversationId, List<MessageView> messages, boolean hasMore) {}
}
