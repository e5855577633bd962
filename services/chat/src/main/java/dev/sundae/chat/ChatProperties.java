package dev.sundae.chat;

import dev.sundae.tenancy.TenantConfig;
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
 */
@ConfigurationProperties("sundae")
public record ChatProperties(
    @DefaultValue List<TenantConfig> tenants,
    @DefaultValue Chat chat,
    @DefaultValue Database database,
    @DefaultValue Auth auth) {

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
   * @param export the export of events to the tenant's bucket for analytics
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
      @DefaultValue Export export) {}

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
   * @param moderators the subjects of the community's moderators, who decide verifications
   * @param retention how long the tenant's messages and audio are kept
   */
  public record Policy(
      Admission admission,
      DataSize maxSize,
      Duration maxDuration,
      List<String> moderators,
      Duration retention) {}

  /**
   * @param heartbeat how often the server pings each connection; one unanswered for two periods is
   *     closed
   * @param sendBufferSize how much a slow connection may have queued before it is closed (it
   *     catches up with a sync after reconnecting)
   * @param sendTimeLimit how long one send may block before the connection is closed
   */
  public record Live(
      @DefaultValue("25s") Duration heartbeat,
      @DefaultValue("512KB") DataSize sendBufferSize,
      @DefaultValue("10s") Duration sendTimeLimit) {}

  /**
   * @param poolSize connections per tenant pool
   * @param connectionTimeout how long a request waits for a free connection before a 503
   */
  public record Database(
      @DefaultValue("8") int poolSize, @DefaultValue("5s") Duration connectionTimeout) {}

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
