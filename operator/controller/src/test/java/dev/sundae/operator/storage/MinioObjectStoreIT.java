package dev.sundae.operator.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sundae.testing.minio.MinioServer;
import io.minio.DeleteBucketLifecycleArgs;
import io.minio.DeleteBucketNotificationArgs;
import io.minio.GetBucketLifecycleArgs;
import io.minio.GetBucketNotificationArgs;
import io.minio.GetBucketVersioningArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.admin.MinioAdminClient;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import io.minio.messages.LifecycleConfiguration;
import io.minio.messages.LifecycleRule;
import io.minio.messages.QueueConfiguration;
import io.minio.messages.VersioningConfiguration;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link MinioObjectStore} against a real MinIO whose webhook target posts to a receiver in this
 * test, playing the event bridge.
 */
class MinioObjectStoreIT {

  private static EventReceiver receiver;
  private static MinioServer minio;
  private static MinioObjectStore store;
  private static MinioClient root;
  private static MinioAdminClient admin;

  @BeforeAll
  static void startMinio() {
    receiver = new EventReceiver();
    minio = MinioWithWebhook.start(receiver);
    store =
        MinioObjectStore.connect(
            minio.endpoint(),
            MinioObjectStore.DEFAULT_REGION,
            minio.accessKey(),
            minio.secretKey());
    root =
        MinioClient.builder()
            .endpoint(minio.endpoint())
            .credentials(minio.accessKey(), minio.secretKey())
            .build();
    admin =
        MinioAdminClient.builder()
            .endpoint(minio.endpoint())
            .credentials(minio.accessKey(), minio.secretKey())
            .build();
  }

  @AfterAll
  static void stopMinio() {
    if (minio != null) {
      minio.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void createsVersionedBucketWithLifecycleRules() throws Exception {
    store.ensureBucket(spec("created", 30, 7));

    assertThat(store.bucketExists("created")).isTrue();
    assertThat(
            root.getBucketVersioning(GetBucketVersioningArgs.builder().bucket("created").build())
                .status())
        .isEqualTo(VersioningConfiguration.Status.ENABLED);
    LifecycleConfiguration lifecycle = lifecycle("created");
    assertThat(lifecycle.rules()).hasSize(2);
    LifecycleRule retention = rule(lifecycle, "sundae-retention");
    assertThat(retention.expiration().days()).isEqualTo(30);
    assertThat(retention.noncurrentVersionExpiration().noncurrentDays()).isEqualTo(7);
    assertThat(rule(lifecycle, "sundae-expired-delete-markers").expiration())
        .satisfies(e -> assertThat(e.expiredObjectDeleteMarker()).isTrue());
  }

  @Test
  void encryptsEveryObjectOnDisk() throws Exception {
    String secret = "selfie-of-a-member-" + java.util.UUID.randomUUID();
    root.makeBucket(io.minio.MakeBucketArgs.builder().bucket("unmanaged").build());
    put(root, "unmanaged", "clear.txt", secret);
    assertThat(onDisk(secret)).as("the control: a bucket nobody encrypted").isTrue();
    store.ensureBucket(spec("at-rest", 30, 7));

    put(
        client(store.ensureBucketUser("at-rest", "at-rest", Optional.empty())),
        "at-rest",
        "frame.jpg",
        secret + "-tenant");

    assertThat(onDisk(secret + "-tenant"))
        .as("the tenant's object, in the clear on disk")
        .isFalse();
    assertThat(
            root.statObject(
                    io.minio.StatObjectArgs.builder().bucket("at-rest").object("frame.jpg").build())
                .headers()
                .get("x-amz-server-side-encryption"))
        .isEqualTo("AES256");
    assertThat(read(root, "at-rest", "frame.jpg")).isEqualTo(secret + "-tenant");
  }

  @Test
  void restoresDefaultEncryptionDeletedByHand() throws Exception {
    store.ensureBucket(spec("encryption-drift", 30, 7));
    root.deleteBucketEncryption(
        io.minio.DeleteBucketEncryptionArgs.builder().bucket("encryption-drift").build());
    var client = new MinioBucketClient(root, new MinioCalls(minio.endpoint()));
    assertThat(client.defaultEncryption("encryption-drift")).isEmpty();

    store.ensureBucket(spec("encryption-drift", 30, 7));

    assertThat(client.defaultEncryption("encryption-drift")).contains(BucketEncryption.STORE_KEY);
  }

  @Test
  void refusesABucketTheStoreCannotEncrypt() {
    try (MinioServer plain = MinioServer.withoutKms()) {
      plain.start();
      MinioObjectStore noKms =
          MinioObjectStore.connect(
              plain.endpoint(),
              MinioObjectStore.DEFAULT_REGION,
              plain.accessKey(),
              plain.secretKey());

      assertThatThrownBy(() -> noKms.ensureBucket(spec("unencryptable", 30, 7)))
          .isInstanceOf(ObjectStoreException.class)
          .hasMessageContaining("encrypt bucket unencryptable")
          .hasMessageContaining("KMS");
    }
  }

  @Test
  void readsItsOwnConfigurationBackAsUnchanged() {
    BucketSpec spec = spec("steady", 30, 7);
    store.ensureBucket(spec);

    // What the drift check sees on the next reconcile: equal, so nothing is written again.
    var client = new MinioBucketClient(root, new MinioCalls(minio.endpoint()));
    assertThat(client.lifecycle("steady"))
        .containsExactlyInAnyOrderElementsOf(
            dev.sundae.operator.storage.LifecycleRule.desired(spec).stream()
                .map(dev.sundae.operator.storage.LifecycleRule::withoutAbortIncompleteUploads)
                .toList());
    assertThat(client.notification("steady"))
        .containsExactlyElementsOf(NotificationRoute.desired(spec));
  }

  @Test
  void restoresLifecycleDeletedByHand() throws Exception {
    store.ensureBucket(spec("lifecycle-drift", 30, 7));
    root.deleteBucketLifecycle(
        DeleteBucketLifecycleArgs.builder().bucket("lifecycle-drift").build());
    assertThat(
            root.getBucketLifecycle(
                GetBucketLifecycleArgs.builder().bucket("lifecycle-drift").build()))
        .isNull();

    store.ensureBucket(spec("lifecycle-drift", 30, 7));

    assertThat(rule(lifecycle("lifecycle-drift"), "sundae-retention").expiration().days())
        .isEqualTo(30);
  }

  @Test
  void appliesChangedRetention() throws Exception {
    store.ensureBucket(spec("retention", 30, 7));

    store.ensureBucket(spec("retention", 90, 14));

    LifecycleRule retention = rule(lifecycle("retention"), "sundae-retention");
    assertThat(retention.expiration().days()).isEqualTo(90);
    assertThat(retention.noncurrentVersionExpiration().noncurrentDays()).isEqualTo(14);
  }

  @Test
  void keepsExpirationButFailsWithReasonWhenColdTierIsUnknown() throws Exception {
    var spec =
        new BucketSpec("cold", 90, 7, Optional.of(30), Optional.of("COLD"), Optional.empty());

    assertThatThrownBy(() -> store.ensureBucket(spec))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageContaining("cold storage class 'COLD'")
        .hasMessageContaining("mc ilm tier add");

    LifecycleConfiguration lifecycle = lifecycle("cold");
    assertThat(rule(lifecycle, "sundae-retention").expiration().days()).isEqualTo(90);
    assertThat(lifecycle.rules()).extracting(LifecycleRule::transition).containsOnlyNulls();
  }

  @Test
  void sendsObjectCreatedEventsToTheNotificationTarget() throws Exception {
    store.ensureBucket(spec("events", 30, 7));
    root.deleteBucketNotification(DeleteBucketNotificationArgs.builder().bucket("events").build());
    store.ensureBucket(spec("events", 30, 7));

    assertThat(
            root.getBucketNotification(GetBucketNotificationArgs.builder().bucket("events").build())
                .queueConfigurationList())
        .extracting(QueueConfiguration::queue)
        .containsExactly(MinioWithWebhook.TARGET_ARN);
    put(root, "events", "frames/register-7/0001.jpg", "jpeg bytes");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(receiver.objects()).contains("events/frames/register-7/0001.jpg"));
  }

  @Test
  void failsWithReasonWhenTheNotificationTargetIsUnknown() {
    var spec =
        new BucketSpec(
            "unknown-target",
            30,
            7,
            Optional.empty(),
            Optional.empty(),
            Optional.of("arn:minio:sqs::NOPE:webhook"));

    assertThatThrownBy(() -> store.ensureBucket(spec))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageContaining("notification of bucket unknown-target")
        .hasMessageContaining("arn:minio:sqs::NOPE:webhook");
  }

  @Test
  void keepsEachTenantInsideItsOwnBucket() throws Exception {
    store.ensureBucket(spec("tenant-a", 30, 7));
    store.ensureBucket(spec("tenant-b", 30, 7));
    MinioClient a = client(store.ensureBucketUser("tenant-a", "tenant-a", Optional.empty()));
    MinioClient b = client(store.ensureBucketUser("tenant-b", "tenant-b", Optional.empty()));
    put(b, "tenant-b", "secret.txt", "b's data");

    put(a, "tenant-a", "own.txt", "a's data");
    assertThat(read(a, "tenant-a", "own.txt")).isEqualTo("a's data");
    assertThat(list(a, "tenant-a")).isEqualTo(1);

    assertAccessDenied(() -> list(a, "tenant-b"));
    assertAccessDenied(() -> read(a, "tenant-b", "secret.txt"));
    assertAccessDenied(() -> put(a, "tenant-b", "planted.txt", "a's data"));
  }

  @Test
  void recreatesUserDeletedByHandWithTheSameKeys() throws Exception {
    store.ensureBucket(spec("recreated", 30, 7));
    BucketCredentials keys = store.ensureBucketUser("recreated", "recreated", Optional.empty());
    admin.deleteUser("recreated");
    assertThatThrownBy(() -> list(client(keys), "recreated"))
        .isInstanceOf(ErrorResponseException.class);

    BucketCredentials again = store.ensureBucketUser("recreated", "recreated", Optional.of(keys));

    assertThat(again).isEqualTo(keys);
    put(client(keys), "recreated", "after.txt", "works again");
  }

  @Test
  void generatesStrongSecretWhenNoCredentialsAreGiven() {
    store.ensureBucket(spec("generated", 30, 7));

    BucketCredentials first = store.ensureBucketUser("generated", "generated", Optional.empty());
    BucketCredentials second = store.ensureBucketUser("generated", "generated", Optional.empty());

    assertThat(first.accessKey()).isEqualTo("generated");
    assertThat(first.secretKey()).hasSize(40).isNotEqualTo(second.secretKey());
    assertThat(first.toString()).doesNotContain(first.secretKey());
  }

  @Test
  void restoresPolicyChangedByHand() throws Exception {
    store.ensureBucket(spec("policy-a", 30, 7));
    store.ensureBucket(spec("policy-b", 30, 7));
    BucketCredentials keys = store.ensureBucketUser("policy-a", "policy-a", Optional.empty());
    put(root, "policy-b", "other.txt", "someone else's");
    admin.addCannedPolicy("policy-a", BucketPolicy.forBucket("policy-b"));
    assertThat(read(client(keys), "policy-b", "other.txt")).isEqualTo("someone else's");

    store.ensureBucketUser("policy-a", "policy-a", Optional.of(keys));

    assertAccessDenied(() -> read(client(keys), "policy-b", "other.txt"));
    put(client(keys), "policy-a", "own.txt", "mine");
  }

  @Test
  void detachesPolicyAttachedByHand() throws Exception {
    store.ensureBucket(spec("attached-a", 30, 7));
    store.ensureBucket(spec("attached-b", 30, 7));
    BucketCredentials keys = store.ensureBucketUser("attached-a", "attached-a", Optional.empty());
    admin.setPolicy("attached-a", false, "attached-a,readwrite");
    assertThat(list(client(keys), "attached-b")).isZero();

    store.ensureBucketUser("attached-a", "attached-a", Optional.of(keys));

    assertAccessDenied(() -> list(client(keys), "attached-b"));
  }

  @Test
  void deletesBucketWithAllItsVersionsAndDeleteMarkers() throws Exception {
    store.ensureBucket(spec("versions", 30, 7));
    put(root, "versions", "frame.jpg", "first");
    put(root, "versions", "frame.jpg", "second");
    put(root, "versions", "other.jpg", "third");
    root.removeObject(RemoveObjectArgs.builder().bucket("versions").object("other.jpg").build());

    store.deleteBucket("versions");

    assertThat(store.bucketExists("versions")).isFalse();
    assertThatCode(() -> store.deleteBucket("versions")).doesNotThrowAnyException();
  }

  @Test
  void deletedUserKeysStopWorking() throws Exception {
    store.ensureBucket(spec("revoked", 30, 7));
    BucketCredentials keys = store.ensureBucketUser("revoked", "revoked", Optional.empty());
    put(client(keys), "revoked", "before.txt", "allowed");

    store.deleteBucketUser("revoked");

    assertThatThrownBy(() -> put(client(keys), "revoked", "after.txt", "refused"))
        .isInstanceOf(ErrorResponseException.class)
        .satisfies(
            e ->
                assertThat(((ErrorResponseException) e).errorResponse().code())
                    .isIn("InvalidAccessKeyId", "AccessDenied"));
    assertThatCode(() -> store.deleteBucketUser("revoked")).doesNotThrowAnyException();
  }

  @Test
  void reportsUnreachableStoreWhileMinioIsStopped() {
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

  private static LifecycleConfiguration lifecycle(String bucket) throws Exception {
    return root.getBucketLifecycle(GetBucketLifecycleArgs.builder().bucket(bucket).build());
  }

  private static LifecycleRule rule(LifecycleConfiguration lifecycle, String id) {
    return lifecycle.rules().stream().filter(r -> id.equals(r.id())).findFirst().orElseThrow();
  }

  private static MinioClient client(BucketCredentials keys) {
    return MinioClient.builder()
        .endpoint(minio.endpoint())
        .credentials(keys.accessKey(), keys.secretKey())
        .build();
  }

  private static void put(MinioClient client, String bucket, String key, String text)
      throws Exception {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    client.putObject(
        PutObjectArgs.builder().bucket(bucket).object(key).stream(
                new ByteArrayInputStream(bytes), bytes.length, -1)
            .build());
  }

  private static String read(MinioClient client, String bucket, String key) throws Exception {
    try (InputStream in =
        client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** True when some file of MinIO's data folder holds {@code text} as it was uploaded. */
  private static boolean onDisk(String text) throws Exception {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    try (var files = java.nio.file.Files.walk(minio.dataDir())) {
      return files
          .filter(java.nio.file.Files::isRegularFile)
          .anyMatch(
              file -> {
                try {
                  String content =
                      new String(
                          java.nio.file.Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                  return content.contains(new String(needle, StandardCharsets.ISO_8859_1));
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
    }
  }

  /** Number of objects in the bucket; listing is lazy, so this is where a refusal shows. */
  private static int list(MinioClient client, String bucket) throws Exception {
    int count = 0;
    for (Result<Item> item :
        client.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
      item.get();
      count++;
    }
    return count;
  }

  private static void assertAccessDenied(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(ErrorResponseException.class)
        .satisfies(
            e ->
                assertThat(((ErrorResponseException) e).errorResponse().code())
                    .isEqualTo("AccessDenied"));
  }
}
