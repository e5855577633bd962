package dev.sundae.chat.message;

import dev.sundae.chat.conversation.Conversations;
import dev.sundae.chat.tenant.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Catching up: everything after the device's cursor, per conversation, in order. Sequence numbers
 * are taken under the conversation's row lock and committed in order, so a message is never visible
 * before one with a smaller number: a cursor never skips a message.
 *
 * <p>Bounded: {@code limit} counts the messages of the whole response (each carries a signed URL),
 * not of each conversation; the conversations are served in a fixed order and the first left short
 * says {@code hasMore}. The cursor names only the conversations the member is active in, so it does
 * not grow with every conversation ever left; a member of many conversations sends it in the body
 * of {@code POST /v1/sync}, since a query string has a size limit.
 */
@RestController
@Validated
class SyncController {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 500;

  private final Conversations conversations;
  private final Messages messages;
  private final MessageViews views;

  SyncController(Conversations conversations, Messages messages, MessageViews views) {
    this.conversations = conversations;
    this.messages = messages;
    this.views = views;
  }

  @GetMapping("/v1/sync")
  SyncResponse sync(
      Caller caller,
      @RequestParam(required = false) String cursor,
      @RequestParam(defaultValue = "" + DEFAULT_LIMIT) @Min(1) @Max(MAX_LIMIT) int limit) {
    return sync(caller, SyncCursor.decode(cursor), limit);
  }

  /** The same, with the cursor in the body: for members of many conversations. */
  @PostMapping("/v1/sync")
  SyncResponse syncWithBody(Caller caller, @RequestBody @Valid SyncRequest request) {
    return sync(
        caller,
        SyncCursor.decode(request.cursor()),
        request.limit() == null ? DEFAULT_LIMIT : request.limit());
  }

  private SyncResponse sync(Caller caller, SyncCursor from, int limit) {
    Map<UUID, Long> latest = conversations.lastSeqOfActive(caller);
    List<ConversationUpdate> updates = new ArrayList<>();
    // only the conversations the member is active in: the rest are pruned from the cursor
    Map<UUID, Long> positions = new TreeMap<>();
    int budget = limit;
    boolean more = false;
    for (Map.Entry<UUID, Long> conversation : latest.entrySet()) {
      UUID id = conversation.getKey();
      long position = from.position(id);
      positions.put(id, position);
      if (conversation.getValue() <= position) {
        continue;
      }
      if (budget == 0) {
        more = true;
        continue;
      }
      List<StoredMessage> page = messages.after(caller.tenant(), id, position, budget);
      if (page.isEmpty()) {
        continue;
      }
      budget -= page.size();
      long last = page.get(page.size() - 1).seq();
      boolean hasMore = last < conversation.getValue();
      more |= hasMore;
      positions.put(id, last);
      updates.add(
          new ConversationUpdate(
              id, page.stream().map(m -> views.of(caller.tenant(), m)).toList(), hasMore));
    }
    return new SyncResponse(updates, new SyncCursor(positions).encode(), more);
  }

  /**
   * @param cursor from the previous sync; none: from the start
   * @param limit messages in the response, 1 to 500 (default 100)
   */
  record SyncRequest(
      @Size(max = SyncCursor.MAX_ENCODED) String cursor, @Min(1) @Max(MAX_LIMIT) Integer limit) {}

  /**
   * @param conversations the conversations with news, each with its new messages in order
   * @param cursor where the device stands after taking these; send it with the next sync
   * @param hasMore true when more messages wait than this response could carry: sync again at once
   */
  record SyncResponse(List<ConversationUpdate> conversations, String cursor, boolean hasMore) {}

  /**
   * @param conversationId the conversation
   * @param messages its messages after the cursor, oldest first
   * @param hasMore whether more follow beyond this page
   */
  record ConversationUpdate(UUID conversationId, List<MessageView> messages, boolean hasMore) {}
}
