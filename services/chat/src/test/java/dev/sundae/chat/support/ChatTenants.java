package dev.sundae.chat.support;

import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.SetBucketVersioningArgs;
import io.minio.admin.MinioAdminClient;
import io.minio.admin.UserInfo;
import io.minio.messages.VersioningConfiguration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Provisions tenants on the test's real servers as the operator would (the gateway tests'
 * TestTenants, without the queue): a Keycloak realm with the chat app's client, a versioned bucket
 * with a MinIO user and policy limited to it, and a PostgreSQL role owning a schema; then hands the
 * chat service the matching {@code sundae.tenants}. Members are Keycloak users of the realm.
 */
public final class ChatTenants {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final KeycloakServer keycloak;
  private final MinioServer minio;
  private final PostgresServer postgres;
  private final List<ChatTenant> tenants = new ArrayList<>();
  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  public ChatTenants(KeycloakServer keycloak, MinioServer minio, PostgresServer postgres) {
    this.keycloak = keycloak;
    this.minio = minio;
    this.postgres = postgres;
  }

  /** Adds a tenant {@code name} (a-z, 0-9, _); realms and buckets get a random suffix. */
  public ChatTenant add(String name) throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String dashed = name.replace('_', '-');
    ChatTenant tenant =
        new ChatTenant(
            name,
            dashed + "-" + suffix,
            keycloak.issuer(dashed + "-" + suffix),
            "chat-app",
            UUID.randomUUID().toString(),
            "chat-" + dashed + "-" + suffix,
            "user-" + dashed + "-" + suffix,
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString());
    keycloak.createRealm(tenant.realm());
    keycloak.createClient(
        tenant.realm(), tenant.clientId(), tenant.clientSecret(), ChatTenant.AUDIENCE);
    createBucket(tenant);
    createRole(tenant);
    tenants.add(tenant);
    return tenant;
  }

  /** A member of {@code tenant}: a Keycloak user, and the access token of its app. */
  public TestMember member(ChatTenant tenant, String username) {
    String key = tenant.realm() + "/" + username;
    String token =
        tokens.computeIfAbsent(
            key,
            k -> {
              keycloak.createUser(tenant.realm(), username, "pw-" + username);
              return keycloak.passwordToken(
                  tenant.realm(),
                  tenant.clientId(),
                  tenant.clientSecret(),
                  username,
                  "pw-" + username);
            });
    String subject = JSON.readTree(payload(token)).path("sub").asString();
    return new TestMember(tenant, username, subject, token);
  }

  public MinioClient tenantMinio(ChatTenant tenant) {
    return MinioClient.builder()
        .endpoint(minio.endpoint())
        .credentials(tenant.accessKey(), tenant.secretKey())
        .build();
  }

  /** A JDBC connection as the tenant's own role, with its schema as search path. */
  public Connection connect(ChatTenant tenant) throws Exception {
    Connection connection =
        DriverManager.getConnection(postgres.jdbcUrl(), tenant.name(), tenant.dbPassword());
    connection.setSchema(tenant.name());
    return connection;
  }

  /**
   * The service's {@code sundae.tenants[i].*} for the tenants added by then; values are read when
   * the Spring context starts, which is after the test class's {@code @BeforeAll}.
   */
  public static void register(
      DynamicPropertyRegistry registry, int count, Supplier<ChatTenants> provisioned) {
    for (int i = 0; i < count; i++) {
      int index = i;
      String prefix = "sundae.tenants[" + i + "].";
      Supplier<ChatTenant> t = () -> provisioned.get().tenants.get(index);
      Supplier<ChatTenants> all = provisioned;
      registry.add(prefix + "environment", () -> "test");
      registry.add(prefix + "name", () -> t.get().name());
      registry.add(prefix + "issuer", () -> t.get().issuer());
      registry.add(prefix + "audience", () -> ChatTenant.AUDIENCE);
      registry.add(prefix + "storage.endpoint", () -> all.get().minio.endpoint());
      registry.add(prefix + "storage.region", () -> "us-east-1");
      registry.add(prefix + "storage.bucket", () -> t.get().bucket());
      registry.add(prefix + "storage.access-key", () -> t.get().accessKey());
      registry.add(prefix + "storage.secret-key", () -> t.get().secretKey());
      registry.add(prefix + "database.jdbc-url", () -> all.get().postgres.jdbcUrl());
      registry.add(prefix + "database.schema", () -> t.get().name());
      registry.add(prefix + "database.username", () -> t.get().name());
      registry.add(prefix + "database.password", () -> t.get().dbPassword());
    }
  }

  /**
   * The service's {@code sundae.tenants[i].*} for {@code served}, as command-line arguments: for a
   * test that starts instances of the service itself (several replicas of one tenant).
   */
  public List<String> arguments(ChatTenant... served) {
    List<String> arguments = new ArrayList<>();
    for (int i = 0; i < served.length; i++) {
      ChatTenant t = served[i];
      String prefix = "--sundae.tenants[" + i + "].";
      arguments.add(prefix + "environment=test");
      arguments.add(prefix + "name=" + t.name());
      arguments.add(prefix + "issuer=" + t.issuer());
      arguments.add(prefix + "audience=" + ChatTenant.AUDIENCE);
      arguments.add(prefix + "storage.endpoint=" + minio.endpoint());
      arguments.add(prefix + "storage.region=us-east-1");
      arguments.add(prefix + "storage.bucket=" + t.bucket());
      arguments.add(prefix + "storage.access-key=" + t.accessKey());
      arguments.add(prefix + "storage.secret-key=" + t.secretKey());
      arguments.add(prefix + "database.jdbc-url=" + postgres.jdbcUrl());
      arguments.add(prefix + "database.schema=" + t.name());
      arguments.add(prefix + "database.username=" + t.name());
      arguments.add(prefix + "database.password=" + t.dbPassword());
    }
    return arguments;
  }

  private static String payload(String jwt) {
    return new String(
        java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  private void createBucket(ChatTenant tenant) throws Exception {
    MinioClient root =
        MinioClient.builder()
            .endpoint(minio.endpoint())
            .credentials(minio.accessKey(), minio.secretKey())
            .build();
    root.makeBucket(MakeBucketArgs.builder().bucket(tenant.bucket()).build());
    root.setBucketVersioning(
        SetBucketVersioningArgs.builder()
            .bucket(tenant.bucket())
            .config(new VersioningConfiguration(VersioningConfiguration.Status.ENABLED, null))
            .build());
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

  private void createRole(ChatTenant tenant) throws Exception {
    try (Connection connection =
            DriverManager.getConnection(
                postgres.jdbcUrl(), postgres.username(), postgres.password());
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE ROLE " + tenant.name() + " LOGIN PASSWORD '" + tenant.dbPassword() + "'");
      statement.execute("CREATE SCHEMA " + tenant.name() + " AUTHORIZATION " + tenant.name());
      statement.execute("REVOKE ALL ON SCHEMA " + tenant.name() + " FROM PUBLIC");
    }
  }
}
