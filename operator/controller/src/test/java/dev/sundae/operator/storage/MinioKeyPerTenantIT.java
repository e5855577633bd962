package dev.sundae.operator.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sundae.operator.api.ObjectStoreSpec.EncryptionKeys;
import dev.sundae.testing.kms.KesServer;
import dev.sundae.testing.minio.MinioServer;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.http.Method;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link EncryptionKeys#PER_TENANT} against a real MinIO whose KMS is a real KES with the project's
 * KES configuration (hack/kes/config.yml): each tenant's bucket gets a key of its own, created
 * through MinIO's admin API, and a register's signed upload is sealed with it.
 */
class MinioKeyPerTenantIT {

  private static KesServer kes;
  private static MinioServer minio;
  private static MinioObjectStore store;
  private static MinioClient root;

  @BeforeAll
  static void start() {
    kes = new KesServer();
    kes.start();
    minio = MinioServer.withKes(kes, Map.of());
    minio.start();
    store =
        MinioObjectStore.connect(
            minio.endpoint(),
            MinioObjectStore.DEFAULT_REGION,
            minio.accessKey(),
            minio.secretKey(),
            EncryptionKeys.PER_TENANT);
    root =
        MinioClient.builder()
            .endpoint(minio.endpoint())
            .credentials(minio.accessKey(), minio.secretKey())
            .build();
  }

  @AfterAll
  static void stop() {
    if (minio != null) {
      minio.close();
    }
    if (kes != null) {
      kes.close();
    }
  }

  @Test
  void sealsEachTenantsUploadsWithAKeyOfItsOwn() throws Exception {
    String secret = "frame-of-a-customer-" + UUID.randomUUID();
    for (String bucket : new String[] {"sundae-prod-acme", "sundae-prod-gelato"}) {
      store.ensureBucket(spec(bucket));
      putSigned(bucket, "frame.jpg", secret + bucket);
    }

    assertThat(kes.keys()).contains("sundae-prod-acme", "sundae-prod-gelato");
    for (String bucket : new String[] {"sundae-prod-acme", "sundae-prod-gelato"}) {
      var client = new MinioBucketClient(root, new MinioCalls(minio.endpoint()));
      assertThat(client.defaultEncryption(bucket)).contains(BucketEncryption.kmsKey(bucket));
      Map<String, java.util.List<String>> headers =
          root.statObject(StatObjectArgs.builder().bucket(bucket).object("frame.jpg").build())
              .headers()
              .toMultimap();
      assertThat(headers.get("x-amz-server-side-encryption")).containsExactly("aws:kms");
      assertThat(headers.get("x-amz-server-side-encryption-aws-kms-key-id"))
          .containsExactly("arn:aws:kms:" + bucket);
      assertThat(read(bucket, "frame.jpg")).isEqualTo(secret + bucket);
      assertThat(onDisk(secret + bucket)).as("the upload in the clear on disk").isFalse();
    }
  }

  @Test
  void aDestroyedKeyTakesItsTenantsObjectsAndNoOneElses() throws Exception {
    store.ensureBucket(spec("sundae-prod-doomed"));
    store.ensureBucket(spec("sundae-prod-spared"));
    putSigned("sundae-prod-doomed", "old.jpg", "doomed");
    putSigned("sundae-prod-spared", "old.jpg", "spared");

    kes.destroyKey("sundae-prod-doomed");

    // KES keeps a key it used for a second (its cache expiry in the test)
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> read("sundae-prod-doomed", "old.jpg"))
                    .isInstanceOf(io.minio.errors.ErrorResponseException.class));
    assertThat(read("sundae-prod-spared", "old.jpg")).isEqualTo("spared");

    // the next reconcile sees the key gone and makes a new one: new uploads work again, the
    // objects sealed with the destroyed key stay unreadable
    store.ensureBucket(spec("sundae-prod-doomed"));
    putSigned("sundae-prod-doomed", "new.jpg", "after");
    assertThat(read("sundae-prod-doomed", "new.jpg")).isEqualTo("after");
    assertThatThrownBy(() -> read("sundae-prod-doomed", "old.jpg"))
        .isInstanceOf(io.minio.errors.ErrorResponseException.class);
  }

  @Test
  void putsBackTheTenantsKeyAfterAChangeByHand() throws Exception {
    store.ensureBucket(spec("sundae-prod-drift"));
    root.setBucketEncryption(
        io.minio.SetBucketEncryptionArgs.builder()
            .bucket("sundae-prod-drift")
            .config(io.minio.messages.SseConfiguration.newConfigWithSseS3Rule())
            .build());
    var client = new MinioBucketClient(root, new MinioCalls(minio.endpoint()));
    assertThat(client.defaultEncryption("sundae-prod-drift")).contains(BucketEncryption.STORE_KEY);

    store.ensureBucket(spec("sundae-prod-drift"));

    assertThat(client.defaultEncryption("sundae-prod-drift"))
        .contains(BucketEncryption.kmsKey("sundae-prod-drift"));
  }

  @Test
  void mayNotMakeAKeyOutsideSundaesNames() {
    // KES's policy gives MinIO's identity sundae-* only
    assertThatThrownBy(() -> store.ensureBucket(spec("elsewhere")))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageContaining("KMS key elsewhere");

    assertThat(kes.keys()).doesNotContain("elsewhere");
  }

  @Test
  void theBuiltInKmsCannotHoldAKeyPerTenant() {
    try (MinioServer builtIn = new MinioServer()) {
      builtIn.start();
      MinioObjectStore perTenant =
          MinioObjectStore.connect(
              builtIn.endpoint(),
              MinioObjectStore.DEFAULT_REGION,
              builtIn.accessKey(),
              builtIn.secretKey(),
              EncryptionKeys.PER_TENANT);

      assertThatThrownBy(() -> perTenant.ensureBucket(spec("sundae-prod-acme")))
          .isInstanceOf(ObjectStoreException.class)
          .hasMessageContaining("sundae-prod-acme")
          .hasMessageContaining("needs KES");
    }
  }

  private static BucketSpec spec(String bucket) {
    return new BucketSpec(bucket, 30, 7, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Uploads as a register does: a PUT to a URL signed with the tenant's own keys, no headers. */
  private static void putSigned(String bucket, String key, String text) throws Exception {
    BucketCredentials keys = store.ensureBucketUser(bucket, bucket, Optional.empty());
    String url =
        MinioClient.builder()
            .endpoint(minio.endpoint())
            .credentials(keys.accessKey(), keys.secretKey())
            .build()
            .getPresignedObjectUrl(
                GetPresignedObjectUrlArgs.builder()
                    .method(Method.PUT)
                    .bucket(bucket)
                    .object(key)
                    .expiry(60)
                    .build());
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url))
                    .PUT(HttpRequest.BodyPublishers.ofString(text))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("signed PUT: %s", response.body()).isEqualTo(200);
  }

  private static String read(String bucket, String key) throws Exception {
    try (InputStream in =
        root.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** True when some file of MinIO's data folder holds {@code text} as it was uploaded. */
  private static boolean onDisk(String text) throws Exception {
    String needle = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    try (var files = Files.walk(minio.dataDir())) {
      return files
          .filter(Files::isRegularFile)
          .anyMatch(
              file -> {
                try {
                  return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                      .contains(needle);
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
    }
  }
}
