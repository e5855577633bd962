package dev.sundae.chat;

import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.tenant.TenantMigrations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything the chat service is configured with, under {@code sundae.*}.
 *
 * @param tenants the tenants served; the operator runs one chat Deployment per tenant
 * @param chat the community's rules: admission, audio bounds, live delivery
 * @param database the per-tenant connection pools
 * @param auth token checks
 * @param uploads where the signed URLs of clips point
 */
@ConfigurationProperties("sundae")
public record ChatProperties(
    @DefaultValue List<TenantConfig> tenants,
    @DefaultValue Chat chat,
    @DefaultValue Database database,
    @DefaultValue Auth auth,
    @DefaultValue Uploads uploads) {

  /**
   * @param publicEndpoint the object store's address as the members' apps reach it, when it is not
   *     the one the services use (the same setting as the gateway's, which the operator renders
   *     from the Environment's {@code objectStore.publicEndpoint}); signed URLs name it. Empty: the
   *     tenant's storage endpoint.
   */
  public record Uploads(String publicEndpoint) {}

  /** Who may chat once signed in. */
  public enum Admission {
    /** every member of the tenant's issuer */
    OPEN,
    /** only members whose verification a moderator approved */
    VERIFIED
  }

  /**
   * @param admission the default policy ({@code SUNDAE_CHAT_ADMISSION} from the operator)
   * @param audio the default audio bounds
   * @param policies per-tenant overrides of admission and audio bounds, by tenant name
   * @param uploadExpiry how long a signed upload URL stays valid
   * @param downloadExpiry how long a signed download URL in a message stays valid
   * @param live live delivery over WebSocket
   * @param messagesPerMinute per member: messages posted, and upload URLs signed
   * @param retention how long messages and their audio are kept
   * @param purgeInterval how often the purge runs
   * @param push Web Push to members' devices that are offline
   * @param export the export of events to the tenant's bucket for analytics
   * @param verification the limits on a member's selfie verifications
   */
  public record Chat(
      @DefaultValue("open") Admission admission,
      @DefaultValue Audio audio,
      @DefaultValue Map<String, Policy> policies,
      @DefaultValue("5m") Duration uploadExpiry,
      @DefaultValue("5m") Duration downloadExpiry,
      @DefaultValue Live live,
      @DefaultValue("30") int messagesPerMinute,
      @DefaultValue("365d") Duration retention,
      @DefaultValue("1h") Duration purgeInterval,
      @DefaultValue Push push,
      @DefaultValue Export export,
      @DefaultValue Verification verification) {}

  /**
   * @param startsPerHour per member: how many times {@code POST /v1/verification} may be called in
   *     an hour, refused starts included; over it: 429 {@code rate-limited} with {@code
   *     Retry-After}
   * @param abandonGrace how long after its signed URL expired a selfie never submitted is kept
   *     before the purge marks its verification abandoned and deletes the object
   */
  public record Verification(
      @DefaultValue("5") int startsPerHour, @DefaultValue("1h") Duration abandonGrace) {}

  /**
   * @param enabled whether each instance exports on a timer (one instance at a time per tenant)
   * @param interval how often the events not yet exported are written to the tenant's bucket
   */
  public record Export(
      @DefaultValue("true") boolean enabled, @DefaultValue("15m") Duration interval) {}

  /**
   * @param maxSize the largest clip a member may upload
   * @param maxDuration the longest clip, computed from its container
   */
  public record Audio(
      @DefaultValue("2MB") DataSize maxSize, @DefaultValue("5m") Duration maxDuration) {}

  /**
   * A tenant's own rules; a field left out takes the default.
   *
   * @param admission who may chat
   * @param maxSize the largest clip
   * @param maxDuration the longest clip
   * @param retention how long the tenant's messages and audio are kept
   * @param vapidPublicKey the tenant's own VAPID public key (base64url, 65-byte uncompressed P-256
   *     point); with {@code vapidPrivateKey}, replaces the default pair
   * @param vapidPrivateKey the tenant's own VAPID private key (base64url, 32-byte scalar)
   */
  public record Policy(
      Admission admission,
      DataSize maxSize,
      Duration maxDuration,
      Duration retention,
      String vapidPublicKey,
      String vapidPrivateKey) {}

  /**
   * Web Push (RFC 8030) with VAPID (RFC 8292) and encrypted payloads (RFC 8291). A tenant without a
   * key pair (its own in {@link Policy}, else this default) sends nothing, and its push endpoints
   * answer 503 {@code push-not-configured}.
   *
   * @param subject the VAPID contact the push services see: {@code mailto:...} or {@code
   *     https://...}
   * @param vapidPublicKey the default VAPID public key (base64url, 65-byte uncompressed P-256
   *     point), the browsers' {@code applicationServerKey}
   * @param vapidPrivateKey the default VAPID private key (base64url, 32-byte scalar)
   * @param ttl how long a push service keeps a push for a device that is offline (RFC 8030 TTL)
   * @param allowedInsecureOrigins endpoint origins ({@code http://host:port}) accepted although
   *     they are not https or are local addresses; for tests and a local push service only
   * @param maxSubscriptionsPerMember how many devices one member may subscribe
   * @param threads how many pushes are sent at once
   * @param threadsPerTenant how many of them one tenant's pushes may hold (at most {@code
   *     threads}): the others stay free for the other tenants, whatever push services one tenant's
   *     members subscribed
   * @param queueCapacity how many pushes (and messages waiting to be fanned out to devices) one
   *     tenant may have waiting; past it they are dropped (counted), never slowing the post
   * @param timeout the whole time one push may take (connect, TLS, send, answer): a push service
   *     that accepts and never answers holds one of {@code threads} no longer
   * @param slowPause how long an endpoint whose push timed out is set aside (its pushes skipped)
   */
  public record Push(
      @DefaultValue("") String subject,
      @DefaultValue("") String vapidPublicKey,
      @DefaultValue("") String vapidPrivateKey,
      @DefaultValue("24h") Duration ttl,
      @DefaultValue List<String> allowedInsecureOrigins,
      @DefaultValue("10") int maxSubscriptionsPerMember,
      @DefaultValue("4") int threads,
      @DefaultValue("2") int threadsPerTenant,
      @DefaultValue("1000") int queueCapacity,
      @DefaultValue("5s") Duration timeout,
      @DefaultValue("10m") Duration slowPause) {}

  /**
   * @param heartbeat how often the server pings each connection; one unanswered for two periods is
   *     closed
   * @param sendBufferSize how much a slow connection may have queued before it is closed (it
   *     catches up with a sync after reconnecting)
   * @param sendTimeLimit how long one send may block before the connection is closed
   * @param presenceInterval how often an instance re-announces its online members on the live bus;
   *     an announcement is valid for three periods, so a crashed instance's members count as
   *     offline after at most that
   * @param busMaxAge a live bus event older than this (by the sender's clock) is dropped, and ids
   *     are remembered twice as long, so a captured payload cannot be replayed
   * @param frameBurst frames (typing, receipts, pings...) a connection may send at once
   * @param framesPerSecond how fast that budget refills; frames over it are dropped unread
   * @param floodCloseAfter dropped frames within {@code floodWindow} after which the connection is
   *     closed (1008)
   * @param floodWindow how long dropped frames are counted together; an app that overshoots now and
   *     then over hours is never closed, a flood is within seconds
   * @param maxSocketsPerMember connections one member may hold, on all the tenant's instances
   *     together; one more is refused at the handshake (429 {@code too-many-connections}). A killed
   *     instance's connections stop counting after three heartbeats
   * @param typingRepeat a typing or recording frame repeating the connection's last one (same kind,
   *     same conversation) within this is dropped without a query: the others' indicator is on
   */
  public record Live(
      @DefaultValue("25s") Duration heartbeat,
      @DefaultValue("512KB") DataSize sendBufferSize,
      @DefaultValue("10s") Duration sendTimeLimit,
      @DefaultValue("20s") Duration presenceInterval,
      @DefaultValue("60s") Duration busMaxAge,
      @DefaultValue("20") int frameBurst,
      @DefaultValue("5") double framesPerSecond,
      @DefaultValue("200") int floodCloseAfter,
      @DefaultValue("10s") Duration floodWindow,
      @DefaultValue("10") int maxSocketsPerMember,
      @DefaultValue("2s") Duration typingRepeat) {}

  /**
   * @param poolSize connections per tenant pool
   * @param connectionTimeout how long a request waits for a free connection before a 503
   * @param migrationRetry how often the chat tables of a tenant whose database failed are tried
   *     again; until they are up to date, that tenant's requests get a 503 and the others are
   *     served
   */
  public record Database(
      @DefaultValue("8") int poolSize,
      @DefaultValue("5s") Duration connectionTimeout,
      @DefaultValue(TenantMigrations.DEFAULT_RETRY) Duration migrationRetry) {}

  /**
   * @param clockSkew tolerance on a token's expiry and not-before times
   * @param cacheTtl how long a verified token is remembered (never past its expiry)
   * @param cacheSize how many verified tokens are remembered
   */
  public record Auth(
      @DefaultValue("60s") Duration clockSkew,
      @DefaultValue("60s") Duration cacheTtl,
      @DefaultValue("100000") long cacheSize) {}
}
