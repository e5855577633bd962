package dev.sundae.chat.message;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A voice message as stored: metadata only, the audio is in the tenant's bucket. */
public record StoredMessage(
    UUID id,
    UUID conversationId,
    long seq,
    String sender,
    String clientMessageId,
    String objectKey,
    String contentType,
    String codec,
    long sizeBytes,
    long durationMillis,
    List<Integer> waveform,
    Instant createdAt,
    boolean removed) {}
