package dev.sundae.chat.support;

import dev.sundae.operator.database.PostgresTenantDatabase;
import dev.sundae.tenancy.CallerRole;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantProperties;
import dev.sundae.tenancy.TenantRealm;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    return add(name, Optional.empty());
  }

  /**
   * As {@link #add(String)}, with members' access tokens lasting {@code tokenLifespan}: a live
   * connection closes when its token expires, and a long run must outlast the realm's {@link
   * TenantRealm#TOKEN_LIFESPAN}.
   */
  public ChatTenant add(String name, Optional<Duration> tokenLifespan) throws Exception {
    ChatTenant tenant = addWithoutDatabase(name, tokenLifespan);
    createDatabase(tenant);
    return tenant;
  }

  /**
   * A tenant whose PostgreSQL role and schema do not exist yet, as when the chat learns of a tenant
   * before its database is provisioned; {@link #createDatabase} provisions them.
   */
  public ChatTenant addWithoutDatabase(String name, Optional<Duration> tokenLifespan)
      throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String dashed = name.replace('_', '-');
    ChatTenant tenant =
        new ChatTenant(
            name,
            dashed + "-" + suffix,
            keycloak.issuer(dashed + "-" + suffix),
            "chat-" + dashed + "-" + suffix,
            "user-" + dashed + "-" + suffix,
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString());
    keycloak.importRealm(
        TenantRealm.representation(
            tenant.realm(),
            ChatTenant.AUDIENCE,
            UUID.randomUUID().toString(),
            tokenLifespan.orElse(TenantRealm.TOKEN_LIFESPAN)));
    createBucket(tenant);
    tenants.add(tenant);
    return tenant;
  }

  /**
   * A member of {@code tenant}: a Keycloak user with the member role, and the access token of its
   * app.
   */
  public TestMember member(ChatTenant tenant, String username) {
    return user(tenant, username, CallerRole.MEMBER);
  }

  /** A moderator of {@code tenant}'s community: a member with the issuer's moderator role too. */
  public TestMember moderator(ChatTenant tenant, String username) {
    return user(tenant, username, CallerRole.MEMBER, CallerRole.MODERATOR);
  }

  /**
   * A user of {@code tenant}'s issuer with {@code roles} (none: a user the chat must refuse), and
   * the access token of its app; created on first use, the roles of a later call are ignored.
   */
  public TestMember user(ChatTenant tenant, String username, CallerRole... roles) {
    String key = tenant.realm() + "/" + username;
    String token =
        tokens.computeIfAbsent(
            key,
            k -> {
              keycloak.createUser(
                  tenant.realm(),
                  username,
                  "pw-" + username,
                  Arrays.stream(roles).map(CallerRole::roleName).toArray(String[]::new));
              // through the realm's public client, as a member's app signs in
              return keycloak.passwordToken(
                  tenant.realm(), TenantRealm.COMMUNITY, "", username, "pw-" + username);
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
      for (String key : TenantProperties.keys()) {
        String name = TenantProperties.prefix(index) + key;
        registry.add(
            name,
            () -> {
              ChatTenants all = provisioned.get();
              return TenantProperties.of(index, all.config(all.tenants.get(index))).get(name);
            });
      }
    }
  }

  /**
   * The service's {@code sundae.tenants[i].*} for {@code served}, as command-line arguments: for a
   * test that starts instances of the service itself (several replicas of one tenant).
   */
  public List<String> arguments(ChatTenant... served) {
    List<String> arguments = new ArrayList<>();
    TenantProperties.of(Arrays.stream(served).map(this::config).toList())
        .forEach((key, value) -> arguments.add("--" + key + "=" + value));
    return arguments;
  }

  /**
   * The chat service's {@code sundae.tenants[i].*} for every tenant added, as a service running in
   * its own process is configured.
   */
  public Map<String, String> properties() {
    return TenantProperties.of(tenants.stream().map(this::config).toList());
  }

  /** What the chat is told of {@code t}, as the operator would render it: no queue, no model. */
  public TenantConfig config(ChatTenant t) {
    return new TenantConfig(
        "test",
        t.name(),
        t.issuer(),
        ChatTenant.AUDIENCE,
        null,
        null,
        new TenantConfig.Storage(
            minio.endpoint(),
            TenantConfig.Storage.DEFAULT_REGION,
            t.bucket(),
            t.accessKey(),
            t.secretKey()),
        null,
        new TenantConfig.Database(postgres.jdbcUrl(), t.name(), t.name(), t.dbPassword()),
        null,
        null,
        null,
        null);
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

  /** Creates the tenant's role, owning a schema of its name, as the operator does. */
  public void createDatabase(ChatTenant tenant) throws Exception {
    // as the operator provisions it: a login role owning one schema closed to PUBLIC
    PostgresTenantDatabase.connect(postgres.jdbcUrl(), postgres.username(), postgres.password())
        .ensureTenant(tenant.name(), tenant.name(), tenant.dbPassword(), Optional.empty());
  }
}
