package dev.sundae.operator.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sundae.operator.runtime.Ownership;
import dev.sundae.testing.minio.MinioServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The bucket half of {@link S3ObjectStore} against a real MinIO through the S3 API, as it would run
 * against any S3-compatible store. Its IAM half needs AWS and is not tested here.
 */
class S3ObjectStoreIT {

  private static EventReceiver receiver;
  private static MinioServer minio;
  private static S3ObjectStore store;
  private static S3Client root;

  @BeforeAll
  static void startMinio() {
    receiver = new EventReceiver();
    minio = MinioWithWebhook.start(receiver);
    var credentials =
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create(minio.accessKey(), minio.secretKey()));
    URI endpoint = URI.create(minio.endpoint());
    store = S3ObjectStore.connect(Optional.of(endpoint), Region.US_EAST_1, credentials);
    root =
        S3Client.builder()
            .endpointOverride(endpoint)
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .build();
  }

  @AfterAll
  static void stopMinio() {
    if (store != null) {
      store.close();
      root.close();
    }
    if (minio != null) {
      minio.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void createsVersionedBucketWithLifecycleRulesAndNotification() {
    store.ensureBucket(spec("created", 30, 7));

    assertThat(store.bucketExists("created")).isTrue();
    assertThat(root.getBucketVersioning(b -> b.bucket("created")).status())
        .isEqualTo(BucketVersioningStatus.ENABLED);
    List<LifecycleRule> rules = lifecycle("created");
    assertThat(rules).hasSize(2);
    assertThat(rule(rules, "sundae-retention").expiration().days()).isEqualTo(30);
    assertThat(rule(rules, "sundae-retention").noncurrentVersionExpiration().noncurrentDays())
        .isEqualTo(7);
    assertThat(
            rule(rules, "sundae-expired-delete-markers").expiration().expiredObjectDeleteMarker())
        .isTrue();
    assertThat(
            root.getBucketNotificationConfiguration(b -> b.bucket("created")).queueConfigurations())
        .extracting(QueueConfiguration::queueArn)
        .containsExactly(MinioWithWebhook.TARGET_ARN);
    assertThat(
            root.getBucketEncryption(b -> b.bucket("created"))
                .serverSideEncryptionConfiguration()
                .rules())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.applyServerSideEncryptionByDefault().sseAlgorithm())
                    .isEqualTo(
                        software.amazon.awssdk.services.s3.model.ServerSideEncryption.AES256));
  }

  @Test
  void restoresDefaultEncryptionDeletedByHand() {
    store.ensureBucket(spec("encryption-drift", 30, 7));
    root.deleteBucketEncryption(b -> b.bucket("encryption-drift"));
    var client = new S3BucketClient(root, new AwsCalls("S3"));
    assertThat(client.defaultEncryption("encryption-drift")).isEmpty();

    store.ensureBucket(spec("encryption-drift", 30, 7));

    assertThat(client.defaultEncryption("encryption-drift")).contains(BucketEncryption.STORE_KEY);
  }

  @Test
  void readsItsOwnConfigurationBackAsUnchanged() {
    BucketSpec spec = spec("steady", 30, 7);
    store.ensureBucket(spec);

    // What the drift check sees on the next reconcile. MinIO drops the rule's
    // AbortIncompleteMultipartUpload, so on MinIO (not on AWS) the lifecycle is written again.
    var client = new S3BucketClient(root, new AwsCalls("S3"));
    assertThat(client.lifecycle("steady"))
        .containsExactlyInAnyOrderElementsOf(
            dev.sundae.operator.storage.LifecycleRule.desired(spec).stream()
                .map(dev.sundae.operator.storage.LifecycleRule::withoutAbortIncompleteUploads)
                .toList());
    assertThat(client.notification("steady"))
        .containsExactlyElementsOf(NotificationRoute.desired(spec));
  }

  @Test
  void restoresLifecycleAndNotificationRemovedByHand() {
    store.ensureBucket(spec("drift", 30, 7));
    root.deleteBucketLifecycle(b -> b.bucket("drift"));
    root.putBucketNotificationConfiguration(
        b -> b.bucket("drift").notificationConfiguration(c -> c.queueConfigurations(List.of())));

    store.ensureBucket(spec("drift", 30, 7));

    assertThat(rule(lifecycle("drift"), "sundae-retention").expiration().days()).isEqualTo(30);
    assertThat(
            root.getBucketNotificationConfiguration(b -> b.bucket("drift")).queueConfigurations())
        .hasSize(1);
  }

  @Test
  void marksTheBucketAsItsTenantsAndRefusesItToAnother() {
    Ownership owner = new Ownership("cccc-3333", Optional.empty());
    store.ensureBucket(spec("owned", 30, 7), Optional.of(owner));
    store.ensureBucket(spec("owned", 30, 7), Optional.of(owner));

    assertThatThrownBy(
            () ->
                store.ensureBucket(
                    spec("owned", 30, 7),
                    Optional.of(new Ownership("dddd-4444", Optional.empty()))))
        .isInstanceOf(Ownership.AdoptionRefusedException.class)
        .hasMessageContaining("cccc-3333");
  }

  @Test
  void appliesChangedRetention() {
    store.ensureBucket(spec("retention", 30, 7));

    store.ensureBucket(spec("retention", 365, 30));

    LifecycleRule retention = rule(lifecycle("retention"), "sundae-retention");
    assertThat(retention.expiration().days()).isEqualTo(365);
    assertThat(retention.noncurrentVersionExpiration().noncurrentDays()).isEqualTo(30);
  }

  @Test
  void keepsExpirationButFailsWithReasonWhenColdTierIsUnknown() {
    var spec =
        new BucketSpec("cold", 90, 7, Optional.of(30), Optional.of("GLACIER_IR"), Optional.empty());

    assertThatThrownBy(() -> store.ensureBucket(spec))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageContaining("cold storage class 'GLACIER_IR'");

    List<LifecycleRule> rules = lifecycle("cold");
    assertThat(rule(rules, "sundae-retention").expiration().days()).isEqualTo(90);
    assertThat(rules).allSatisfy(r -> assertThat(r.transitions()).isEmpty());
  }

  @Test
  void sendsObjectCreatedEventsToTheNotificationTarget() {
    store.ensureBucket(spec("events", 30, 7));

    root.putObject(b -> b.bucket("events").key("frames/0001.jpg"), RequestBody.fromString("jpeg"));

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(receiver.objects()).contains("events/frames/0001.jpg"));
  }

  @Test
  void deletesBucketWithMoreVersionsThanOneListingPage() {
    store.ensureBucket(spec("many-versions", 30, 7));
    // 1000 is the most one listing page or one DeleteObjects request holds.
    for (int i = 0; i < 1003; i++) {
      String key = "frame-" + (i % 2) + ".jpg";
      root.putObject(b -> b.bucket("many-versions").key(key), RequestBody.fromString("v" + i));
    }
    root.deleteObject(b -> b.bucket("many-versions").key("frame-0.jpg"));

    store.deleteBucket("many-versions");

    assertThat(store.bucketExists("many-versions")).isFalse();
    assertThatCode(() -> store.deleteBucket("many-versions")).doesNotThrowAnyException();
  }

  @Test
  void reportsUnreachableStoreWhileItIsStopped() {
    minio.stop();
    try {
      assertThatThrownBy(store::checkReachable)
          .isInstanceOf(ObjectStoreException.class)
          .hasMessageContaining("cannot be reached")
          .hasMessageContaining(minio.endpoint());
    } finally {
      minio.start();
    }
    assertThatCode(store::checkReachable).doesNotThrowAnyException();
  }

  private static BucketSpec spec(String bucket, int retentionDays, int noncurrentDays) {
    return new BucketSpec(
        bucket,
        retentionDays,
        noncurrentDays,
        Optional.empty(),
        Optional.empty(),
        Optional.of(MinioWithWebhook.TARGET_ARN));
  }

  private static List<LifecycleRule> lifecycle(String bucket) {
    try {
      return root.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules();
    } catch (S3Exception e) {
      throw new AssertionError("no lifecycle on " + bucket, e);
    }
  }

  private static LifecycleRule rule(List<LifecycleRule> rules, String id) {
    return rules.stream().filter(r -> id.equals(r.id())).findFirst().orElseThrow();
  }
}
