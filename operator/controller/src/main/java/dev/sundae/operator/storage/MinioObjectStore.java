package dev.sundae.operator.storage;

import dev.sundae.operator.api.ObjectStoreSpec.EncryptionKeys;
import dev.sundae.operator.runtime.Ownership;
import dev.sundae.tenancy.TenantConfig;
import io.minio.MinioClient;
import io.minio.admin.MinioAdminClient;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import okhttp3.OkHttpClient;

/**
 * {@link ObjectStore} on MinIO: buckets through minio-java's S3 client, users and policies through
 * MinIO's admin API. Object-created events go to a MinIO notification target (a webhook to the
 * event bridge, say), named by its ARN, e.g. {@code arn:minio:sqs::SUNDAE:webhook}.
 */
public final class MinioObjectStore implements ObjectStore {

  /** MinIO's region unless configured otherwise; naming it spares a location lookup per call. */
  public static final String DEFAULT_REGION = TenantConfig.Storage.DEFAULT_REGION;

  private final Buckets buckets;
  private final MinioUsers users;

  MinioObjectStore(
      MinioClient client,
      MinioAdminClient admin,
      MinioAdminApi api,
      String endpoint,
      Function<BucketCredentials, MinioClient> clientFor,
      Optional<KmsKeys> keys) {
    MinioCalls calls = new MinioCalls(endpoint);
    this.buckets = new Buckets(new MinioBucketClient(client, calls), keys);
    this.users = new MinioUsers(admin, api, calls, clientFor);
  }

  /**
   * Connects with the root (or an admin) user's keys; nothing is sent until the first call. Buckets
   * are encrypted with the store's key.
   */
  public static MinioObjectStore connect(
      String endpoint, String region, String accessKey, String secretKey) {
    return connect(endpoint, region, accessKey, secretKey, EncryptionKeys.STORE);
  }

  /**
   * As {@link #connect(String, String, String, String)}; with {@link EncryptionKeys#PER_TENANT}
   * each bucket is encrypted with a KMS key of its own, named as the bucket, which the operator
   * creates through MinIO's admin API (MinIO's KMS must be KES).
   */
  public static MinioObjectStore connect(
      String endpoint,
      String region,
      String accessKey,
      String secretKey,
      EncryptionKeys encryptionKeys) {
    // minio-java waits five minutes for a connection by default; a reconcile should fail fast.
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ofSeconds(60))
            .writeTimeout(Duration.ofSeconds(60))
            .build();
    MinioClient client =
        MinioClient.builder()
            .endpoint(endpoint)
            .region(region)
            .credentials(accessKey, secretKey)
            .httpClient(http)
            .build();
    MinioAdminClient admin =
        MinioAdminClient.builder()
            .endpoint(endpoint)
            .region(region)
            .credentials(accessKey, secretKey)
            .httpClient(http)
            .build();
    MinioAdminApi api = new MinioAdminApi(http, endpoint, region, accessKey, secretKey);
    Function<BucketCredentials, MinioClient> clientFor =
        keys ->
            MinioClient.builder()
                .endpoint(endpoint)
                .region(region)
                .credentials(keys.accessKey(), keys.secretKey())
                .httpClient(http)
                .build();
    Optional<KmsKeys> keys =
        encryptionKeys == EncryptionKeys.PER_TENANT
            ? Optional.of(new MinioKmsKeys(api))
            : Optional.empty();
    return new MinioObjectStore(client, admin, api, endpoint, clientFor, keys);
  }

  @Override
  public void ensureBucket(BucketSpec spec, Optional<Ownership> owner) {
    buckets.ensure(spec, owner);
  }

  @Override
  public boolean bucketExists(String bucket) {
    return buckets.exists(bucket);
  }

  @Override
  public void deleteBucket(String bucket) {
    buckets.delete(bucket);
  }

  @Override
  public BucketCredentials ensureBucketUser(
      String user, String bucket, Optional<BucketCredentials> current) {
    return users.ensure(user, bucket, current);
  }

  @Override
  public void deleteBucketUser(String user) {
    users.delete(user);
  }

  @Override
  public void checkReachable() {
    buckets.checkReachable();
  }
}
