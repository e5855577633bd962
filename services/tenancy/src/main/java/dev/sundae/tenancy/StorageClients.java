package dev.sundae.tenancy;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * How a service reaches a tenant's bucket from inside the platform: with the tenant's own keys
 * (which open its bucket and nothing else), in its region, at its storage endpoint when it has one
 * (MinIO and most S3-compatible stores serve buckets as paths, not host names). The gateway's
 * upload sweep, the worker and the chat's audio store build their clients here; each adds its own
 * HTTP client and timeouts. The URLs handed to clients outside are signed by {@code
 * web/storage/TenantPresigners}.
 */
public final class StorageClients {

  private StorageClients() {}

  /** A client builder for {@code storage}, to which the caller adds HTTP client and timeouts. */
  public static S3ClientBuilder s3(TenantConfig.Storage storage) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(storage.regionOrDefault()))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(storage.accessKey(), storage.secretKey())));
    if (storage.endpoint() != null && !storage.endpoint().isBlank()) {
      builder.endpointOverride(URI.create(storage.endpoint())).forcePathStyle(true);
    }
    return builder;
  }
}
