package dev.sundae.chat.message;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A voice message as a member's app receives it, over REST and over the WebSocket alike.
 *
 * @param id the message's id
 * @param conversationId its conversation
 * @param seq its place in the conversation: 1, 2, 3... with no gaps
 * @param sender the sender's subject
 * @param clientMessageId the sender's own id for it (a resend with the same id finds this one)
 * @param audio the clip; null once a moderator removed the message
 * @param waveform the sender's app's waveform, if it sent one: up to 256 levels 0..255
 * @param createdAt when the service stored it
 * @param removed true once a moderator removed it (its number stays, its audio is gone)
 */
public record MessageView(
    UUID id,
    UUID conversationId,
    long seq,
    String sender,
    String clientMessageId,
    Audio audio,
    List<Integer> waveform,
    Instant createdAt,
    boolean removed) {

  /**
   * @param contentType {@code audio/ogg}, {@code audio/webm} or {@code audio/mp4}
   * @param codec {@code opus} or {@code aac}
   * @param sizeBytes the clip's size
   * @param durationMillis its duration, read from its container by the service
   * @param url a signed GET URL of the clip, short-lived
   * @param urlExpiresAt when the URL stops working; sync again for a fresh one
   */
  public record Audio(
      String contentType,
      String codec,
      long sizeBytes,
      long durationMillis,
      String url,
      Instant urlExpiresAt) {}
}
