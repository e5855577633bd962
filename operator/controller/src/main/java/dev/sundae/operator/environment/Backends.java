package dev.sundae.operator.environment;

import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.api.ObjectStoreSpec;
import dev.sundae.operator.api.ObjectStoreSpec.EncryptionKeys;
import dev.sundae.operator.api.QueueServiceSpec;
import dev.sundae.operator.api.SecretRef;
import dev.sundae.operator.api.TlsSpec;
import dev.sundae.operator.database.PostgresTenantDatabase;
import dev.sundae.operator.queue.SqsQueueService;
import dev.sundae.operator.storage.MinioObjectStore;
import dev.sundae.operator.storage.ObjectStore;
import dev.sundae.operator.storage.S3ObjectStore;
import dev.sundae.operator.tls.CertificateAuthority;
import dev.sundae.operator.tls.ServerTls;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TrustedCas;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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

  /** The region of a backend whose Environment names none: the services' one default. */
  public static final String DEFAULT_REGION = TenantConfig.Storage.DEFAULT_REGION;

  private record Cached(List<Object> fingerprint, EnvironmentBackends backends) {}

  private final KubernetesClient client;
  private final Set<String> secretNamespaces;
  private final Optional<String> trustedCas;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /**
   * @param secretNamespaces the namespaces an Environment's Secrets may be in; empty: any
   * @param trustedCas the PEM certificates the operator trusts beyond the JDK's, and hands to the
   *     workloads ({@link dev.sundae.operator.OperatorSettings#trustedCas})
   */
  public Backends(
      KubernetesClient client, Set<String> secretNamespaces, Optional<String> trustedCas) {
    this.client = client;
    this.secretNamespaces = secretNamespaces;
    this.trustedCas = trustedCas;
  }

  /** PEM certificates of the CAs the operator trusts beyond the JDK's, for the workloads too. */
  public Optional<String> trustedCas() {
    return trustedCas;
  }

  /** The backends of {@code environment}; throws {@link BackendConfigurationException}. */
  public EnvironmentBackends of(Environment environment) {
    EnvironmentSpec spec = environment.getSpec();
    SecretValues objectStoreKeys = read(spec.getObjectStore().getAdminCredentialsSecret());
    Optional<SecretValues> queueKeys =
        Optional.ofNullable(spec.getQueue())
            .map(QueueServiceSpec::getCredentialsSecret)
            .map(this::read);
    SecretValues databaseKeys = read(spec.getDatabase().getCredentialsSecret());
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
    // the operator and the workloads both check the database's certificate against the JVM's
    // trust store, which holds the trusted CAs
    String jdbcUrl = TrustedCas.jdbcUrlTrustingTheJvm(spec.getDatabase().getJdbcUrl());
    EnvironmentBackends built =
        new EnvironmentBackends(
            objectStore(spec.getObjectStore(), objectStoreKeys),
            new SqsQueueService(sqs(spec.getQueue(), queueKeys)),
            PostgresTenantDatabase.connect(
                jdbcUrl, databaseKeys.require("username"), databaseKeys.require("password")),
            jdbcUrl,
            trustedCas);
    cache.put(name, new Cached(fingerprint, built));
    return built;
  }

  /**
   * The Environment's certificate authority: the Secret its {@code spec.tls.caSecret} names (from
   * an allowed namespace), else the one the operator makes in the Environment's namespace ({@link
   * ServerTls#CA_SECRET}). Read at each call: it changes rarely, and a CA replaced by hand must be
   * used at the next reconcile.
   */
  public CertificateAuthority certificateAuthority(Environment environment) {
    SecretRef named =
        Optional.ofNullable(environment.getSpec().getTls()).map(TlsSpec::getCaSecret).orElse(null);
    SecretRef ref =
        named != null
            ? named
            : new SecretRef(ServerTls.CA_SECRET, environment.getSpec().getNamespace());
    if (named != null) {
      checkAllowed(named);
    }
    Secret secret = client.secrets().inNamespace(ref.getNamespace()).withName(ref.getName()).get();
    if (secret == null) {
      throw new BackendConfigurationException(
          "Secret " + ref.getNamespace() + "/" + ref.getName() + " (the TLS CA) does not exist");
    }
    try {
      return ServerTls.authority(secret);
    } catch (IllegalArgumentException e) {
      throw new BackendConfigurationException(e.getMessage());
    }
  }

  /**
   * The keys of a Secret an Environment names, from an allowed namespace only: an Environment sends
   * these credentials to endpoints it names, so whoever may write Environments must not be able to
   * point the operator at any Secret of the cluster.
   */
  private SecretValues read(SecretRef ref) {
    checkAllowed(ref);
    return SecretValues.read(client, ref);
  }

  private void checkAllowed(SecretRef ref) {
    if (!secretNamespaces.isEmpty() && !secretNamespaces.contains(ref.getNamespace())) {
      throw new BackendConfigurationException(
          "Secret "
              + ref.getNamespace()
              + "/"
              + ref.getName()
              + " is outside the namespaces the operator reads credentials from "
              + new TreeSet<>(secretNamespaces)
              + " (Helm value secretNamespaces)");
    }
  }

  /** Forgets an Environment's backends, e.g. once it is deleted. */
  public void forget(String environmentName) {
    cache.remove(environmentName);
  }

  private static ObjectStore objectStore(ObjectStoreSpec spec, SecretValues keys) {
    String region = Objects.requireNonNullElse(spec.getRegion(), DEFAULT_REGION);
    return switch (spec.getProvider()) {
      case MINIO ->
          MinioObjectStore.connect(
              spec.getEndpoint(),
              region,
              keys.require("accessKey"),
              keys.require("secretKey"),
              Objects.requireNonNullElse(spec.getEncryptionKeys(), EncryptionKeys.STORE));
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
            .region(Region.of(Objects.requireNonNullElse(queue.getRegion(), DEFAULT_REGION)))
            .credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder());
    if (queue.getEndpoint() != null) {
      builder.endpointOverride(URI.create(queue.getEndpoint()));
    }
    return builder.build();
  }
}
