package dev.sundae.chat.audio;

import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.tenant.TenantDatabases;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The audio uploads a member was handed a signed URL for (table {@code chat_audio_upload}): the
 * upload controller records one, posting a voice message finds the caller's own by its id. The
 * retention purge deletes expired ones with their objects.
 */
@Component
public class AudioUploads {

  /**
   * One signed upload.
   *
   * @param key the object's key in the tenant's bucket
   * @param contentType the audio type the member declared (and the URL signed)
   * @param sizeBytes the size the URL was signed for
   */
  public record Upload(String key, String contentType, long sizeBytes) {}

  private final TenantDatabases databases;

  AudioUploads(TenantDatabases databases) {
    this.databases = databases;
  }

  void record(TenantConfig tenant, UUID id, String subject, Upload upload, Instant expiresAt) {
    databases
        .of(tenant)
        .jdbc()
        .sql(
            """
            INSERT INTO chat_audio_upload
              (id, subject, object_key, content_type, size_bytes, expires_at)
            VALUES (?, ?, ?, ?, ?, ?)""")
        .params(
            id,
            subject,
            upload.key(),
            upload.contentType(),
            upload.sizeBytes(),
            Timestamp.from(expiresAt))
        .update();
  }

  /** Upload {@code id} if {@code subject} was handed it; nobody finds another member's. */
  public Optional<Upload> find(TenantConfig tenant, UUID id, String subject) {
    return databases
        .of(tenant)
        .jdbc()
        .sql(
            """
            SELECT object_key, content_type, size_bytes FROM chat_audio_upload
            WHERE id = ? AND subject = ?""")
        .params(id, subject)
        .query((rs, row) -> new Upload(rs.getString(1), rs.getString(2), rs.getLong(3)))
        .optional();
  }
}
