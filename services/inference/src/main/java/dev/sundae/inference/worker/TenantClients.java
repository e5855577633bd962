package dev.sundae.inference.worker;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sundae.inference.InferenceProperties;
import dev.sundae.tenancy.QueueCredentials;
import dev.sundae.tenancy.StorageClients;
import dev.sundae.tenancy.TenantConfig;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The connections one tenant's worker uses, each signed in with that tenant's own credentials: its
 * bucket's keys, its database role. Nothing here can reach another tenant's data.
 */
record TenantClients(S3Client s3, SqsClient sqs, HikariDataSource database)
    implements AutoCloseable {

  static TenantClients open(TenantConfig tenant, InferenceProperties.Inference settings) {
    return new TenantClients(s3(tenant.storage()), sqs(tenant.queue(), settings), database(tenant));
  }

  private static S3Client s3(TenantConfig.Storage storage) {
    return StorageClients.s3(storage).build();
  }

  private static SqsClient sqs(TenantConfig.Queue queue, InferenceProperties.Inference settings) {
    var builder =
        SqsClient.builder()
            .region(Region.of(blankTo(queue.region(), TenantConfig.Storage.DEFAULT_REGION)))
            .credentialsProvider(credentials(settings.queueCredentials()));
    if (!blankTo(queue.endpoint(), "").isEmpty()) {
      builder.endpointOverride(URI.create(queue.endpoint())); // ElasticMQ
    }
    return builder.build();
  }

  private static AwsCredentialsProvider credentials(InferenceProperties.QueueCredentials keys) {
    return keys == null
        ? QueueCredentials.defaultOrAnonymous()
        : StaticCredentialsProvider.create(
            AwsBasicCredentials.create(keys.accessKey(), keys.secretKey()));
  }

  private static HikariDataSource database(TenantConfig tenant) {
    TenantConfig.Database database = tenant.database();
    HikariConfig config = new HikariConfig();
    config.setPoolName("tenant-" + tenant.name());
    config.setJdbcUrl(database.jdbcUrl());
    config.setUsername(database.username());
    config.setPassword(database.password());
    config.setSchema(database.schema());
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(5_000);
    config.setInitializationFailTimeout(-1); // start even while the database is down; retry later
    return new HikariDataSource(config);
  }

  private static String blankTo(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  @Override
  public void close() {
    database.close();
    sqs.close();
    s3.close();
  }
}
