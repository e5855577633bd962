package dev.sundae.operator.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.operator.api.TenantNames;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
 * The provisioning job of docker-compose against real MinIO, ElasticMQ and PostgreSQL: two tenants
 * get what the operator would give them, each tenant's credentials open its own resources and not
 * the other's, and a second run changes nothing.
 */
@WithMinio
@WithElasticMq
@WithPostgres
class ProvisionTenantsIT {

  @Test
  void provisionsTwoIsolatedTenantsAndCanRunAgain(
      MinioServer minio, ElasticMqServer sqs, PostgresServer postgres) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("SUNDAE_ENVIRONMENT", "demo");
    env.put("SUNDAE_TENANTS", "acme,gelato");
    env.put("SUNDAE_MINIO_ENDPOINT", minio.endpoint());
    env.put("SUNDAE_MINIO_ACCESS_KEY", minio.accessKey());
    env.put("SUNDAE_MINIO_SECRET_KEY", minio.secretKey());
    env.put("SUNDAE_SQS_ENDPOINT", sqs.endpoint());
    env.put("SUNDAE_DATABASE_URL", postgres.jdbcUrl());
    env.put("SUNDAE_DATABASE_USER", postgres.username());
    env.put("SUNDAE_DATABASE_PASSWORD", postgres.password());
    env.put("SUNDAE_TENANT_ACME_SECRET", "acme-secret-0123456789");
    env.put("SUNDAE_TENANT_GELATO_SECRET", "gelato-secret-0123456789");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProvisionTenants.provision(env, new PrintStream(out, true, StandardCharsets.UTF_8));
    ProvisionTenants.provision(env, new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .hasSize(4)
        .anyMatch(line -> line.startsWith("tenant demo/acme: bucket sundae-demo-acme"));

    TenantNames acme = new TenantNames("demo", "acme");
    TenantNames gelato = new TenantNames("demo", "gelato");
    try (S3Client admin = s3(minio, minio.accessKey(), minio.secretKey());
        S3Client asAcme = s3(minio, acme.objectStoreUser(), "acme-secret-0123456789")) {
      assertThat(admin.getBucketVersioning(b -> b.bucket(acme.bucket())).status())
          .isEqualTo(BucketVersioningStatus.ENABLED);
      asAcme.putObject(
          b -> b.bucket(acme.bucket()).key("frames/x.jpg"), RequestBody.fromString("x"));
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
            postgres.jdbcUrl(), acme.databaseRole(), "acme-secret-0123456789")) {
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
