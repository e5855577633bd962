package dev.sundae.operator.compose;

import static dev.sundae.operator.compose.ComposeFiles.required;
import static dev.sundae.operator.compose.ComposeFiles.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.api.ObjectStoreSpec;
import dev.sundae.operator.api.ObjectStoreSpec.EncryptionKeys;
import dev.sundae.operator.api.QueueServiceSpec;
import dev.sundae.operator.api.QueueSpec;
import dev.sundae.operator.api.StorageSpec;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.api.TenantNames;
import dev.sundae.operator.database.PostgresTenantDatabase;
import dev.sundae.operator.database.TenantDatabase;
import dev.sundae.operator.environment.GatewayTenants;
import dev.sundae.operator.queue.QueueService;
import dev.sundae.operator.queue.QueueUrls;
import dev.sundae.operator.queue.SqsQueueService;
import dev.sundae.operator.storage.BucketCredentials;
import dev.sundae.operator.storage.BucketSpec;
import dev.sundae.operator.storage.MinioObjectStore;
import dev.sundae.operator.storage.ObjectStore;
import dev.sundae.operator.storage.SecretKeys;
import dev.sundae.operator.tenant.CredentialsSecret;
import dev.sundae.operator.tenant.DatabaseLogin;
import dev.sundae.operator.tenant.TenantIdentities;
import dev.sundae.operator.tenant.TenantSpecs;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TrustedCas;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The one-shot provisioning job of docker-compose, where there is no Kubernetes and so no operator.
 * Its input is the Tenant resources themselves (the files of a directory, {@code examples/} in the
 * repository's compose file), so compose serves the same tenants as {@code kubectl apply} would,
 * from the same definition. For each Tenant it makes what the operator's Tenant dependents make,
 * through the same backend classes, names ({@link TenantNames}) and spec defaults ({@link
 * TenantSpecs}): the versioned bucket with its lifecycle and object-created notification, the
 * object-store user whose policy opens that bucket only, the queue and its dead-letter queue, the
 * schema and its owner role. Then it writes the services' tenants file the way the operator renders
 * it ({@link CredentialsSecret#values}, {@link GatewayTenants}); the gateway, worker and chat of
 * compose read that file, so no tenant fact is written in the compose file.
 *
 * <p>Each tenant's secret (its object-store user's secret key and its database role's password) is
 * generated once and kept in that file, as the operator keeps it in the credentials Secret. Every
 * step is idempotent, so the job runs at every {@code docker compose up}. A Tenant the operator
 * would refuse for its issuer ({@link TenantIdentities}: another Tenant's issuer) is left out with
 * a message, and so is a cold tier (compose's MinIO has no remote tier).
 *
 * <p>Settings (environment): {@code SUNDAE_ENVIRONMENT}, {@code SUNDAE_TENANTS_DIR} (the Tenant
 * files, {@code *.yaml}; other kinds in them are skipped), {@code SUNDAE_TENANTS_FILE} (the file to
 * write), {@code SUNDAE_IDENTITY_ORIGIN} (optional: the scheme, host and port that replace those of
 * every issuer, as the Tenants name an issuer on the developer's machine), {@code SUNDAE_MODEL_URI}
 * (optional: the model every tenant gets instead of its {@code modelUri}, as compose has no model
 * store), {@code SUNDAE_MINIO_ENDPOINT}, {@code SUNDAE_MINIO_ACCESS_KEY}, {@code
 * SUNDAE_MINIO_SECRET_KEY}, {@code SUNDAE_NOTIFICATION_TARGET} (a MinIO target ARN, optional),
 * {@code SUNDAE_SQS_ENDPOINT}, {@code SUNDAE_ENCRYPTION_KEYS} (optional: the Environment's {@code
 * encryptionKeys}, Store or PerTenant, which needs KES as MinIO's KMS), {@code
 * SUNDAE_DATABASE_URL}, {@code SUNDAE_DATABASE_USER}, {@code SUNDAE_DATABASE_PASSWORD}, and {@code
 * SUNDAE_TENANTS_FILE_GID} (optional: the group that may read the file, the services' own).
 */
public final class ProvisionTenants {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProvisionTenants() {}

  public static void main(String[] args) {
    try {
      TrustedCas.install(System.getenv());
      provision(System.getenv(), System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("ProvisionTenants: " + e.getMessage());
      System.exit(2);
    }
  }

  /**
   * Provisions every Tenant of {@code SUNDAE_TENANTS_DIR}, printing one line per Tenant to {@code
   * out}, and writes {@code SUNDAE_TENANTS_FILE}.
   */
  static void provision(Map<String, String> env, PrintStream out) {
    Environment environment = environment(env);
    String environmentName = environment.getMetadata().getName();
    Optional<String> identityOrigin =
        Optional.ofNullable(env.get("SUNDAE_IDENTITY_ORIGIN")).filter(o -> !o.isBlank());
    Optional<String> modelUri =
        Optional.ofNullable(env.get("SUNDAE_MODEL_URI")).filter(o -> !o.isBlank());
    List<Tenant> tenants = readTenants(Path.of(required(env, "SUNDAE_TENANTS_DIR")));
    for (Tenant tenant : tenants) {
      identityOrigin.ifPresent(origin -> moveIssuer(tenant, origin));
      if (tenant.getSpec().getInference() != null) {
        modelUri.ifPresent(uri -> tenant.getSpec().getInference().setModelUri(uri));
      }
    }
    Path file = Path.of(required(env, "SUNDAE_TENANTS_FILE"));
    Map<String, String> secrets = keptSecrets(file);

    ObjectStore store =
        MinioObjectStore.connect(
            environment.getSpec().getObjectStore().getEndpoint(),
            MinioObjectStore.DEFAULT_REGION,
            required(env, "SUNDAE_MINIO_ACCESS_KEY"),
            required(env, "SUNDAE_MINIO_SECRET_KEY"),
            environment.getSpec().getObjectStore().getEncryptionKeys());
    // ElasticMQ checks no credentials; the SDK insists on some
    QueueService queues =
        SqsQueueService.connect(
            Optional.of(URI.create(environment.getSpec().getQueue().getEndpoint())),
            Region.US_EAST_1,
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    // as the operator reads an Environment's: a URL that verifies the server trusts the JVM's CAs
    String jdbcUrl = TrustedCas.jdbcUrlTrustingTheJvm(required(env, "SUNDAE_DATABASE_URL"));
    TenantDatabase database =
        PostgresTenantDatabase.connect(
            jdbcUrl,
            required(env, "SUNDAE_DATABASE_USER"),
            required(env, "SUNDAE_DATABASE_PASSWORD"));
    Optional<String> notificationTarget =
        Optional.ofNullable(env.get("SUNDAE_NOTIFICATION_TARGET")).filter(t -> !t.isBlank());

    List<TenantConfig> rendered = new ArrayList<>();
    for (Tenant tenant : tenants) {
      TenantNames names = new TenantNames(environmentName, tenant.getMetadata().getName());
      Optional<TenantIdentities.Refusal> refusal =
          TenantIdentities.refusal(tenant, environment, tenants);
      if (refusal.isPresent()) {
        out.printf(
            "tenant %s/%s: left out (%s): %s%n",
            environmentName, names.tenant(), refusal.get().reason(), refusal.get().message());
        continue;
      }
      String secret = secrets.computeIfAbsent(names.tenant(), name -> SecretKeys.generate());
      StorageSpec storage = TenantSpecs.storage(tenant);
      store.ensureBucket(
          new BucketSpec(
              names.bucket(),
              storage.getRetentionDays(),
              storage.getNoncurrentVersionDays(),
              Optional.empty(),
              Optional.empty(),
              notificationTarget));
      BucketCredentials keys = new BucketCredentials(names.objectStoreUser(), secret);
      store.ensureBucketUser(names.objectStoreUser(), names.bucket(), Optional.of(keys));
      QueueSpec queue = TenantSpecs.queue(tenant);
      QueueUrls urls =
          queues.ensureQueues(
              names.queue(), queue.getVisibilityTimeoutSeconds(), queue.getMaxReceiveCount());
      database.ensureTenant(names.databaseSchema(), names.databaseRole(), secret);
      DatabaseLogin login =
          new DatabaseLogin(jdbcUrl, names.databaseSchema(), names.databaseRole(), secret);
      rendered.add(
          GatewayTenants.config(
              names,
              tenant,
              CredentialsSecret.values(environment.getSpec(), names.bucket(), keys, urls, login)));
      out.printf(
          "tenant %s/%s: issuer %s, bucket %s (user %s), queue %s, schema %s%s%n",
          environmentName,
          names.tenant(),
          tenant.getSpec().getIdentity().getIssuer(),
          names.bucket(),
          names.objectStoreUser(),
          urls.queue(),
          names.databaseSchema(),
          storage.getColdTierDays() == null ? "" : "; no cold tier (compose's MinIO has none)");
    }
    // the services' group may read it (root's alone when none is named)
    String gid = env.get("SUNDAE_TENANTS_FILE_GID");
    boolean shared = gid != null && !gid.isBlank();
    write(
        file,
        GatewayTenants.render(null, rendered),
        shared ? "rw-r-----" : "rw-------",
        shared ? OptionalInt.of(Integer.parseInt(gid.trim())) : OptionalInt.empty());
    out.printf("%d tenants written to %s%n", rendered.size(), file);
  }

  /** The Environment compose stands for: its name and where its backends are. */
  private static Environment environment(Map<String, String> env) {
    ObjectStoreSpec store = new ObjectStoreSpec();
    store.setEndpoint(required(env, "SUNDAE_MINIO_ENDPOINT"));
    store.setRegion(MinioObjectStore.DEFAULT_REGION);
    store.setEncryptionKeys(encryptionKeys(env.get("SUNDAE_ENCRYPTION_KEYS")));
    QueueServiceSpec queue = new QueueServiceSpec();
    queue.setEndpoint(required(env, "SUNDAE_SQS_ENDPOINT"));
    queue.setRegion(Region.US_EAST_1.id());
    EnvironmentSpec spec = new EnvironmentSpec();
    spec.setObjectStore(store);
    spec.setQueue(queue);
    Environment environment = new Environment();
    environment.setMetadata(
        new ObjectMetaBuilder().withName(required(env, "SUNDAE_ENVIRONMENT")).build());
    environment.setSpec(spec);
    return environment;
  }

  /** The Environment field's value as written in YAML (Store, PerTenant); Store when unset. */
  static EncryptionKeys encryptionKeys(String value) {
    if (value == null || value.isBlank()) {
      return EncryptionKeys.STORE;
    }
    try {
      // the names of the Environment's YAML, as the API server takes them
      return Serialization.jsonMapper().convertValue(value, EncryptionKeys.class);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "SUNDAE_ENCRYPTION_KEYS is " + value + ": Store or PerTenant (an Environment's values)",
          e);
    }
  }

  /** The Tenant documents of the directory's YAML files, by file name and order in the file. */
  static List<Tenant> readTenants(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException(directory + " is not a directory of Tenant files");
    }
    List<Tenant> tenants = new ArrayList<>();
    YAMLMapper yaml = new YAMLMapper();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path path : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        try (MappingIterator<JsonNode> documents =
            yaml.readerFor(JsonNode.class).readValues(path.toFile())) {
          while (documents.hasNext()) {
            JsonNode document = documents.next();
            if ("Tenant".equals(document.path("kind").asText())
                && document.path("apiVersion").asText().startsWith("sundae.dev/")) {
              tenants.add(tenant(path, document));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Tenants of " + directory, e);
    }
    if (tenants.isEmpty()) {
      throw new IllegalArgumentException(directory + " holds no Tenant (kind: Tenant)");
    }
    return tenants;
  }

  private static Tenant tenant(Path path, JsonNode document) {
    Tenant tenant;
    try {
      tenant = Serialization.jsonMapper().treeToValue(document, Tenant.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(path + ": not a valid Tenant: " + e.getMessage(), e);
    }
    if (tenant.getSpec() == null
        || tenant.getSpec().getIdentity() == null
        || tenant.getSpec().getIdentity().getIssuer() == null) {
      throw new IllegalArgumentException(path + ": Tenant without spec.identity.issuer");
    }
    // TenantNames refuses a name the platform cannot use
    new TenantNames("check", tenant.getMetadata().getName());
    return tenant;
  }

  private static void moveIssuer(Tenant tenant, String origin) {
    URI issuer = URI.create(tenant.getSpec().getIdentity().getIssuer());
    tenant.getSpec().getIdentity().setIssuer(origin.replaceAll("/+$", "") + issuer.getRawPath());
  }

  /** Each tenant's secret in the file of an earlier run, by tenant name. */
  private static Map<String, String> keptSecrets(Path file) {
    Map<String, String> secrets = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return secrets;
    }
    try {
      for (JsonNode tenant : JSON.readTree(file.toFile()).path("sundae").path("tenants")) {
        String secret = tenant.path("storage").path("secretKey").asText("");
        if (!secret.isEmpty()) {
          secrets.put(tenant.path("name").asText(), secret);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the tenants file " + file, e);
    }
    return secrets;
  }

  // written beside and moved into place, so a service never reads half a file; readable by its
  // owner and, when given, the services' group only
}
