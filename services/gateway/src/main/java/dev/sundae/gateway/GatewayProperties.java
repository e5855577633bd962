package dev.sundae.gateway;

import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.tenant.TenantMigrations;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything the gateway is configured with, under {@code sundae.*}.
 *
 * @param tenants the tenants served; in Kubernetes the operator renders them from the Tenants
 * @param uploads limits of the signed upload URLs
 * @param database the per-tenant connection pools
 * @param auth token checks
 * @param bridge the MinIO webhook bridge
 * @param sweep the net under the event bridge
 * @param export the daily Parquet export of recommendations and purchases
 */
@ConfigurationProperties("sundae")
public record GatewayProperties(
    @DefaultValue List<TenantConfig> tenants,
    @DefaultValue Uploads uploads,
    @DefaultValue Database database,
    @DefaultValue Auth auth,
    @DefaultValue Bridge bridge,
    @DefaultValue Sweep sweep,
    @DefaultValue Export export) {

  /**
   * @param maxSize the largest frame a register may upload
   * @param expiry how long a signed upload URL stays valid
   * @param publicEndpoint the object store's address as registers reach it, when it is not the one
   *     the services use (MinIO inside a cluster behind an Ingress that keeps the Host header);
   *     signed URLs name it. Empty: the tenant's storage endpoint.
   */
  public record Uploads(
      @DefaultValue("2MB") DataSize maxSize,
      @DefaultValue("60s") Duration expiry,
      String publicEndpoint) {}

  /**
   * @param poolSize connections per tenant pool; a tenant never holds more than this
   * @param connectionTimeout how long a request waits for a free connection before a 503
   * @param migrationRetry how often the schema of a tenant whose database failed is tried again;
   *     until it succeeds, that tenant's requests get a 503 and the other tenants are served
   */
  public record Database(
      @DefaultValue("4") int poolSize,
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

  /**
   * @param token the bearer token MinIO's webhook target sends ({@code auth_token}); when empty the
   *     bridge refuses every request
   * @param accessKey SQS access key; empty: the AWS default credentials chain (IRSA, env...)
   * @param secretKey SQS secret key
   */
  /**
   * The net under the event bridge (UploadSweep): uploads whose object-created event was lost.
   *
   * @param interval how often each tenant's tickets are looked at
   * @param grace how old an unconsumed ticket must be before it is looked at: longer than an event
   *     normally takes to reach the worker, or the sweep sends events the store has sent too (which
   *     cost a second inference, never a second recommendation)
   * @param batch the most tickets of one tenant looked at per run
   * @param enabled false only where something else plays the store (tests of the bridge itself)
   */
  public record Sweep(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("10s") Duration interval,
      @DefaultValue("30s") Duration grace,
      @DefaultValue("200") int batch) {}

  /**
   * The daily export of recommendations and purchases to each tenant's bucket (DailyExport).
   *
   * @param enabled whether each gateway exports on a timer (per tenant one replica at a time)
   * @param interval how often it looks for days to export
   * @param grace how long after a UTC day ends it is exported: longer than any transaction that
   *     could still add a row to it
   * @param daysPerRun the most days of one tenant written per run (a first run catches up over
   *     several)
   */
  public record Export(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("15m") Duration interval,
      @DefaultValue("1h") Duration grace,
      @DefaultValue("31") int daysPerRun) {}

  public record Bridge(String token, String accessKey, String secretKey) {
    @Override
    public String toString() {
      return "Bridge[accessKey=" + accessKey + "]";
    }
  }
}
