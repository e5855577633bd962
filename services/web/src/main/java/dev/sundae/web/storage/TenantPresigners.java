package dev.sundae.web.storage;

import dev.sundae.tenancy.TenantConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed URLs with each tenant's own keys (which open its bucket and nothing else), for the clients
 * outside the platform: the gateway's frame uploads and the chat's clip uploads and downloads. They
 * name the object store as those clients reach it: the public endpoint when the platform has one
 * ({@code sundae.uploads.public-endpoint}, from the Environment's {@code
 * objectStore.publicEndpoint}), else the tenant's storage endpoint, else AWS.
 */
public final class TenantPresigners {

  private final Map<String, Signer> signers = new ConcurrentHashMap<>();
  private final String publicEndpoint;
  private final Clock clock;

  /**
   * @param publicEndpoint the object store as clients reach it; null or blank for the tenants'
   *     storage endpoints
   */
  public TenantPresigners(String publicEndpoint) {
    this(publicEndpoint, Clock.systemUTC());
  }

  TenantPresigners(String publicEndpoint, Clock clock) {
    this.publicEndpoint =
        publicEndpoint == null || publicEndpoint.isBlank() ? null : publicEndpoint;
    this.clock = clock;
  }

  /**
   * A PUT of exactly {@code sizeBytes} of {@code contentType} at {@code key}, accepted only while
   * the key is free ({@code If-None-Match: *}): the URL stores one object once, and a replay is
   * refused (412) instead of overwriting it or adding a version.
   */
  public SignedUrl putOnce(
      TenantConfig tenant, String key, String contentType, long sizeBytes, Duration expiry) {
    return of(tenant)
        .sign(
            "PUT",
            key,
            Map.of(
                "content-length",
                Long.toString(sizeBytes),
                "content-type",
                contentType,
                "if-none-match",
                "*"),
            expiry);
  }

  /** A GET of the object at {@code key}. */
  public SignedUrl get(TenantConfig tenant, String key, Duration expiry) {
    return of(tenant).sign("GET", key, Map.of(), expiry);
  }

  private S3UrlSigner of(TenantConfig tenant) {
    TenantConfig.Storage storage = tenant.storage();
    Signer signer = signers.get(tenant.name());
    // a tenant whose keys, bucket or endpoint changed gets a signer for the new ones
    if (signer == null || !signer.storage().equals(storage)) {
      signer = new Signer(storage, create(storage));
      signers.put(tenant.name(), signer);
    }
    return signer.signer();
  }

  private S3UrlSigner create(TenantConfig.Storage storage) {
    String endpoint = publicEndpoint != null ? publicEndpoint : storage.endpoint();
    return new S3UrlSigner(
        endpoint == null || endpoint.isBlank() ? null : endpoint,
        storage.regionOrDefault(),
        storage.bucket(),
        storage.accessKey(),
        storage.secretKey(),
        clock);
  }

  private record Signer(TenantConfig.Storage storage, S3UrlSigner signer) {}
}
