package dev.sundae.inference;

import dev.sundae.operator.database.PostgresTenantDatabase;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantProperties;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.sqs.ElasticMqServer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A tenant set up on the real servers as the operator would: a versioned bucket, a queue with a
 * dead-letter queue and redrive policy, and a schema owned by the tenant's own database role. It
 * also plays the object store's part: uploads frames and sends their object-created events.
 */
public final class TestTenant implements AutoCloseable {

  public final TenantConfig config;
  public final S3Client s3;
  public final SqsClient sqs;
  private final PostgresServer postgres;

  private TestTenant(TenantConfig config, S3Client s3, SqsClient sqs, PostgresServer postgres) {
    this.config = config;
    this.s3 = s3;
    this.sqs = sqs;
    this.postgres = postgres;
  }

  /** This tenant with {@code holdout}, as a Tenant that sets spec.holdout is configured. */
  public TestTenant withHoldout(TenantConfig.Holdout holdout) {
    return with(config.model(), holdout);
  }

  /** This tenant with {@code candidate} beside its model, as spec.inference.candidate sets it. */
  public TestTenant withCandidate(TenantConfig.Candidate candidate) {
    TenantConfig.Model model = config.model();
    return with(new TenantConfig.Model(model.uri(), model.version(), candidate), config.holdout());
  }

  private TestTenant with(TenantConfig.Model model, TenantConfig.Holdout holdout) {
    TenantConfig c = config;
    return new TestTenant(
        new TenantConfig(
            c.environment(),
            c.name(),
            c.issuer(),
            c.audience(),
            c.rolesClaim(),
            c.flavours(),
            c.storage(),
            c.queue(),
            c.database(),
            model,
            holdout,
            c.learning(),
            null),
        s3,
        sqs,
        postgres);
  }

  public static TestTenant create(
      String name,
      List<String> flavours,
      String modelUri,
      Duration visibilityTimeout,
      MinioServer minio,
      ElasticMqServer elasticMq,
      PostgresServer postgres)
      throws SQLException {
    S3Client s3 =
        S3Client.builder()
            .endpointOverride(URI.create(minio.endpoint()))
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(minio.accessKey(), minio.secretKey())))
            .build();
    String bucket = name + "-frames";
    s3.createBucket(b -> b.bucket(bucket));
    s3.putBucketVersioning(
        b ->
            b.bucket(bucket)
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));

    SqsClient sqs =
        SqsClient.builder()
            .endpointOverride(URI.create(elasticMq.endpoint()))
            .region(Region.of(ElasticMqServer.REGION))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
            .build();
    String deadLetters = sqs.createQueue(b -> b.queueName(name + "-dlq")).queueUrl();
    String deadLettersArn =
        sqs.getQueueAttributes(
                b -> b.queueUrl(deadLetters).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    String queue =
        sqs.createQueue(
                b ->
                    b.queueName(name + "-events")
                        .attributes(
                            Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                Long.toString(visibilityTimeout.toSeconds()),
                                QueueAttributeName.REDRIVE_POLICY,
                                "{\"deadLetterTargetArn\":\""
                                    + deadLettersArn
                                    + "\",\"maxReceiveCount\":\"5\"}")))
            .queueUrl();

    String password = name + "-" + UUID.randomUUID();
    // as the operator provisions it: a login role owning one schema closed to PUBLIC
    PostgresTenantDatabase.connect(postgres.jdbcUrl(), postgres.username(), postgres.password())
        .ensureTenant(name, name, password, Optional.empty());

    TenantConfig config =
        new TenantConfig(
            "test",
            name,
            null,
            null,
            null,
            flavours,
            new TenantConfig.Storage(
                minio.endpoint(), "us-east-1", bucket, minio.accessKey(), minio.secretKey()),
            new TenantConfig.Queue(
                elasticMq.endpoint(), ElasticMqServer.REGION, queue, deadLetters),
            new TenantConfig.Database(postgres.jdbcUrl(), name, name, password),
            new TenantConfig.Model(modelUri, "test-1", null),
            null,
            null,
            null);
    return new TestTenant(config, s3, sqs, postgres);
  }

  public static Connection superuser(PostgresServer postgres) throws SQLException {
    return DriverManager.getConnection(
        postgres.jdbcUrl(), postgres.username(), postgres.password());
  }

  /** Uploads a frame under its request's key and returns the version the store gave it. */
  public String upload(String key, byte[] bytes, String contentType) {
    return s3.putObject(
            b -> b.bucket(config.storage().bucket()).key(key).contentType(contentType),
            RequestBody.fromBytes(bytes))
        .versionId();
  }

  /** What AWS S3 sends to SQS for a new object (MinIO's records are the same). */
  public static String event(String bucket, String key, String versionId, long size) {
    String encodedKey = URLEncoder.encode(key, StandardCharsets.UTF_8);
    return """
        {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",\
        "eventTime":"%s","eventName":"ObjectCreated:Put",\
        "s3":{"s3SchemaVersion":"1.0","configurationId":"frames",\
        "bucket":{"name":"%s","arn":"arn:aws:s3:::%s"},\
        "object":{"key":"%s","size":%d,"versionId":"%s","sequencer":"0A1B2C3D4E5F678901"}}}]}"""
        .formatted(Instant.now(), bucket, bucket, encodedKey, size, versionId);
  }

  /** Uploads a frame for a new request and puts its event on the queue; returns the request. */
  public UUID uploadFrame(byte[] bytes, String extension) {
    UUID requestId = UUID.randomUUID();
    String key = "frames/" + requestId + "." + extension;
    String version = upload(key, bytes, "image/" + ("jpg".equals(extension) ? "jpeg" : extension));
    send(event(config.storage().bucket(), key, version, bytes.length));
    return requestId;
  }

  public void send(String body) {
    sqs.sendMessage(b -> b.queueUrl(config.queue().url()).messageBody(body));
  }

  /** Messages on the queue, visible or in flight. */
  public int queued() {
    Map<QueueAttributeName, String> attributes =
        sqs.getQueueAttributes(
                b ->
                    b.queueUrl(config.queue().url())
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(
            attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  /** The worker's configuration for these tenants, as Spring properties or command-line args. */
  public static Map<String, String> properties(List<TestTenant> tenants) {
    Map<String, String> p =
        new LinkedHashMap<>(TenantProperties.of(tenants.stream().map(t -> t.config).toList()));
    p.put("sundae.inference.queue-credentials.access-key", "x");
    p.put("sundae.inference.queue-credentials.secret-key", "x");
    p.put("sundae.inference.poll-wait", "1s");
    p.put("sundae.inference.max-backoff", "2s");
    p.put("sundae.inference.model-check-interval", "1s");
    p.put("sundae.inference.intra-op-threads", "1");
    return p;
  }

  /** The recommended flavours of a request, best first, read as the superuser. */
  public List<String> recommended(UUID requestId) throws SQLException {
    try (Connection admin = superuser(postgres);
        var query =
            admin.prepareStatement(
                "SELECT flavour FROM "
                    + config.database().schema()
                    + ".recommended_flavour WHERE request_id = ? ORDER BY rank")) {
      query.setObject(1, requestId);
      List<String> flavours = new java.util.ArrayList<>();
      try (var rows = query.executeQuery()) {
        while (rows.next()) {
          flavours.add(rows.getString(1));
        }
      }
      return flavours;
    }
  }

  /** One value of a query on the tenant's schema, read as the superuser. */
  public long count(String sqlFromWhere, Object... parameters) throws SQLException {
    try (Connection admin = superuser(postgres);
        var query =
            admin.prepareStatement(
                "SELECT count(*) FROM " + config.database().schema() + "." + sqlFromWhere)) {
      for (int i = 0; i < parameters.length; i++) {
        query.setObject(i + 1, parameters[i]);
      }
      try (var rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /** Properties as command-line arguments, which win over application.yml. */
  public static String[] arguments(Map<String, String> properties) {
    return properties.entrySet().stream()
        .map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
  }

  @Override
  public void close() {
    s3.close();
    sqs.close();
  }
}
