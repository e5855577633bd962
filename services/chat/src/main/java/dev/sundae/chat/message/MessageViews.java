package dev.sundae.chat.message;

import dev.sundae.chat.ChatProperties;
import dev.sundae.chat.audio.AudioStore;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.storage.SignedUrl;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Turns stored messages into what apps receive, with a fresh short-lived download URL. */
@Component
public class MessageViews {

  private final AudioStore store;
  private final Duration expiry;

  MessageViews(AudioStore store, ChatProperties properties) {
    this.store = store;
    this.expiry = properties.chat().downloadExpiry();
  }

  public MessageView of(TenantConfig tenant, StoredMessage m) {
    if (m.removed()) {
      return new MessageView(
          m.id(),
          m.conversationId(),
          m.seq(),
          m.sender(),
          m.clientMessageId(),
          null,
          null,
          m.createdAt(),
          true);
    }
    SignedUrl url = store.signDownload(tenant, m.objectKey(), expiry);
    return new MessageView(
        m.id(),
        m.conversationId(),
        m.seq(),
        m.sender(),
        m.clientMessageId(),
        new MessageView.Audio(
            m.contentType(),
            m.codec(),
            m.sizeBytes(),
            m.durationMillis(),
            url.url(),
            url.expiration()),
        m.waveform(),
        m.createdAt(),
        false);
  }
}
