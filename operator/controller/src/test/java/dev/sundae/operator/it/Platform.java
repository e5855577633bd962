package dev.sundae.operator.it;

import static org.awaitility.Awaitility.await;

import dev.sundae.operator.OperatorSettings;
import dev.sundae.operator.SundaeOperator;
import dev.sundae.operator.api.Conditions;
import dev.sundae.operator.api.DatabaseSpec;
import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.api.Flavour;
import dev.sundae.operator.api.IdentitySpec;
import dev.sundae.operator.api.InferenceSpec;
import dev.sundae.operator.api.ObjectStoreSpec;
import dev.sundae.operator.api.QueueServiceSpec;
import dev.sundae.operator.api.SecretRef;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.api.TenantSpec;
import dev.sundae.operator.api.TenantStatus;
import dev.sundae.testing.kubernetes.KubeControlPlane;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.sqs.ElasticMqServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The operator running in the test JVM against a real API server, MinIO, ElasticMQ and PostgreSQL,
 * with helpers to create Environments and Tenants and wait for what they become.
 */
public final class Platform implements AutoCloseable {

  static final String SYSTEM_NAMESPACE = "sundae-system";

  final KubernetesClient client;
  final MinioServer minio;
  final ElasticMqServer sqs;
  final PostgresServer postgres;
  private final Duration resync;
  private Optional<String> trustedCas = Optional.empty();
  private SundaeOperator operator;

  private Platform(
      KubernetesClient client,
      MinioServer minio,
      ElasticMqServer sqs,
      PostgresServer postgres,
      Duration resync) {
    this.client = client;
    this.minio = minio;
    this.sqs = sqs;
    this.postgres = postgres;
    this.resync = resync;
  }

  /** Installs the CRDs and the backends' Secrets, then starts the operator in this JVM. */
  static Platform start(
      KubeControlPlane cluster,
      MinioServer minio,
      ElasticMqServer sqs,
      PostgresServer postgres,
      Duration resync) {
    return start(cluster, minio, sqs, postgres, resync, Optional.empty());
  }

  /** {@link #start}, the operator trusting {@code trustedCas} (PEM) as Helm's value would. */
  static Platform start(
      KubeControlPlane cluster,
      MinioServer minio,
      ElasticMqServer sqs,
      PostgresServer postgres,
      Duration resync,
      Optional<String> trustedCas) {
    Platform platform = prepare(cluster, minio, sqs, postgres, resync);
    platform.trustedCas = trustedCas;
    platform.startOperator();
    return platform;
  }

  /** Installs the CRDs and the backends' Secrets; the operator runs elsewhere. */
  public static Platform prepare(
      KubeControlPlane cluster,
      MinioServer minio,
      ElasticMqServer sqs,
      PostgresServer postgres,
      Duration resync) {
    Platform platform = new Platform(cluster.newClient(), minio, sqs, postgres, resync);
    platform.installCrds();
    platform.installBackendSecrets();
    return platform;
  }

  void startOperator() {
    startOperator(client);
  }

  /** Starts the operator with {@code operatorClient}'s identity, e.g. a ServiceAccount's. */
  void startOperator(KubernetesClient operatorClient) {
    operator =
        SundaeOperator.start(
            operatorClient, OperatorSettings.local(resync).withTrustedCas(trustedCas));
  }

  void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  int operatorHttpPort() {
    return operator.httpPort();
  }

  @Override
  public void close() {
    stopOperator();
    client.close();
  }

  private void installCrds() {
    try (Stream<Path> files = Files.list(Path.of("../../crds"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          client.load(in).serverSideApply();
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the generated CRDs in crds/", e);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Stream.of("environments.sundae.dev", "tenants.sundae.dev")
                    .allMatch(
                        name ->
                            client
                                .apiextensions()
                                .v1()
                                .customResourceDefinitions()
                                .withName(name)
                                .get()
                                .getStatus()
                                .getConditions()
                                .stream()
                                .anyMatch(
                                    c ->
                                        "Established".equals(c.getType())
                                            && "True".equals(c.getStatus()))));
  }

  private void installBackendSecrets() {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(SYSTEM_NAMESPACE)
                .endMetadata()
                .build())
        .serverSideApply();
    secret(
        "object-store-admin",
        Map.of("accessKey", minio.accessKey(), "secretKey", minio.secretKey()));
    secret("queue", Map.of("accessKey", "x", "secretKey", "x"));
    secret(
        "database-admin", Map.of("username", postgres.username(), "password", postgres.password()));
  }

  private void secret(String name, Map<String, String> values) {
    client
        .secrets()
        .inNamespace(SYSTEM_NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(SYSTEM_NAMESPACE)
                .endMetadata()
                .withStringData(values)
                .build())
        .serverSideApply();
  }

  /**
   * An Environment whose backends are this platform's servers; returns once its namespace exists,
   * which needs a running operator.
   */
  public Environment createEnvironment(String name, EnvironmentSpec.Runtime runtime) {
    return createEnvironment(name, runtime, spec -> {});
  }

  /** As {@link #createEnvironment(String, EnvironmentSpec.Runtime)}, then {@code customize}. */
  public Environment createEnvironment(
      String name, EnvironmentSpec.Runtime runtime, Consumer<EnvironmentSpec> customize) {
    EnvironmentSpec spec = new EnvironmentSpec();
    spec.setNamespace(name);
    spec.setRuntime(runtime);
    ObjectStoreSpec store = new ObjectStoreSpec();
    store.setProvider(ObjectStoreSpec.Provider.MINIO);
    store.setEndpoint(minio.endpoint());
    store.setAdminCredentialsSecret(new SecretRef("object-store-admin", SYSTEM_NAMESPACE));
    spec.setObjectStore(store);
    QueueServiceSpec queue = new QueueServiceSpec();
    queue.setEndpoint(sqs.endpoint());
    queue.setRegion(ElasticMqServer.REGION);
    queue.setCredentialsSecret(new SecretRef("queue", SYSTEM_NAMESPACE));
    spec.setQueue(queue);
    DatabaseSpec database = new DatabaseSpec();
    database.setJdbcUrl(postgres.jdbcUrl());
    database.setCredentialsSecret(new SecretRef("database-admin", SYSTEM_NAMESPACE));
    spec.setDatabase(database);
    customize.accept(spec);
    Environment environment = new Environment();
    environment.getMetadata().setName(name);
    environment.setSpec(spec);
    Environment created = client.resource(environment).create();
    // Tenants can be created once the operator has made the Environment's namespace
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.namespaces().withName(name).get() != null);
    return created;
  }

  /** A valid Tenant, changed by {@code customize} before it is created. */
  public Tenant createTenant(String namespace, String name, Consumer<TenantSpec> customize) {
    TenantSpec spec = new TenantSpec();
    spec.setDisplayName("Chain " + name);
    spec.setFlavours(List.of(flavour("strawberry"), flavour("pistachio"), flavour("chocolate")));
    InferenceSpec inference = new InferenceSpec();
    inference.setModelUri("file:///models/reference.pt");
    inference.setModelVersion("v1");
    spec.setInference(inference);
    IdentitySpec identity = new IdentitySpec();
    identity.setIssuer("http://127.0.0.1:8080/realms/" + name);
    identity.setAudience("sundae");
    spec.setIdentity(identity);
    customize.accept(spec);
    Tenant tenant = new Tenant();
    tenant.getMetadata().setName(name);
    tenant.getMetadata().setNamespace(namespace);
    tenant.setSpec(spec);
    return client.resource(tenant).create();
  }

  private static Flavour flavour(String name) {
    Flavour flavour = new Flavour();
    flavour.setName(name);
    return flavour;
  }

  /**
   * Changes a Tenant's spec the way kubectl patch does: a merge patch without a resourceVersion, so
   * it cannot conflict with the operator's own writes (finalizer, status) in between.
   */
  Tenant patchSpec(String namespace, String name, String specJson) {
    return client
        .resources(Tenant.class)
        .inNamespace(namespace)
        .withName(name)
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            "{\"spec\":" + specJson + "}");
  }

  Tenant tenant(String namespace, String name) {
    return client.resources(Tenant.class).inNamespace(namespace).withName(name).get();
  }

  Tenant awaitReady(String namespace, String name) {
    return awaitCondition(
        namespace, name, TenantStatus.READY, Conditions.TRUE, Duration.ofSeconds(90));
  }

  Tenant awaitCondition(
      String namespace, String name, String type, String status, Duration timeout) {
    return awaitTenant(
        namespace,
        name,
        timeout,
        t ->
            t.getStatus() != null
                && Conditions.find(t.getStatus().getConditions(), type)
                    .map(c -> status.equals(c.getStatus()))
                    .orElse(false));
  }

  Tenant awaitTenant(String namespace, String name, Duration timeout, Predicate<Tenant> done) {
    return await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> tenant(namespace, name), t -> t != null && done.test(t));
  }

  /** The decoded values of the tenant's credentials Secret. */
  Map<String, String> tenantCredentials(Tenant tenant) {
    Secret secret =
        client
            .secrets()
            .inNamespace(tenant.getStatus().getNamespace())
            .withName(tenant.getStatus().getCredentialsSecret())
            .get();
    Map<String, String> values = new HashMap<>();
    secret
        .getData()
        .forEach(
            (k, v) ->
                values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    return values;
  }
}
