package dev.sundae.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sundae.operator.api.Conditions;
import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.api.StorageSpec;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.api.TenantStatus;
import dev.sundae.testing.junit.WithElasticMq;
import dev.sundae.testing.junit.WithKubernetes;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.kubernetes.KubeControlPlane;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.sqs.ElasticMqServer;
import io.minio.BucketExistsArgs;
import io.minio.DeleteBucketLifecycleArgs;
import io.minio.GetBucketLifecycleArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.messages.LifecycleConfiguration;
import io.minio.messages.LifecycleRule;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

@WithKubernetes
@WithMinio
@WithElasticMq
@WithPostgres
class TenantLifecycleIT {

  private static final String ENV = "life";
  private static Platform platform;
  private static MinioClient admin;

  @BeforeAll
  static void start(
      KubeControlPlane cluster, MinioServer minio, ElasticMqServer sqs, PostgresServer postgres) {
    platform = Platform.start(cluster, minio, sqs, postgres, Duration.ofSeconds(3));
    platform.createEnvironment(ENV, EnvironmentSpec.Runtime.EXTERNAL);
    admin =
        MinioClient.builder()
            .endpoint(minio.endpoint())
            .credentials(minio.accessKey(), minio.secretKey())
            .build();
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void deletesBucketUserQueuesAndSchemaWhenPolicyIsDelete() throws Exception {
    platform.createTenant(ENV, "gone", spec -> storage(spec, StorageSpec.DeletionPolicy.DELETE));
    Tenant tenant = platform.awaitReady(ENV, "gone");
    String queueUrl = tenant.getStatus().getQueueUrl();
    putObject("sundae-life-gone", "frames/a.jpg");

    platform.client.resource(tenant).delete();

    awaitDeleted("gone");
    assertThat(admin.bucketExists(BucketExistsArgs.builder().bucket("sundae-life-gone").build()))
        .isFalse();
    try (SqsClient sqs = sqs()) {
      assertThat(sqs.listQueues(b -> b.queueNamePrefix("sundae-life-gone")).queueUrls())
          .doesNotContain(queueUrl)
          .isEmpty();
    }
    assertThat(schemaExists("tenant_life_gone")).isFalse();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> platform.client.namespaces().withName("life-gone").get() == null);
  }

  @Test
  void keepsObjectsQueuesAndSchemaWhenPolicyIsRetain() throws Exception {
    platform.createTenant(ENV, "kept", spec -> storage(spec, StorageSpec.DeletionPolicy.RETAIN));
    Tenant tenant = platform.awaitReady(ENV, "kept");
    putObject("sundae-life-kept", "frames/kept.jpg");

    platform.client.resource(tenant).delete();

    awaitDeleted("kept");
    assertThat(
            admin
                .statObject(
                    StatObjectArgs.builder()
                        .bucket("sundae-life-kept")
                        .object("frames/kept.jpg")
                        .build())
                .size())
        .isEqualTo(3);
    assertThat(schemaExists("tenant_life_kept")).isTrue();
    try (SqsClient sqs = sqs()) {
      assertThat(sqs.listQueues(b -> b.queueNamePrefix("sundae-life-kept")).queueUrls()).hasSize(2);
    }
  }

  /**
   * A new Tenant under the name of a deleted one whose data was retained is refused that data
   * (bucket and schema are marked with the old Tenant's UID) until it names the old UID in
   * spec.adoptFrom; then it takes the objects and rows over.
   */
  @Test
  void handsRetainedDataToANewTenantOfTheSameNameOnlyWhenItAdoptsIt() throws Exception {
    platform.createTenant(ENV, "reused", spec -> storage(spec, StorageSpec.DeletionPolicy.RETAIN));
    Tenant old = platform.awaitReady(ENV, "reused");
    String oldUid = old.getMetadata().getUid();
    putObject("sundae-life-reused", "frames/old-chain.jpg");
    platform.client.resource(old).delete();
    awaitDeleted("reused");

    platform.createTenant(ENV, "reused", spec -> storage(spec, StorageSpec.DeletionPolicy.RETAIN));

    Tenant refused =
        platform.awaitTenant(
            ENV,
            "reused",
            Duration.ofSeconds(60),
            t ->
                t.getStatus() != null
                    && Conditions.find(t.getStatus().getConditions(), TenantStatus.STORAGE_READY)
                        .map(c -> "AdoptionRefused".equals(c.getReason()))
                        .orElse(false)
                    && Conditions.find(t.getStatus().getConditions(), TenantStatus.DATABASE_READY)
                        .map(c -> "AdoptionRefused".equals(c.getReason()))
                        .orElse(false));
    assertThat(refused.getMetadata().getUid()).isNotEqualTo(oldUid);
    assertThat(
            Conditions.find(refused.getStatus().getConditions(), TenantStatus.STORAGE_READY)
                .orElseThrow()
                .getMessage())
        .contains(oldUid, "spec.adoptFrom");
    assertThat(platform.client.secrets().inNamespace("life-reused").list().getItems())
        .as("no credentials handed out for the old data")
        .noneMatch(s -> s.getData() != null && s.getData().containsKey("SUNDAE_S3_SECRET_KEY"));

    platform.patchSpec(ENV, "reused", "{\"adoptFrom\":\"" + oldUid + "\"}");

    platform.awaitReady(ENV, "reused");
    assertThat(
            admin
                .statObject(
                    StatObjectArgs.builder()
                        .bucket("sundae-life-reused")
                        .object("frames/old-chain.jpg")
                        .build())
                .size())
        .isEqualTo(3);
  }

  @Test
  void repairsObjectsDeletedOrChangedByHand() throws Exception {
    platform.createTenant(ENV, "drift", spec -> {});
    Tenant tenant = platform.awaitReady(ENV, "drift");
    Map<String, String> keys = platform.tenantCredentials(tenant);
    var client = platform.client;

    client
        .network()
        .networkPolicies()
        .inNamespace("life-drift")
        .withName("sundae-tenant-isolation")
        .delete();
    client.secrets().inNamespace("life-drift").withName("sundae-tenant-credentials").delete();
    admin.deleteBucketLifecycle(
        DeleteBucketLifecycleArgs.builder().bucket("sundae-life-drift").build());
    try (SqsClient sqs = sqs()) {
      sqs.deleteQueue(b -> b.queueUrl(tenant.getStatus().getQueueUrl()));
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(
                      client
                          .network()
                          .networkPolicies()
                          .inNamespace("life-drift")
                          .withName("sundae-tenant-isolation")
                          .get())
                  .isNotNull();
              assertThat(
                      client
                          .secrets()
                          .inNamespace("life-drift")
                          .withName("sundae-tenant-credentials")
                          .get())
                  .isNotNull();
              assertThat(lifecycle("sundae-life-drift")).isNotNull();
              try (SqsClient sqs = sqs()) {
                assertThat(
                        sqs.listQueues(b -> b.queueNamePrefix("sundae-life-drift-frames"))
                            .queueUrls())
                    .hasSize(2);
              }
            });
    // the Secret came back with keys that still open the bucket
    Map<String, String> restored = platform.tenantCredentials(platform.tenant(ENV, "drift"));
    MinioClient own =
        MinioClient.builder()
            .endpoint(platform.minio.endpoint())
            .credentials(restored.get("SUNDAE_S3_ACCESS_KEY"), restored.get("SUNDAE_S3_SECRET_KEY"))
            .build();
    assertThat(own.bucketExists(BucketExistsArgs.builder().bucket("sundae-life-drift").build()))
        .isTrue();
    assertThat(restored.get("SUNDAE_S3_ACCESS_KEY")).isEqualTo(keys.get("SUNDAE_S3_ACCESS_KEY"));
  }

  @Test
  void appliesARetentionChangeToTheBucketLifecycle() throws Exception {
    platform.createTenant(ENV, "retention", spec -> {});
    Tenant tenant = platform.awaitReady(ENV, "retention");
    assertThat(expirationDays("sundae-life-retention")).isEqualTo(30);

    Tenant changed = platform.patchSpec(ENV, "retention", "{\"storage\":{\"retentionDays\":90}}");

    platform.awaitTenant(
        ENV,
        "retention",
        Duration.ofSeconds(60),
        t -> t.getStatus().getObservedGeneration().equals(changed.getMetadata().getGeneration()));
    assertThat(changed.getMetadata().getGeneration())
        .isGreaterThan(tenant.getMetadata().getGeneration());
    assertThat(expirationDays("sundae-life-retention")).isEqualTo(90);
  }

  @Test
  void convergesWhenTheOperatorRestartsInTheMiddleOfAReconcile() {
    platform.stopOperator();
    platform.createTenant(ENV, "restart", spec -> {});
    platform.startOperator();
    // stop it again as soon as it has begun: some resources exist, others not yet
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> platform.client.namespaces().withName("life-restart").get() != null);
    platform.stopOperator();
    platform.startOperator();

    Tenant tenant = platform.awaitReady(ENV, "restart");

    assertThat(tenant.getStatus().getQueueUrl()).contains("sundae-life-restart-frames");
  }

  private static void storage(
      dev.sundae.operator.api.TenantSpec spec, StorageSpec.DeletionPolicy policy) {
    StorageSpec storage = new StorageSpec();
    storage.setDeletionPolicy(policy);
    spec.setStorage(storage);
  }

  private static void awaitDeleted(String name) {
    await().atMost(Duration.ofSeconds(60)).until(() -> platform.tenant(ENV, name) == null);
  }

  private static void putObject(String bucket, String key) throws Exception {
    admin.putObject(
        PutObjectArgs.builder().bucket(bucket).object(key).stream(
                new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, -1)
            .build());
  }

  private static LifecycleConfiguration lifecycle(String bucket) throws Exception {
    return admin.getBucketLifecycle(GetBucketLifecycleArgs.builder().bucket(bucket).build());
  }

  private static Integer expirationDays(String bucket) throws Exception {
    return lifecycle(bucket).rules().stream()
        .map(LifecycleRule::expiration)
        .filter(e -> e != null && e.days() != null)
        .map(e -> e.days())
        .findFirst()
        .orElse(null);
  }

  private static boolean schemaExists(String schema) throws Exception {
    try (var connection =
            DriverManager.getConnection(
                platform.postgres.jdbcUrl(),
                platform.postgres.username(),
                platform.postgres.password());
        var statement =
            connection.prepareStatement(
                "SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
      statement.setString(1, schema);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static SqsClient sqs() {
    return SqsClient.builder()
        .endpointOverride(URI.create(platform.sqs.endpoint()))
        .region(Region.of(ElasticMqServer.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .build();
  }
}
