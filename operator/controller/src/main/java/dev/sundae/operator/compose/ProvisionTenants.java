package dev.sundae.operator.compose;

import dev.sundae.operator.api.QueueSpec;
import dev.sundae.operator.api.StorageSpec;
import dev.sundae.operator.api.TenantNames;
import dev.sundae.operator.database.PostgresTenantDatabase;
import dev.sundae.operator.database.TenantDatabase;
import dev.sundae.operator.queue.QueueService;
import dev.sundae.operator.queue.QueueUrls;
import dev.sundae.operator.queue.SqsQueueService;
import dev.sundae.operator.storage.BucketCredentials;
import dev.sundae.operator.storage.BucketSpec;
import dev.sundae.operator.storage.MinioObjectStore;
import dev.sundae.operator.storage.ObjectStore;
import java.io.PrintStream;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The one-shot provisioning job of docker-compose, where there is no Kubernetes and so no operator:
 * for each tenant it makes what the operator's Tenant dependents make, through the same backend
 * classes and with the same names ({@link TenantNames}) and defaults: the versioned bucket with its
 * lifecycle and object-created notification, the object-store user whose policy opens that bucket
 * only, the queue and its dead-letter queue, the schema and its owner role. Every step is
 * idempotent, so the job can run at every {@code docker compose up}.
 *
 * <p>Settings (environment): {@code SUNDAE_ENVIRONMENT}, {@code SUNDAE_TENANTS} (comma-separated),
 * {@code SUNDAE_MINIO_ENDPOINT}, {@code SUNDAE_MINIO_ACCESS_KEY}, {@code SUNDAE_MINIO_SECRET_KEY},
 * {@code SUNDAE_NOTIFICATION_TARGET} (a MinIO target ARN, optional), {@code SUNDAE_SQS_ENDPOINT},
 * {@code SUNDAE_DATABASE_URL}, {@code SUNDAE_DATABASE_USER}, {@code SUNDAE_DATABASE_PASSWORD}, and
 * per tenant {@code SUNDAE_TENANT_<NAME>_SECRET}: the secret key of its object-store user (whose
 * access key is the user's name) and the password of its database role.
 */
public final class ProvisionTenants {

  private ProvisionTenants() {}

  public static void main(String[] args) {
    try {
      provision(System.getenv(), System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("ProvisionTenants: " + e.getMessage());
      System.exit(2);
    }
  }

  /** Provisions every tenant of {@code env}, printing one line per tenant to {@code out}. */
  static void provision(Map<String, String> env, PrintStream out) {
    String environment = required(env, "SUNDAE_ENVIRONMENT");
    ObjectStore store =
        MinioObjectStore.connect(
            required(env, "SUNDAE_MINIO_ENDPOINT"),
            MinioObjectStore.DEFAULT_REGION,
            required(env, "SUNDAE_MINIO_ACCESS_KEY"),
            required(env, "SUNDAE_MINIO_SECRET_KEY"));
    // ElasticMQ checks no credentials; the SDK insists on some
    QueueService queues =
        SqsQueueService.connect(
            Optional.of(URI.create(required(env, "SUNDAE_SQS_ENDPOINT"))),
            Region.US_EAST_1,
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    TenantDatabase database =
        PostgresTenantDatabase.connect(
            required(env, "SUNDAE_DATABASE_URL"),
            required(env, "SUNDAE_DATABASE_USER"),
            required(env, "SUNDAE_DATABASE_PASSWORD"));
    Optional<String> notificationTarget =
        Optional.ofNullable(env.get("SUNDAE_NOTIFICATION_TARGET")).filter(t -> !t.isBlank());

    for (String tenant : required(env, "SUNDAE_TENANTS").split(",")) {
      TenantNames names = new TenantNames(environment, tenant.trim());
      String secret =
          required(env, "SUNDAE_TENANT_" + names.tenant().toUpperCase(Locale.ROOT) + "_SECRET");
      store.ensureBucket(
          new BucketSpec(
              names.bucket(),
              StorageSpec.DEFAULT_RETENTION_DAYS,
              StorageSpec.DEFAULT_NONCURRENT_VERSION_DAYS,
              Optional.empty(),
              Optional.empty(),
              notificationTarget));
      store.ensureBucketUser(
          names.objectStoreUser(),
          names.bucket(),
          Optional.of(new BucketCredentials(names.objectStoreUser(), secret)));
      QueueUrls urls =
          queues.ensureQueues(
              names.queue(),
              QueueSpec.DEFAULT_VISIBILITY_TIMEOUT_SECONDS,
              QueueSpec.DEFAULT_MAX_RECEIVE_COUNT);
      database.ensureTenant(names.databaseSchema(), names.databaseRole(), secret);
      out.printf(
          "tenant %s/%s: bucket %s (user %s), queue %s, schema %s%n",
          environment,
          names.tenant(),
          names.bucket(),
          names.objectStoreUser(),
          urls.queue(),
          names.databaseSchema());
    }
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("set " + name + " (see docker-compose.yml)");
    }
    return value;
  }
}
