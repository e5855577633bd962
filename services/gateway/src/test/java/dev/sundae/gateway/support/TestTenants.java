package dev.sundae.gateway.support;

import dev.sundae.operator.database.PostgresTenantDatabase;
import dev.sundae.tenancy.CallerRole;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantProperties;
import dev.sundae.tenancy.TenantRealm;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.sqs.ElasticMqServer;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.SetBucketNotificationArgs;
import io.minio.SetBucketVersioningArgs;
import io.minio.admin.MinioAdminClient;
import io.minio.admin.UserInfo;
import io.minio.messages.EventType;
import io.minio.messages.NotificationConfiguration;
import io.minio.messages.QueueConfiguration;
import io.minio.messages.VersioningConfiguration;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.test.context.DynamicPropertyRegistry;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Provisions tenants on the test's real servers as the operator would: a Keycloak realm with a
 * register client, a versioned bucket with a MinIO user and policy limited to it, a queue, and a
 * PostgreSQL role owning a schema; then hands the gateway the matching {@code sundae.tenants}.
 */
public final class TestTenants {

  private final KeycloakServer keycloak;
  private final MinioServer minio;
  private final ElasticMqServer sqs;
  private final PostgresServer postgres;
  private final List<TestTenant> tenants = new ArrayList<>();
  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  public TestTenants(
      KeycloakServer keycloak, MinioServer minio, ElasticMqServer sqs, PostgresServer postgres) {
    this.keycloak = keycloak;
    this.minio = minio;
    this.sqs = sqs;
    this.postgres = postgres;
  }

  /**
   * Adds a tenant {@code name} (a-z, 0-9); Keycloak is shared by all test classes of the JVM, so
   * realm names get a random suffix. {@code notificationArn}: the bucket's object-created target.
   */
  public TestTenant add(String name, List<String> flavours, Optional<String> notificationArn)
      throws Exception {
    TestTenant tenant = addWithoutDatabase(name, flavours, notificationArn);
    createDatabase(tenant);
    return tenant;
  }

  /**
   * Adds a tenant whose PostgreSQL role and schema do not exist yet, as when the gateway learns of
   * a tenant before its database is provisioned; {@link #createDatabase} provisions them.
   */
  public TestTenant addWithoutDatabase(
      String name, List<String> flavours, Optional<String> notificationArn) throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String realm = name.replace('_', '-') + "-" + suffix;
    String bucket = "frames-" + name.replace('_', '-') + "-" + suffix;
    TestTenant tenant =
        new TestTenant(
            name,
            realm,
            keycloak.issuer(realm),
            TenantRealm.REGISTER,
            UUID.randomUUID().toString(),
            bucket,
            "user-" + name.replace('_', '-') + "-" + suffix,
            UUID.randomUUID().toString(),
            createQueue(bucket),
            UUID.randomUUID().toString(),
            List.copyOf(flavours));
    keycloak.importRealm(
        TenantRealm.representation(
            realm, TestTenant.AUDIENCE, tenant.clientSecret(), TenantRealm.TOKEN_LIFESPAN));
    createBucket(tenant, notificationArn);
    tenants.add(tenant);
    return tenant;
  }

  public List<TestTenant> all() {
    return List.copyOf(tenants);
  }

  /**
   * A register's access token of {@code tenant}, fetched once per test class (they last {@link
   * TenantRealm#TOKEN_LIFESPAN}).
   */
  public String token(TestTenant tenant) {
    return tokens.computeIfAbsent(
        tenant.name(),
        name ->
            keycloak.clientCredentialsToken(
                tenant.realm(), tenant.clientId(), tenant.clientSecret()));
  }

  /**
   * An access token of a user of {@code tenant}'s issuer with the realm roles {@code roles}
   * (created on first use, signing in through the realm's public client for people: the dashboard
   * for an analyst, else the community's): an analyst, or a community member trying the gateway.
   */
  public String userToken(TestTenant tenant, String username, CallerRole... roles) {
    return tokens.computeIfAbsent(
        tenant.name() + "/" + username,
        key -> {
          keycloak.createUser(
              tenant.realm(),
              username,
              "pw-" + username,
              Arrays.stream(roles).map(CallerRole::roleName).toArray(String[]::new));
          String client =
              Arrays.asList(roles).contains(CallerRole.ANALYST)
                  ? TenantRealm.DASHBOARD
                  : TenantRealm.COMMUNITY;
          return keycloak.passwordToken(tenant.realm(), client, "", username, "pw-" + username);
        });
  }

  /** An analyst's access token of {@code tenant}: the one principal that reads its analytics. */
  public String analystToken(TestTenant tenant) {
    return userToken(tenant, "analyst", CallerRole.ANALYST);
  }

  public KeycloakServer keycloak() {
    return keycloak;
  }

  /** A JDBC connection as the tenant's own role, with its schema as search path. */
  public Connection connect(TestTenant tenant) throws Exception {
    Connection connection =
        DriverManager.getConnection(postgres.jdbcUrl(), tenant.name(), tenant.dbPassword());
    connection.setSchema(tenant.name());
    return connection;
  }

  public MinioClient rootMinio() {
    return MinioClient.builder()
        .endpoint(minio.endpoint())
        .credentials(minio.accessKey(), minio.secretKey())
        .build();
  }

  public SqsClient sqsClient() {
    return SqsClient.builder()
        .endpointOverride(URI.create(sqs.endpoint()))
        .region(Region.of(ElasticMqServer.REGION))
        .httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build();
  }

  /** Creates the queue of every tenant again, e.g. after ElasticMQ (in memory) restarted. */
  public void recreateQueues() {
    tenants.forEach(t -> createQueue(t.bucket()));
  }

  /**
   * The gateway's {@code sundae.tenants[i].*} for the tenants added by then; values are read when
   * the Spring context starts, which is after the test class's {@code @BeforeAll}.
   */
  public static void register(
      DynamicPropertyRegistry registry, int count, Supplier<TestTenants> provisioned) {
    for (int i = 0; i < count; i++) {
      for (String key : TenantProperties.keys()) {
        String name = TenantProperties.prefix(i) + key;
        registry.add(name, () -> provisioned.get().properties().get(name));
      }
    }
    registry.add("sundae.bridge.access-key", () -> "test");
    registry.add("sundae.bridge.secret-key", () -> "test");
  }

  /** What the gateway is told of {@code t}, as the operator would render it. */
  public TenantConfig config(TestTenant t) {
    return new TenantConfig(
        "test",
        t.name(),
        t.issuer(),
        TestTenant.AUDIENCE,
        null,
        t.flavours(),
        new TenantConfig.Storage(
            minio.endpoint(),
            TenantConfig.Storage.DEFAULT_REGION,
            t.bucket(),
            t.accessKey(),
            t.secretKey()),
        new TenantConfig.Queue(sqs.endpoint(), ElasticMqServer.REGION, t.queueUrl(), null),
        new TenantConfig.Database(postgres.jdbcUrl(), t.name(), t.name(), t.dbPassword()),
        new TenantConfig.Model("file:///models/test.pt", "test-1", null),
        null,
        null,
        null);
  }

  /** The gateway's configuration of every tenant added, for a gateway a test starts itself. */
  public Map<String, Object> properties() {
    Map<String, Object> properties =
        new LinkedHashMap<>(TenantProperties.of(tenants.stream().map(this::config).toList()));
    properties.put("sundae.bridge.access-key", "test");
    properties.put("sundae.bridge.secret-key", "test");
    return properties;
  }

  private void createBucket(TestTenant tenant, Optional<String> notificationArn) throws Exception {
    MinioClient root = rootMinio();
    root.makeBucket(MakeBucketArgs.builder().bucket(tenant.bucket()).build());
    root.setBucketVersioning(
        SetBucketVersioningArgs.builder()
            .bucket(tenant.bucket())
            .config(new VersioningConfiguration(VersioningConfiguration.Status.ENABLED, null))
            .build());
    if (notificationArn.isPresent()) {
      QueueConfiguration queue = new QueueConfiguration();
      queue.setQueue(notificationArn.get());
      queue.setEvents(List.of(EventType.OBJECT_CREATED_ANY));
      NotificationConfiguration notification = new NotificationConfiguration();
      notification.setQueueConfigurationList(List.of(queue));
      root.setBucketNotification(
          SetBucketNotificationArgs.builder().bucket(tenant.bucket()).config(notification).build());
    }
    // The same policy the operator gives a tenant's user: its own bucket and nothing else.
    String arn = "arn:aws:s3:::" + tenant.bucket();
    String policy =
        """
        {"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":["s3:ListBucket","s3:ListBucketVersions","s3:GetBucketLocation"],
         "Resource":["%1$s"]},
        {"Effect":"Allow","Action":["s3:GetObject","s3:GetObjectVersion","s3:PutObject","s3:DeleteObject"],
         "Resource":["%1$s/*"]}]}"""
            .formatted(arn);
    MinioAdminClient admin =
        MinioAdminClient.builder()
            .endpoint(minio.endpoint())
            .credentials(minio.accessKey(), minio.secretKey())
            .build();
    admin.addUser(tenant.accessKey(), UserInfo.Status.ENABLED, tenant.secretKey(), null, null);
    admin.addCannedPolicy(tenant.accessKey(), policy);
    admin.setPolicy(tenant.accessKey(), false, tenant.accessKey());
  }

  /** Creates the tenant's role, owning a schema of its name, as the operator does. */
  public void createDatabase(TestTenant tenant) throws Exception {
    // as the operator provisions it: a login role owning one schema closed to PUBLIC
    PostgresTenantDatabase.connect(postgres.jdbcUrl(), postgres.username(), postgres.password())
        .ensureTenant(tenant.name(), tenant.name(), tenant.dbPassword(), Optional.empty());
  }

  private String createQueue(String name) {
    try (SqsClient client = sqsClient()) {
      return client.createQueue(q -> q.queueName(name)).queueUrl();
    }
  }
}
