package dev.sundae.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.operator.api.ConditionReasons;
import dev.sundae.operator.api.Conditions;
import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.api.EnvironmentStatus;
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
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

@WithKubernetes
@WithMinio
@WithElasticMq
@WithPostgres
class TenantProvisioningIT {

  private static final String ENV = "dev";
  private static Platform platform;

  @BeforeAll
  static void start(
      KubeControlPlane cluster, MinioServer minio, ElasticMqServer sqs, PostgresServer postgres) {
    platform = Platform.start(cluster, minio, sqs, postgres, Duration.ofSeconds(5));
    platform.createEnvironment(ENV, EnvironmentSpec.Runtime.EXTERNAL);
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void tenantBecomesReadyWithEveryResourceInPlace() throws Exception {
    platform.createTenant(ENV, "acme", spec -> {});

    Tenant tenant = platform.awaitReady(ENV, "acme");

    TenantStatus status = tenant.getStatus();
    assertThat(status.getEnvironment()).isEqualTo(ENV);
    assertThat(status.getNamespace()).isEqualTo("dev-acme");
    assertThat(status.getBucket()).isEqualTo("sundae-dev-acme");
    assertThat(status.getObservedGeneration()).isEqualTo(tenant.getMetadata().getGeneration());
    assertThat(status.getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus())
        .containsExactlyInAnyOrder(
            "Ready=True",
            "StorageReady=True",
            "QueueReady=True",
            "DatabaseReady=True",
            "InferenceReady=True",
            "ChatReady=True");

    var ns = platform.client.namespaces().withName("dev-acme").get();
    assertThat(ns.getMetadata().getLabels()).containsEntry("sundae.dev/tenant", "acme");
    assertThat(platform.client.resourceQuotas().inNamespace("dev-acme").list().getItems())
        .hasSize(1);
    assertThat(platform.client.limitRanges().inNamespace("dev-acme").list().getItems()).hasSize(1);
    var policy =
        platform
            .client
            .network()
            .networkPolicies()
            .inNamespace("dev-acme")
            .withName("sundae-tenant-isolation")
            .get();
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    // DNS, and one rule of destinations: its namespace, public addresses (the metadata service,
    // the pod network and the nodes left out); the API server accepted the ranges
    assertThat(policy.getSpec().getEgress()).hasSize(2);
    assertThat(policy.getSpec().getEgress().get(0).getPorts())
        .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
        .containsExactlyInAnyOrder("UDP/53", "TCP/53");
    assertThat(policy.getSpec().getEgress().get(1).getTo())
        .filteredOn(peer -> peer.getIpBlock() != null)
        .extracting(peer -> peer.getIpBlock().getCidr())
        .contains("0.0.0.0/0", "::/0");
    assertThat(policy.getSpec().getEgress().get(1).getTo())
        .filteredOn(
            peer -> peer.getIpBlock() != null && peer.getIpBlock().getCidr().equals("0.0.0.0/0"))
        .singleElement()
        .satisfies(
            peer ->
                assertThat(peer.getIpBlock().getExcept())
                    .contains("10.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16"));

    Map<String, String> credentials = platform.tenantCredentials(tenant);
    MinioClient own =
        MinioClient.builder()
            .endpoint(platform.minio.endpoint())
            .credentials(
                credentials.get("SUNDAE_S3_ACCESS_KEY"), credentials.get("SUNDAE_S3_SECRET_KEY"))
            .build();
    byte[] frame = {1, 2, 3};
    own.putObject(
        PutObjectArgs.builder().bucket("sundae-dev-acme").object("frames/1.jpg").stream(
                new ByteArrayInputStream(frame), frame.length, -1)
            .build());
    try (var in =
        own.getObject(
            GetObjectArgs.builder().bucket("sundae-dev-acme").object("frames/1.jpg").build())) {
      assertThat(in.readAllBytes()).isEqualTo(frame);
    }

    try (SqsClient sqs = sqs()) {
      var attributes =
          sqs.getQueueAttributes(
                  b ->
                      b.queueUrl(status.getQueueUrl())
                          .attributeNames(QueueAttributeName.REDRIVE_POLICY))
              .attributes();
      assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY))
          .contains("sundae-dev-acme-frames-dlq");
    }

    try (var connection =
        DriverManager.getConnection(
            credentials.get("SUNDAE_DB_URL"),
            credentials.get("SUNDAE_DB_USERNAME"),
            credentials.get("SUNDAE_DB_PASSWORD"))) {
      connection.createStatement().execute("CREATE TABLE tenant_dev_acme.probe (id int)");
    }

    // the chat's Web Push key pair: an uncompressed P-256 point and its 32-byte scalar
    assertThat(Base64.getUrlDecoder().decode(credentials.get("SUNDAE_PUSH_VAPID_PUBLIC_KEY")))
        .hasSize(65)
        .startsWith((byte) 0x04);
    assertThat(Base64.getUrlDecoder().decode(credentials.get("SUNDAE_PUSH_VAPID_PRIVATE_KEY")))
        .hasSize(32);
  }

  @Test
  void tenantKeysCannotReachAnotherTenantsBucket() throws Exception {
    platform.createTenant(ENV, "north", spec -> {});
    platform.createTenant(ENV, "south", spec -> {});
    Tenant north = platform.awaitReady(ENV, "north");
    platform.awaitReady(ENV, "south");
    Map<String, String> keys = platform.tenantCredentials(north);
    MinioClient northClient =
        MinioClient.builder()
            .endpoint(platform.minio.endpoint())
            .credentials(keys.get("SUNDAE_S3_ACCESS_KEY"), keys.get("SUNDAE_S3_SECRET_KEY"))
            .build();

    assertThatThrownBy(
            () ->
                northClient
                    .listObjects(ListObjectsArgs.builder().bucket("sundae-dev-south").build())
                    .iterator()
                    .next()
                    .get())
        .isInstanceOf(ErrorResponseException.class)
        .hasMessageContaining("Access Denied");
    assertThatThrownBy(
            () ->
                northClient.putObject(
                    PutObjectArgs.builder().bucket("sundae-dev-south").object("x").stream(
                            new ByteArrayInputStream(new byte[] {1}), 1, -1)
                        .build()))
        .isInstanceOf(ErrorResponseException.class)
        .hasMessageContaining("Access Denied");
    assertThatThrownBy(
            () ->
                northClient.getObject(
                    GetObjectArgs.builder().bucket("sundae-dev-south").object("x").build()))
        .isInstanceOf(ErrorResponseException.class)
        .hasMessageContaining("Access Denied");
    assertThat(
            northClient.bucketExists(BucketExistsArgs.builder().bucket("sundae-dev-north").build()))
        .isTrue();
  }

  @Test
  void environmentCountsItsReadyTenants() {
    platform.createTenant(ENV, "counted", spec -> {});
    platform.awaitReady(ENV, "counted");

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Environment environment =
                  platform.client.resources(Environment.class).withName(ENV).get();
              assertThat(environment.getStatus().getTenantsReady())
                  .isEqualTo(environment.getStatus().getTenants())
                  .isPositive();
              var conditions = environment.getStatus().getConditions();
              assertThat(Conditions.isTrue(conditions, EnvironmentStatus.READY)).isTrue();
              assertThat(Conditions.find(conditions, EnvironmentStatus.GATEWAY_READY))
                  .hasValueSatisfying(
                      gateway -> {
                        assertThat(gateway.getStatus()).isEqualTo(Conditions.TRUE);
                        assertThat(gateway.getReason())
                            .isEqualTo(ConditionReasons.EXTERNAL_RUNTIME);
                      });
            });
    // the tenants' configuration, rendered for services outside the cluster as for the gateway's
    // Pods: the Tenant with the keys of its credentials Secret (hack/run-local.sh reads it)
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              var rendered = platform.client.secrets().inNamespace(ENV).withName("sundae-gateway");
              assertThat(rendered.get()).as("the tenants' configuration").isNotNull();
              var tenants =
                  new com.fasterxml.jackson.databind.ObjectMapper()
                      .readTree(
                          Base64.getDecoder().decode(rendered.get().getData().get("tenants.yaml")))
                      .path("sundae")
                      .path("tenants");
              var counted =
                  java.util.stream.StreamSupport.stream(tenants.spliterator(), false)
                      .filter(t -> t.path("name").asText().equals("counted"))
                      .findFirst()
                      .orElseThrow();
              Tenant tenant = platform.tenant(ENV, "counted");
              assertThat(counted.path("storage").path("bucket").asText())
                  .isEqualTo(tenant.getStatus().getBucket());
              assertThat(counted.path("database").path("schema").asText())
                  .isEqualTo(tenant.getStatus().getDatabaseSchema());
            });
    var config = platform.client.configMaps().inNamespace(ENV).withName("sundae-environment").get();
    assertThat(config.getData())
        .containsEntry("objectStore.endpoint", platform.minio.endpoint())
        .containsEntry("runtime", "external");
    assertThat(config.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(owner -> assertThat(owner.getKind()).isEqualTo("Environment"));
  }

  @Test
  void servesProbesAndReconcileMetrics() throws Exception {
    platform.createTenant(ENV, "measured", spec -> {});
    platform.awaitReady(ENV, "measured");
    var http = java.net.http.HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + platform.operatorHttpPort();

    var ready =
        http.send(
            java.net.http.HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    var metrics =
        http.send(
            java.net.http.HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("operator_sdk_reconciliations_started_total")
        .contains("jvm_memory_used_bytes");
  }

  private static SqsClient sqs() {
    return SqsClient.builder()
        .endpointOverride(URI.create(platform.sqs.endpoint()))
        .region(Region.of(ElasticMqServer.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .build();
  }
}
