package dev.sundae.chat.message;

import dev.sundae.chat.conversation.Conversations;
import dev.sundae.web.Refusal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Where a device stands: for each conversation, the sequence number of the last message it has.
 * Opaque to apps (base64url of {@code conversation:seq,...}); a conversation missing from it starts
 * at 0.
 */
public record SyncCursor(Map<UUID, Long> positions) {

  public static final SyncCursor START = new SyncCursor(Map.of());

  /** The longest entry before base64: {@code <uuid>:<seq>,}, a seq of up to 19 digits (a long). */
  static final int MAX_ENTRY = 36 + 1 + 19 + 1;

  /**
   * The longest cursor accepted: the one the service hands to a member active in the most
   * conversations a member may be in, each at the highest seq. Cursors are pruned to the member's
   * active conversations, so only a forged one is longer.
   */
  public static final int MAX_ENCODED =
      (Conversations.MAX_ACTIVE_PER_MEMBER * MAX_ENTRY + 2) / 3 * 4;

  public long position(UUID conversation) {
    return positions.getOrDefault(conversation, 0L);
  }

  public String encode() {
    StringJoiner text = new StringJoiner(",");
    new TreeMap<>(positions).forEach((id, seq) -> text.add(id + ":" + seq));
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.toString().getBytes(StandardCharsets.US_ASCII));
  }

  /** Parses a cursor an app sent back; anything else is a 400 with the reason. */
  public static SyncCursor decode(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return START;
    }
    if (cursor.length() > MAX_ENCODED) {
      throw Refusal.invalid(
          "invalid-cursor", "cursor: longer than any cursor this service hands out");
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
      Map<UUID, Long> positions = new LinkedHashMap<>();
      if (!text.isEmpty()) {
        for (String entry : text.split(",")) {
          String[] parts = entry.split(":", 2);
          long seq = Long.parseLong(parts[1]);
          if (seq < 0) {
            throw new IllegalArgumentException("negative position");
          }
          positions.put(UUID.fromString(parts[0]), seq);
        }
      }
      return new SyncCursor(positions);
    } catch (RuntimeException e) {
      throw Refusal.invalid(
          "invalid-cursor", "cursor: not a cursor this service handed out; sync without one");
    }
  }
}
