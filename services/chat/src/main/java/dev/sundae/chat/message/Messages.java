package dev.sundae.chat.message;

import dev.sundae.chat.audio.AudioFormat;
import dev.sundae.chat.audio.AudioInfo;
import dev.sundae.chat.audio.AudioInspector;
import dev.sundae.chat.audio.AudioStore;
import dev.sundae.chat.audio.AudioUploads;
import dev.sundae.chat.audio.AudioUploads.Upload;
import dev.sundae.chat.audio.InvalidAudioException;
import dev.sundae.chat.conversation.Conversations;
import dev.sundae.chat.conversation.Membership;
import dev.sundae.chat.safety.Blocks;
import dev.sundae.chat.safety.RateLimits;
import dev.sundae.chat.tenant.Caller;
import dev.sundae.chat.tenant.TenantPolicies;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.Refusal;
import dev.sundae.web.tenant.TenantDatabases;
import dev.sundae.web.tenant.TenantDatabases.TenantDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Posting and reading voice messages. A post checks the uploaded object before anything is stored:
 * it must be there, be the declared container with the accepted codec, and be within the tenant's
 * duration bound; a refused clip is deleted. The message then takes the conversation's next
 * sequence number under the conversation row's lock, so numbers are gapless and increase in commit
 * order.
 */
@Component
public class Messages {

  private static final String COLUMNS =
      "id, conversation_id, seq, sender, client_message_id, object_key, content_type, codec,"
          + " size_bytes, duration_ms, waveform, created_at, removed_at";

  private final TenantDatabases databases;
  private final Conversations conversations;
  private final AudioStore store;
  private final AudioUploads uploads;
  private final TenantPolicies policies;
  private final ApplicationEventPublisher events;
  private final MeterRegistry meters;
  private final Blocks blocks;
  private final RateLimits rateLimits;

  Messages(
      TenantDatabases databases,
      Conversations conversations,
      AudioStore store,
      AudioUploads uploads,
      TenantPolicies policies,
      ApplicationEventPublisher events,
      MeterRegistry meters,
      Blocks blocks,
      RateLimits rateLimits) {
    this.blocks = blocks;
    this.rateLimits = rateLimits;
    this.databases = databases;
    this.conversations = conversations;
    this.store = store;
    this.uploads = uploads;
    this.policies = policies;
    this.events = events;
    this.meters = meters;
  }

  /**
   * Posts a voice message, or finds the one a previous attempt with the same client message id
   * stored.
   */
  public Posted post(
      Caller caller,
      UUID conversationId,
      String clientMessageId,
      UUID uploadId,
      List<Integer> waveform) {
    Membership membership = conversations.requireActive(caller, conversationId);
    TenantConfig tenant = caller.tenant();
    Optional<StoredMessage> earlier = byClientId(tenant, caller.subject(), clientMessageId);
    if (earlier.isPresent()) {
      return resent(earlier.get(), conversationId, uploadId);
    }
    if (membership.direct()) {
      blocks.requireNotBlocked(caller, conversations.activeMembers(tenant, conversationId));
    }
    conversations.requireNotMuted(caller, conversationId);
    rateLimits.take(caller, "messages");
    Upload upload = upload(tenant, caller.subject(), uploadId);
    AudioInfo info = inspect(tenant, upload);
    TenantDatabase db = databases.of(tenant);
    StoredMessage message;
    try {
      message =
          db.transactions()
              .execute(
                  tx -> {
                    long seq =
                        db.jdbc()
                            .sql(
                                "UPDATE chat_conversation SET last_seq = last_seq + 1"
                                    + " WHERE id = ? RETURNING last_seq")
                            .param(conversationId)
                            .query(Long.class)
                            .single();
                    return db.jdbc()
                        .sql(
                            "INSERT INTO chat_message (id, conversation_id, seq, sender,"
                                + " client_message_id, upload_id, object_key, content_type, codec,"
                                + " size_bytes, duration_ms, waveform)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::smallint[])"
                                + " RETURNING "
                                + COLUMNS)
                        .params(
                            UUID.randomUUID(),
                            conversationId,
                            seq,
                            caller.subject(),
                            clientMessageId,
                            uploadId,
                            upload.key(),
                            info.format().contentType(),
                            info.format().codec(),
                            upload.sizeBytes(),
                            info.durationMillis(),
                            waveform == null ? null : arrayLiteral(waveform))
                        .query(Messages::map)
                        .single();
                  });
    } catch (DuplicateKeyException e) {
      // a concurrent resend won the race, or the upload is already another message's clip
      return byClientId(tenant, caller.subject(), clientMessageId)
          .map(found -> resent(found, conversationId, uploadId))
          .orElseThrow(
              () ->
                  conflict(
                      "upload-already-used",
                      "upload " + uploadId + " is already the clip of another message"));
    }
    meters.counter("sundae.chat.messages.posted", "tenant", tenant.name()).increment();
    // members who blocked the sender get nothing live from them (a group's history stays whole)
    List<String> recipients = new ArrayList<>(conversations.activeMembers(tenant, conversationId));
    recipients.removeAll(blocks.whoBlocked(tenant, caller.subject(), recipients));
    events.publishEvent(new MessagePosted(tenant, message, recipients));
    return new Posted(message, true);
  }

  /** The messages of a conversation after {@code afterSeq}, oldest first, at most {@code limit}. */
  public List<StoredMessage> after(Caller caller, UUID conversationId, long afterSeq, int limit) {
    conversations.requireActive(caller, conversationId);
    return after(caller.tenant(), conversationId, afterSeq, limit);
  }

  /** As {@link #after(Caller, UUID, long, int)}, for a caller already checked. */
  public List<StoredMessage> after(
      TenantConfig tenant, UUID conversationId, long afterSeq, int limit) {
    return databases
        .of(tenant)
        .jdbc()
        .sql(
            "SELECT "
                + COLUMNS
                + " FROM chat_message WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?")
        .params(conversationId, afterSeq, limit)
        .query(Messages::map)
        .list();
  }

  /** One message by its number, for a caller already checked (or a live event to relay). */
  public Optional<StoredMessage> find(TenantConfig tenant, UUID conversationId, long seq) {
    return databases
        .of(tenant)
        .jdbc()
        .sql("SELECT " + COLUMNS + " FROM chat_message WHERE conversation_id = ? AND seq = ?")
        .params(conversationId, seq)
        .query(Messages::map)
        .optional();
  }

  private Posted resent(StoredMessage earlier, UUID conversationId, UUID uploadId) {
    if (!earlier.conversationId().equals(conversationId)) {
      throw conflict(
          "client-message-id-reused",
          "clientMessageId "
              + earlier.clientMessageId()
              + " already names a message of another conversation");
    }
    return new Posted(earlier, false);
  }

  private Upload upload(TenantConfig tenant, String subject, UUID uploadId) {
    return uploads
        .find(tenant, uploadId, subject)
        .orElseThrow(
            () ->
                Refusal.notFound(
                    "upload-not-found",
                    "Upload not found",
                    "No upload " + uploadId + " of yours; ask POST /v1/audio/uploads for one"));
  }

  private AudioInfo inspect(TenantConfig tenant, Upload upload) {
    AudioFormat declared = AudioFormat.ofContentType(upload.contentType()).orElseThrow();
    long maxBytes = policies.maxBytes(tenant);
    byte[] data =
        store
            .read(tenant, upload.key(), maxBytes)
            .orElseThrow(
                () ->
                    conflict(
                        "audio-not-uploaded",
                        "Nothing was uploaded for this upload yet; PUT the clip to its signed URL"
                            + " first"));
    try {
      if (data.length > maxBytes) {
        throw new InvalidAudioException("the clip is larger than " + maxBytes + " bytes");
      }
      AudioInfo info = AudioInspector.inspect(data, declared);
      Duration max = policies.maxDuration(tenant);
      if (info.durationMillis() > max.toMillis()) {
        store.delete(tenant, upload.key());
        throw refused(
            "clip-too-long",
            "the clip lasts "
                + info.durationMillis()
                + " ms; this community accepts clips up to "
                + max.toMillis()
                + " ms");
      }
      return info;
    } catch (InvalidAudioException e) {
      store.delete(tenant, upload.key());
      meters.counter("sundae.chat.clips.refused", "tenant", tenant.name()).increment();
      throw refused("invalid-audio", e.getMessage());
    }
  }

  private Optional<StoredMessage> byClientId(
      TenantConfig tenant, String sender, String clientMessageId) {
    return databases
        .of(tenant)
        .jdbc()
        .sql("SELECT " + COLUMNS + " FROM chat_message WHERE sender = ? AND client_message_id = ?")
        .params(sender, clientMessageId)
        .query(Messages::map)
        .optional();
  }

  static StoredMessage map(ResultSet rs, int row) throws SQLException {
    Array waveform = rs.getArray("waveform");
    List<Integer> levels =
        waveform == null
            ? null
            : Arrays.stream((Object[]) waveform.getArray())
                .map(v -> ((Number) v).intValue())
                .toList();
    return new StoredMessage(
        rs.getObject("id", UUID.class),
        rs.getObject("conversation_id", UUID.class),
        rs.getLong("seq"),
        rs.getString("sender"),
        rs.getString("client_message_id"),
        rs.getString("object_key"),
        rs.getString("content_type"),
        rs.getString("codec"),
        rs.getLong("size_bytes"),
        rs.getLong("duration_ms"),
        levels,
        rs.getObject("created_at", Timestamp.class).toInstant(),
        rs.getTimestamp("removed_at") != null);
  }

  private static String arrayLiteral(List<Integer> levels) {
    StringBuilder literal = new StringBuilder("{");
    for (int i = 0; i < levels.size(); i++) {
      literal.append(i == 0 ? "" : ",").append(levels.get(i));
    }
    return literal.append('}').toString();
  }

  private static RuntimeException conflict(String type, String detail) {
    return Refusal.of(Refusal.Kind.CONFLICT, type, "Conflict", detail);
  }

  private static RuntimeException refused(String type, String detail) {
    return Refusal.of(Refusal.Kind.UNPROCESSABLE, type, "Clip refused", detail);
  }

  /**
   * @param message the message
   * @param created false when a resend found it
   */
  public record Posted(StoredMessage message, boolean created) {}
}
