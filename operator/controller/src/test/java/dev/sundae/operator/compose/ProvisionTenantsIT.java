package dev.sundae.operator.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sundae.operator.api.TenantNames;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.testing.junit.WithElasticMq;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.sqs.ElasticMqServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The provisioning job of docker-compose against real MinIO, ElasticMQ and PostgreSQL, from the
 * repository's example Tenants (what compose mounts): the two tenants get what the operator would
 * give them, each tenant's credentials open its own resources and not the other's, the tenants file
 * is the operator's rendering with compose's issuer origin, a second run keeps every secret, and a
 * Tenant that takes another's issuer is left out.
 */
@WithMinio
@WithElasticMq
@WithPostgres
class ProvisionTenantsIT {

  private static final Path EXAMPLES = Path.of("../../examples");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path config;

  @Test
  void provisionsTheExampleTenantsIsolatedAndCanRunAgain(
      MinioServer minio, ElasticMqServer sqs, PostgresServer postgres) throws Exception {
    Map<String, String> env = env(minio, sqs, postgres, EXAMPLES);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProvisionTenants.provision(env, new PrintStream(out, true, StandardCharsets.UTF_8));
    String first = Files.readString(config.resolve("tenants.yaml"));
    ProvisionTenants.provision(env, new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .hasSize(6)
        .anyMatch(
            line ->
                line.startsWith(
                    "tenant demo/acme: issuer http://keycloak:8080/realms/acme, bucket"
                        + " sundae-demo-acme"));
    // the secrets are generated once and kept: the second run rendered the same file
    assertThat(Files.readString(config.resolve("tenants.yaml"))).isEqualTo(first);

    Map<String, TenantConfig> tenants = tenantsFile();
    assertThat(tenants).containsOnlyKeys("acme", "gelato");
    TenantConfig acmeConfig = tenants.get("acme");
    assertThat(acmeConfig.issuer()).isEqualTo("http://keycloak:8080/realms/acme");
    assertThat(acmeConfig.audience()).isEqualTo("sundae-acme");
    assertThat(acmeConfig.flavours()).startsWith("strawberry", "pistachio").hasSize(8);
    assertThat(acmeConfig.storage().endpoint()).isEqualTo(minio.endpoint());
    assertThat(acmeConfig.database().schema()).isEqualTo("tenant_demo_acme");
    assertThat(acmeConfig.model())
        .isEqualTo(
            new TenantConfig.Model(
                "file:///app/resources/model/reference/model.pt", "2026.01.0", null));
    String acmeSecret = acmeConfig.storage().secretKey();
    assertThat(acmeSecret)
        .hasSize(40)
        .isEqualTo(acmeConfig.database().password())
        .isNotEqualTo(tenants.get("gelato").storage().secretKey());

    TenantNames acme = new TenantNames("demo", "acme");
    TenantNames gelato = new TenantNames("demo", "gelato");
    try (S3Client admin = s3(minio, minio.accessKey(), minio.secretKey());
        S3Client asAcme = s3(minio, acmeConfig.storage().accessKey(), acmeSecret)) {
      assertThat(admin.getBucketVersioning(b -> b.bucket(acme.bucket())).status())
          .isEqualTo(BucketVersioningStatus.ENABLED);
      asAcme.putObject(
          b -> b.bucket(acmeConfig.storage().bucket()).key("frames/x.jpg"),
          RequestBody.fromString("x"));
      assertThatThrownBy(() -> asAcme.listObjectsV2(b -> b.bucket(gelato.bucket())))
          .isInstanceOf(S3Exception.class)
          .hasMessageContaining("Access Denied");
    }

    try (SqsClient queues =
        SqsClient.builder()
            .endpointOverride(URI.create(sqs.endpoint()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      for (TenantNames tenant : new TenantNames[] {acme, gelato}) {
        assertThat(queues.getQueueUrl(b -> b.queueName(tenant.queue())).queueUrl())
            .endsWith(tenant.queue());
        assertThat(queues.getQueueUrl(b -> b.queueName(tenant.deadLetterQueue())).queueUrl())
            .endsWith(tenant.deadLetterQueue());
      }
    }

    try (Connection asAcme =
        DriverManager.getConnection(
            postgres.jdbcUrl(), acmeConfig.database().username(), acmeSecret)) {
      asAcme.createStatement().execute("create table " + acme.databaseSchema() + ".t (x int)");
      assertThatThrownBy(
              () ->
                  asAcme
                      .createStatement()
                      .execute("create table " + gelato.databaseSchema() + ".t (x int)"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
    }
  }

  @Test
  void leavesOutATenantThatTakesAnotherTenantsIssuer(
      MinioServer minio, ElasticMqServer sqs, PostgresServer postgres, @TempDir Path tenantFiles)
      throws Exception {
    Files.copy(EXAMPLES.resolve("tenant-acme.yaml"), tenantFiles.resolve("tenant-acme.yaml"));
    // a later Tenant with acme's issuer: the gateway could not tell the two apart
    Files.writeString(
        tenantFiles.resolve("tenant-copycat.yaml"),
        Files.readString(EXAMPLES.resolve("tenant-acme.yaml"))
            .replace("name: acme", "name: copycat"));
    Files.writeString(tenantFiles.resolve("notes.txt"), "not a Tenant");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProvisionTenants.provision(
        env(minio, sqs, postgres, tenantFiles), new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("tenant demo/copycat: left out (IssuerInUse)");
    assertThat(tenantsFile()).containsOnlyKeys("acme");
  }

  @Test
  void refusesADirectoryWithoutTenants(
      MinioServer minio, ElasticMqServer sqs, PostgresServer postgres, @TempDir Path empty)
      throws Exception {
    Files.writeString(
        empty.resolve("environment.yaml"), "apiVersion: sundae.dev/v1alpha1\nkind: Environment\n");
    assertThatThrownBy(
            () ->
                ProvisionTenants.provision(
                    env(minio, sqs, postgres, empty), new PrintStream(new ByteArrayOutputStream())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds no Tenant");
    assertThat(config.resolve("tenants.yaml")).doesNotExist();
  }

  private Map<String, String> env(
      MinioServer minio, ElasticMqServer sqs, PostgresServer postgres, Path tenantFiles) {
    Map<String, String> env = new HashMap<>();
    env.put("SUNDAE_ENVIRONMENT", "demo");
    env.put("SUNDAE_TENANTS_DIR", tenantFiles.toString());
    env.put("SUNDAE_TENANTS_FILE", config.resolve("tenants.yaml").toString());
    env.put("SUNDAE_IDENTITY_ORIGIN", "http://keycloak:8080");
    env.put("SUNDAE_MODEL_URI", "file:///app/resources/model/reference/model.pt");
    env.put("SUNDAE_MINIO_ENDPOINT", minio.endpoint());
    env.put("SUNDAE_MINIO_ACCESS_KEY", minio.accessKey());
    env.put("SUNDAE_MINIO_SECRET_KEY", minio.secretKey());
    env.put("SUNDAE_SQS_ENDPOINT", sqs.endpoint());
    env.put("SUNDAE_DATABASE_URL", postgres.jdbcUrl());
    env.put("SUNDAE_DATABASE_USER", postgres.username());
    env.put("SUNDAE_DATABASE_PASSWORD", postgres.password());
    return env;
  }

  /** The tenants file as the services bind it. */
  private Map<String, TenantConfig> tenantsFile() throws Exception {
    Map<String, TenantConfig> tenants = new LinkedHashMap<>();
    for (JsonNode tenant :
        JSON.readTree(config.resolve("tenants.yaml").toFile()).path("sundae").path("tenants")) {
      TenantConfig config = JSON.treeToValue(tenant, TenantConfig.class);
      tenants.put(config.name(), config);
    }
    return tenants;
  }

  private static S3Client s3(MinioServer minio, String accessKey, String secretKey) {
    return S3Client.builder()
        .endpointOverride(URI.create(minio.endpoint()))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}
