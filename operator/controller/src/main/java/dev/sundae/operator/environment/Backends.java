package dev.sundae.operator.environment;

import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.api.ObjectStoreSpec;
import dev.sundae.operator.api.QueueServiceSpec;
import dev.sundae.operator.database.PostgresTenantDatabase;
import dev.sundae.operator.queue.SqsQueueService;
import dev.sundae.operator.storage.MinioObjectStore;
import dev.sundae.operator.storage.ObjectStore;
import dev.sundae.operator.storage.S3ObjectStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The backends of every Environment, built once from its spec and Secrets and rebuilt when either
 * changes, so that hundreds of tenant reconciles share a few clients.
 */
public final class Backends {

  private record Cached(List<Object> fingerprint, EnvironmentBackends backends) {}

  private final KubernetesClient client;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public Backends(KubernetesClient client) {
    this.client = client;
  }

  /** The backends of {@code environment}; throws {@link BackendConfigurationException}. */
  public EnvironmentBackends of(Environment environment) {
    EnvironmentSpec spec = environment.getSpec();
    SecretValues objectStoreKeys =
        SecretValues.read(client, spec.getObjectStore().getAdminCredentialsSecret());
    Optional<SecretValues> queueKeys =
        Optional.ofNullable(spec.getQueue())
            .map(QueueServiceSpec::getCredentialsSecret)
            .map(ref -> SecretValues.read(client, ref));
    SecretValues databaseKeys =
        SecretValues.read(client, spec.getDatabase().getCredentialsSecret());
    List<Object> fingerprint =
        List.of(
            Objects.requireNonNullElse(environment.getMetadata().getGeneration(), 0L),
            objectStoreKeys.fingerprint(),
            queueKeys.map(SecretValues::fingerprint).orElse(0),
            databaseKeys.fingerprint());
    String name = environment.getMetadata().getName();
    Cached cached = cache.get(name);
    if (cached != null && cached.fingerprint().equals(fingerprint)) {
      return cached.backends();
    }
    EnvironmentBackends built =
        new EnvironmentBackends(
            objectStore(spec.getObjectStore(), objectStoreKeys),
            new SqsQueueService(sqs(spec.getQueue(), queueKeys)),
            PostgresTenantDatabase.connect(
                spec.getDatabase().getJdbcUrl(),
                databaseKeys.require("username"),
                databaseKeys.require("password")),
            spec.getDatabase().getJdbcUrl());
    cache.put(name, new Cached(fingerprint, built));
    return built;
  }

  /** Forgets an Environment's backends, e.g. once it is deleted. */
  public void forget(String environmentName) {
    cache.remove(environmentName);
  }

  private static ObjectStore objectStore(ObjectStoreSpec spec, SecretValues keys) {
    String region = Objects.requireNonNullElse(spec.getRegion(), "us-east-1");
    return switch (spec.getProvider()) {
      case MINIO ->
          MinioObjectStore.connect(
              spec.getEndpoint(), region, keys.require("accessKey"), keys.require("secretKey"));
      case S3 ->
          S3ObjectStore.connect(
              Optional.ofNullable(spec.getEndpoint()).map(URI::create),
              Region.of(region),
              StaticCredentialsProvider.create(
                  AwsBasicCredentials.create(
                      keys.require("accessKey"), keys.require("secretKey"))));
    };
  }

  private static SqsClient sqs(QueueServiceSpec spec, Optional<SecretValues> keys) {
    QueueServiceSpec queue = spec == null ? new QueueServiceSpec() : spec;
    AwsCredentialsProvider credentials =
        keys.<AwsCredentialsProvider>map(
                k ->
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(k.require("accessKey"), k.require("secretKey"))))
            .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    var builder =
        SqsClient.builder()
            .region(Region.of(Objects.requireNonNullElse(queue.getRegion(), "us-east-1")))
            .credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder());
    if (queue.getEndpoint() != null) {
      builder.endpointOverride(URI.create(queue.getEndpoint()));
    }
    return builder.build();
  }
}
