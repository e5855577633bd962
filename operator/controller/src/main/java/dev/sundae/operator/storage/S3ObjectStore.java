package dev.sundae.operator.storage;

import dev.sundae.operator.runtime.Ownership;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@link ObjectStore} on AWS: buckets through the S3 API, users through IAM. Object-created events
 * go straight to an SQS queue, named by its ARN; that queue's access policy must let S3 send to it,
 * or S3 refuses the notification.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {

  private final S3Client s3;
  private final IamClient iam;
  private final Buckets buckets;
  private final IamUsers users;

  S3ObjectStore(S3Client s3, IamClient iam, String description) {
    this.s3 = s3;
    this.iam = iam;
    this.buckets = new Buckets(new S3BucketClient(s3, new AwsCalls(description)));
    this.users = new IamUsers(iam);
  }

  /**
   * Connects to S3 in {@code region}, or to the S3-compatible store at {@code endpoint} with
   * path-style addressing (such stores rarely resolve bucket names as host names).
   */
  public static S3ObjectStore connect(
      Optional<URI> endpoint, Region region, AwsCredentialsProvider credentials) {
    var s3 =
        S3Client.builder()
            .region(region)
            .credentialsProvider(credentials)
            .httpClientBuilder(httpClient())
            .forcePathStyle(endpoint.isPresent());
    endpoint.ifPresent(s3::endpointOverride);
    // IAM is global; it exists only on AWS, so the endpoint above is not used for it.
    IamClient iam =
        IamClient.builder()
            .region(Region.AWS_GLOBAL)
            .credentialsProvider(credentials)
            .httpClientBuilder(httpClient())
            .build();
    String description = endpoint.map(uri -> "S3 at " + uri).orElse("S3 in " + region);
    return new S3ObjectStore(s3.build(), iam, description);
  }

  private static UrlConnectionHttpClient.Builder httpClient() {
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(10))
        .socketTimeout(Duration.ofSeconds(60));
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

  @Override
  public void close() {
    s3.close();
    iam.close();
  }
}
