package dev.sundae.chat.verification;

import dev.sundae.chat.ChatProperties;
import dev.sundae.chat.audio.AudioStore;
import dev.sundae.chat.member.Members;
import dev.sundae.chat.safety.RateLimits;
import dev.sundae.chat.tenant.Caller;
import dev.sundae.chat.tenant.TenantPolicies;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.Refusal;
import dev.sundae.web.storage.SignedUrl;
import dev.sundae.web.tenant.TenantDatabases;
import dev.sundae.web.tenant.TenantDatabases.TenantDatabase;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The reviewed verification of a {@code verified} tenant: the member uploads a selfie through a
 * signed URL and submits it; the pluggable verifier adds its advice; a moderator approves or
 * rejects with a reason; the selfie is deleted with the decision.
 *
 * <p>The rules read the member's whole history, never only the latest row, so opening new rows gets
 * around none of them:
 *
 * <ul>
 *   <li><b>One open verification per member.</b> A start while one is in review, or is uploading
 *       with its URL still valid, is refused (409 {@code verification-open}) rather than replacing
 *       it: the open URL keeps working until it expires, so an upload that failed is simply PUT
 *       again to the same URL, and replacing would leave that live URL able to write an object no
 *       open row knows of. Once the URL has expired, the next start marks the old try {@code
 *       abandoned} and deletes its object, so there is never more than one live selfie. Starts of
 *       one member are serialised on their {@code chat_member} row.
 *   <li><b>Rejections counted.</b> No rejection: a first try; one: the one appeal; two or more:
 *       final (409 {@code no-appeal-left}). Abandoned tries count as nothing.
 *   <li><b>Starts rate-limited</b> per member ({@code sundae.chat.verification.starts-per-hour}),
 *       refused ones included: 429 with {@code Retry-After}.
 *   <li><b>Abandoned selfies purged</b>: {@link #abandonExpired} (run by the retention purge) marks
 *       uploads past their URL's expiry and a grace {@code abandoned} and deletes their objects.
 * </ul>
 */
@Component
public class Verifications {

  static final Map<String, String> SELFIE_TYPES = Map.of("image/jpeg", "jpg", "image/png", "png");
  private static final long MAX_SELFIE_BYTES = 5 * 1024 * 1024;

  private final TenantDatabases databases;
  private final TenantPolicies policies;
  private final Members members;
  private final AudioStore store;
  private final SelfieVerifier verifier;
  private final RateLimits rateLimits;
  private final Duration expiry;
  private final ChatProperties.Verification limits;

  Verifications(
      TenantDatabases databases,
      TenantPolicies policies,
      Members members,
      AudioStore store,
      SelfieVerifier verifier,
      RateLimits rateLimits,
      ChatProperties properties) {
    this.databases = databases;
    this.policies = policies;
    this.members = members;
    this.store = store;
    this.verifier = verifier;
    this.rateLimits = rateLimits;
    this.expiry = properties.chat().uploadExpiry();
    this.limits = properties.chat().verification();
  }

  /** Starts a verification: a signed URL for the selfie. */
  public Started start(Caller caller, String contentType, long sizeBytes) {
    TenantConfig tenant = caller.tenant();
    if (policies.admission(tenant) != ChatProperties.Admission.VERIFIED) {
      throw conflict("verification-not-needed", "This community admits every member");
    }
    if ("admitted".equals(members.status(tenant, caller.subject()).orElse(""))) {
      throw conflict("already-admitted", "You are admitted already");
    }
    String extension = SELFIE_TYPES.get(contentType);
    if (extension == null) {
      throw Refusal.invalid(
          "unsupported-image-type", "contentType: send a selfie as image/jpeg or image/png");
    }
    if (sizeBytes <= 0 || sizeBytes > MAX_SELFIE_BYTES) {
      throw Refusal.invalid(
          "invalid-request", "sizeBytes: must be between 1 and " + MAX_SELFIE_BYTES);
    }
    rateLimits.take(
        caller, "verification starts", limits.startsPerHour(), Duration.ofHours(1), "hour");
    Instant now = Instant.now();
    UUID id = UUID.randomUUID();
    String key = "chat/selfies/" + id + "." + extension;
    SignedUrl signed = store.signUpload(tenant, key, contentType, sizeBytes, expiry);
    TenantDatabase db = databases.of(tenant);
    Opened opened =
        db.transactions()
            .execute(
                tx -> {
                  if (!Members.lockRow(db.jdbc(), caller.subject())) {
                    throw new IllegalStateException("No member " + caller.subject());
                  }
                  // its URL has expired: no PUT can bring the object back once deleted
                  List<String> abandoned =
                      db.jdbc()
                          .sql(
                              "UPDATE chat_verification SET state = 'abandoned' WHERE subject = ?"
                                  + " AND state = 'uploading' AND upload_expires_at <= ?"
                                  + " RETURNING selfie_key")
                          .params(caller.subject(), Timestamp.from(now))
                          .query(String.class)
                          .list();
                  List<Verification> history = history(tenant, caller.subject());
                  refusal(history, now)
                      .ifPresent(
                          refused -> {
                            throw refused;
                          });
                  boolean appeal = rejections(history) == 1;
                  db.jdbc()
                      .sql(
                          "INSERT INTO chat_verification (id, subject, appeal, selfie_key,"
                              + " content_type, state, upload_expires_at)"
                              + " VALUES (?, ?, ?, ?, ?, 'uploading', ?)")
                      .params(
                          id,
                          caller.subject(),
                          appeal,
                          key,
                          contentType,
                          Timestamp.from(signed.expiration()))
                      .update();
                  return new Opened(appeal, abandoned);
                });
    opened.abandoned().forEach(old -> store.delete(tenant, old));
    return new Started(id, opened.appeal(), signed);
  }

  /** The member has uploaded the selfie: the verifier assesses it and it joins the queue. */
  public Verification submit(Caller caller, UUID id) {
    TenantConfig tenant = caller.tenant();
    Verification verification =
        history(tenant, caller.subject()).stream()
            .filter(v -> v.id().equals(id))
            .findFirst()
            .orElseThrow(
                () ->
                    Refusal.notFound(
                        "verification-not-found",
                        "Verification not found",
                        "No verification " + id));
    if (!verification.state().equals("uploading")) {
      throw conflict("already-submitted", "This verification is " + verification.state());
    }
    String key = selfieKey(tenant, id);
    byte[] head =
        store
            .read(tenant, key, 16)
            .orElseThrow(
                () -> conflict("selfie-not-uploaded", "PUT the selfie to its signed URL first"));
    if (!isImage(head)) {
      store.delete(tenant, key);
      throw Refusal.of(
          Refusal.Kind.UNPROCESSABLE,
          "invalid-selfie",
          "Selfie refused",
          "the uploaded object is not a JPEG or PNG image");
    }
    String assessment = verifier.assess(tenant, caller.subject(), key);
    // abandoned meanwhile by the purge: its object is gone
    int queued =
        databases
            .of(tenant)
            .jdbc()
            .sql(
                "UPDATE chat_verification SET state = 'review', assessment = ?"
                    + " WHERE id = ? AND state = 'uploading'")
            .params(assessment, id)
            .update();
    if (queued == 0) {
      throw conflict("already-submitted", "This verification is no longer uploading");
    }
    return latest(tenant, caller.subject()).orElseThrow();
  }

  /** The queue of selfies waiting for a decision, oldest first; moderators only. */
  public List<Verification> queue(Caller moderator) {
    requireModerator(moderator);
    return databases
        .of(moderator.tenant())
        .jdbc()
        .sql(
            "SELECT v.*, m.username FROM chat_verification v JOIN chat_member m"
                + " ON m.subject = v.subject WHERE v.state = 'review' ORDER BY v.created_at")
        .query(Verifications::map)
        .list();
  }

  /** A moderator's decision; the selfie is deleted with it. */
  public Verification decide(Caller moderator, UUID id, boolean approve, String reason) {
    requireModerator(moderator);
    if (!approve && (reason == null || reason.isBlank())) {
      throw Refusal.invalid("invalid-request", "reason: a rejection needs a reason");
    }
    TenantConfig tenant = moderator.tenant();
    TenantDatabase db = databases.of(tenant);
    String subject =
        db.transactions()
            .execute(
                tx -> {
                  String who =
                      db.jdbc()
                          .sql(
                              "UPDATE chat_verification SET state = ?, reason = ?,"
                                  + " decided_by = ?, decided_at = now()"
                                  + " WHERE id = ? AND state = 'review' RETURNING subject")
                          .params(
                              approve ? "approved" : "rejected", reason, moderator.subject(), id)
                          .query(String.class)
                          .optional()
                          .orElseThrow(
                              () ->
                                  Refusal.notFound(
                                      "verification-not-found",
                                      "Verification not found",
                                      "No verification " + id + " waiting for a decision"));
                  members.setStatus(tenant, who, approve ? "admitted" : "rejected");
                  return who;
                });
    store.delete(tenant, selfieKey(tenant, id));
    return latest(tenant, subject).orElseThrow();
  }

  /** The member's latest verification. */
  public Optional<Verification> latest(TenantConfig tenant, String subject) {
    return history(tenant, subject).stream().findFirst();
  }

  /**
   * Whether the member may start a verification now: none open, and fewer than two rejections (a
   * first try, or the one appeal). The rate limit is not looked at.
   */
  public boolean maySubmit(TenantConfig tenant, String subject) {
    return refusal(history(tenant, subject), Instant.now()).isEmpty();
  }

  /**
   * Marks the verifications still uploading past their URL's expiry and the grace {@code
   * abandoned}, then deletes their objects; the retention purge calls it. The row goes first, and
   * only while it is still uploading, so a submit that got there first keeps its selfie and one
   * that comes after finds the verification abandoned; an object left by a crash between the two is
   * the bucket lifecycle rule's. Returns how many were abandoned.
   */
  public int abandonExpired(TenantConfig tenant, Instant now) {
    List<String> keys =
        databases
            .of(tenant)
            .jdbc()
            .sql(
                "UPDATE chat_verification SET state = 'abandoned' WHERE state = 'uploading'"
                    + " AND upload_expires_at < ? RETURNING selfie_key")
            .param(Timestamp.from(now.minus(limits.abandonGrace())))
            .query(String.class)
            .list();
    keys.forEach(key -> store.delete(tenant, key));
    return keys.size();
  }

  /** Why the member may not start a verification now, from their whole history; empty if may. */
  private static Optional<Refusal> refusal(List<Verification> history, Instant now) {
    for (Verification earlier : history) {
      if (earlier.state().equals("review")) {
        return Optional.of(
            conflict("verification-in-review", "Your selfie is waiting for a moderator"));
      }
      if (earlier.state().equals("uploading") && earlier.uploadExpiresAt().isAfter(now)) {
        return Optional.of(
            conflict(
                "verification-open",
                "Verification "
                    + earlier.id()
                    + " is open: PUT the selfie to its URL and submit it, or start again after "
                    + earlier.uploadExpiresAt()));
      }
    }
    if (rejections(history) >= 2) {
      String reason =
          history.stream()
              .filter(v -> v.state().equals("rejected"))
              .findFirst()
              .map(Verification::reason)
              .orElseThrow();
      return Optional.of(
          conflict("no-appeal-left", "Your verification was rejected after an appeal: " + reason));
    }
    return Optional.empty();
  }

  private static long rejections(List<Verification> history) {
    return history.stream().filter(v -> v.state().equals("rejected")).count();
  }

  private List<Verification> history(TenantConfig tenant, String subject) {
    return databases
        .of(tenant)
        .jdbc()
        .sql(
            "SELECT v.*, m.username FROM chat_verification v JOIN chat_member m"
                + " ON m.subject = v.subject WHERE v.subject = ? ORDER BY v.created_at DESC")
        .param(subject)
        .query(Verifications::map)
        .list();
  }

  private String selfieKey(TenantConfig tenant, UUID id) {
    return databases
        .of(tenant)
        .jdbc()
        .sql("SELECT selfie_key FROM chat_verification WHERE id = ?")
        .param(id)
        .query(String.class)
        .single();
  }

  private void requireModerator(Caller caller) {
    if (!caller.moderator()) {
      throw Refusal.of(
          Refusal.Kind.FORBIDDEN,
          "not-a-moderator",
          "Forbidden",
          "Only the community's moderators review verifications");
    }
  }

  private static boolean isImage(byte[] head) {
    boolean jpeg =
        head.length >= 3
            && (head[0] & 0xff) == 0xff
            && (head[1] & 0xff) == 0xd8
            && (head[2] & 0xff) == 0xff;
    boolean png =
        head.length >= 8
            && (head[0] & 0xff) == 0x89
            && head[1] == 'P'
            && head[2] == 'N'
            && head[3] == 'G';
    return jpeg || png;
  }

  private static Verification map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    Timestamp decided = rs.getTimestamp("decided_at");
    return new Verification(
        rs.getObject("id", UUID.class),
        rs.getString("subject"),
        rs.getString("username"),
        rs.getBoolean("appeal"),
        rs.getString("state"),
        rs.getString("assessment"),
        rs.getString("reason"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("upload_expires_at").toInstant(),
        decided == null ? null : decided.toInstant());
  }

  private static Refusal conflict(String type, String detail) {
    return Refusal.of(Refusal.Kind.CONFLICT, type, "Conflict", detail);
  }

  /**
   * @param id the verification
   * @param appeal whether it is the member's appeal
   * @param upload the signed selfie upload
   */
  public record Started(UUID id, boolean appeal, SignedUrl upload) {}

  /**
   * @param id its id
   * @param subject the member
   * @param username the member's name
   * @param appeal whether this is the member's second, last try
   * @param state uploading, review, approved, rejected or abandoned (never submitted, its URL
   *     expired, its object deleted)
   * @param assessment the verifier's advice to the moderator
   * @param reason the moderator's reason
   * @param createdAt when it was started
   * @param uploadExpiresAt when the selfie's signed URL expires
   * @param decidedAt when it was decided
   */
  public record Verification(
      UUID id,
      String subject,
      String username,
      boolean appeal,
      String state,
      String assessment,
      String reason,
      Instant createdAt,
      Instant uploadExpiresAt,
      Instant decidedAt) {}

  private record Opened(boolean appeal, List<String> abandoned) {}
}
