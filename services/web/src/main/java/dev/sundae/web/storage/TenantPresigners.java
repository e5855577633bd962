package dev.sundae.web.storage;

import dev.sundae.tenancy.TenantConfig;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * One presigner per tenant, with the tenant's own keys (which open its bucket and nothing else),
 * for the URLs the platform hands to clients outside it: the gateway's frame uploads and the chat's
 * clip uploads and downloads. They name the object store as those clients reach it: the public
 * endpoint when the platform has one ({@code sundae.uploads.public-endpoint}, from the
 * Environment's {@code objectStore.publicEndpoint}), else the tenant's storage endpoint, else AWS.
 */
public final class TenantPresigners implements AutoCloseable {

  private final Map<String, S3Presigner> presigners = new ConcurrentHashMap<>();
  private final String publicEndpoint;

  /**
   * @param publicEndpoint the object store as clients reach it; null or blank for the tenants'
   *     storage endpoints
   */
  public TenantPresigners(String publicEndpoint) {
    this.publicEndpoint =
        publicEndpoint == null || publicEndpoint.isBlank() ? null : publicEndpoint;
  }

  public S3Presigner of(TenantConfig tenant) {
    return presigners.computeIfAbsent(tenant.name(), name -> create(tenant.storage()));
  }

  private S3Presigner create(TenantConfig.Storage storage) {
    String endpoint = publicEndpoint != null ? publicEndpoint : storage.endpoint();
    S3Presigner.Builder builder =
        S3Presigner.builder()
            .region(Region.of(storage.regionOrDefault()))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(storage.accessKey(), storage.secretKey())));
    if (endpoint != null && !endpoint.isBlank()) {
      // MinIO and most S3-compatible stores serve buckets as paths, not as host names
      builder
          .endpointOverride(URI.create(endpoint))
          .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
    }
    return builder.build();
  }

  @Override
  public void close() {
    presigners.values().forEach(S3Presigner::close);
  }
}
