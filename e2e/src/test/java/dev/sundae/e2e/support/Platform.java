package dev.sundae.e2e.support;

import dev.sundae.operator.api.Flavour;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.environment.GatewayTenants;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The platform under test, as whoever started it describes it in {@code e2e.properties}: {@code
 * hack/run-local.sh} (target {@code local}), {@code e2e/kind/run.sh} (target {@code kind}) or
 * {@code e2e/compose/run.sh} (target {@code compose}). The folder comes from {@code
 * -Dsundae.e2e.state}. Where Kubernetes runs the platform, everything else (buckets, queues, keys)
 * is read from the Tenants and their credentials Secrets through the Kubernetes API, as a platform
 * engineer would; docker compose has no Kubernetes API, so its runner writes the same facts into
 * {@code e2e.properties} ({@code tenant.<name>.bucket}, ...), copied from the services'
 * configuration.
 */
public final class Platform {

  /** The port the chat container listens on. */
  public static final int CHAT_PORT = 8080;

  private static Platform instance;

  private final Properties properties = new Properties();
  private final KubernetesClient kubernetes;
  private final SSLContext tls;
  private final TrustManager[] trustManagers;
  private final Gateway gateway;
  private final Map<String, Chat> chats = new ConcurrentHashMap<>();
  private final Keycloak keycloak;
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private final Map<String, TenantFacts> facts = new ConcurrentHashMap<>();

  private Platform(Path state) {
    Path file = state.resolve("e2e.properties");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          file
              + " is missing: start the platform (hack/run-local.sh, or e2e/kind/run.sh for"
              + " -Dsundae.e2e.target=kind, e2e/compose/run.sh up for -Dsundae.e2e.target=compose),"
              + " or point -Dsundae.e2e.state at its state folder");
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
      kubernetes =
          hasKubernetes()
              ? new KubernetesClientBuilder()
                  .withConfig(Config.fromKubeconfig(Files.readString(Path.of(value("kubeconfig")))))
                  .build()
              : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    tls = Tls.trusting(properties.getProperty("tls.ca"));
    trustManagers = Tls.trustManagers(properties.getProperty("tls.ca"));
    gateway = new Gateway(URI.create(value("gateway.url")), tls);
    keycloak = new Keycloak(tls);
  }

  /** The platform named by {@code -Dsundae.e2e.state} (shared by the test classes of a run). */
  public static synchronized Platform get() {
    if (instance == null) {
      String state = System.getProperty("sundae.e2e.state", ".run");
      instance = new Platform(Path.of(state));
    }
    return instance;
  }

  /**
   * The chat behind {@code namespace/service} (a cluster), reached through a port-forward to one of
   * its ready Pods, as {@code kubectl port-forward} does: the tenant's NetworkPolicy admits only
   * its own namespace and the Environment's, so a NodePort is refused (see README, kind).
   */
  private Chat portForwardedChat(String namespacedService) {
    String[] parts = namespacedService.split("/", 2);
    Service service = kubernetes.services().inNamespace(parts[0]).withName(parts[1]).get();
    if (service == null) {
      throw new IllegalStateException("no Service " + namespacedService);
    }
    Pod pod =
        readyPods(parts[0], service.getSpec().getSelector()).stream()
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("no ready Pod behind " + namespacedService));
    LocalPortForward forward = kubernetes.pods().resource(pod).portForward(CHAT_PORT);
    return chatThrough(parts[0], parts[1], forward.getLocalPort());
  }

  /**
   * The chat Pod a port-forward on {@code localPort} leads to, Service {@code service} in {@code
   * namespace} behind it. Where the platform serves TLS ({@code tls.ca}) it is called by the
   * Service's name, which the hosts file sends to loopback, so that the certificate is checked as a
   * client in the cluster checks it.
   */
  public Chat chatThrough(String namespace, String service, int localPort) {
    boolean https = properties.getProperty("tls.ca") != null;
    String host = https ? service + "." + namespace + ".svc" : "127.0.0.1";
    return new Chat(URI.create((https ? "https://" : "http://") + host + ":" + localPort), tls);
  }

  /** The Pods in {@code namespace} with {@code labels} that are Ready and not terminating. */
  public List<Pod> readyPods(String namespace, Map<String, String> labels) {
    return kubernetes.pods().inNamespace(namespace).withLabels(labels).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(
            p ->
                p.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
        .toList();
  }

  public String target() {
    return value("target");
  }

  /** Whether a Kubernetes API serves the platform's Tenants: not under docker compose. */
  public boolean hasKubernetes() {
    return !"compose".equals(target());
  }

  public String value(String key) {
    String value = properties.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("e2e.properties has no " + key);
    }
    return value;
  }

  public List<String> tenantNames() {
    return Arrays.asList(value("tenants").split(","));
  }

  public String environment() {
    return value("environment");
  }

  public Gateway gateway() {
    return gateway;
  }

  /** The platform's CA file where it serves TLS ({@code tls.ca}), for clients outside the JVM. */
  public Optional<Path> caFile() {
    String file = properties.getProperty("tls.ca");
    return file == null || file.isBlank() ? Optional.empty() : Optional.of(Path.of(file));
  }

  /** What the test's clients trust: the platform's CA where it serves TLS. */
  public SSLContext tls() {
    return tls;
  }

  /** The HTTP client of the test's AWS SDK clients, trusting what {@link #tls()} trusts. */
  public SdkHttpClient awsHttpClient() {
    return UrlConnectionHttpClient.builder().tlsTrustManagersProvider(() -> trustManagers).build();
  }

  /**
   * The chat serving {@code tenant}: {@code tenant.<name>.chat-url} where each tenant has its own
   * (the operator's per-tenant Deployments in a cluster), else the one {@code chat.url} (the local
   * platform runs one chat for every tenant).
   */
  public Chat chat(String tenant) {
    String service = properties.getProperty("tenant." + tenant + ".chat-service");
    if (service != null && !service.isBlank()) {
      return chats.computeIfAbsent(service, this::portForwardedChat);
    }
    String url = properties.getProperty("tenant." + tenant + ".chat-url");
    return chats.computeIfAbsent(
        url == null || url.isBlank() ? value("chat.url") : url, u -> new Chat(URI.create(u), tls));
  }

  /** A community member's access token: the password grant of the public client at the issuer. */
  public String memberToken(String tenant, String member) {
    return fresh(
        tenant + "/" + member,
        () ->
            keycloak.passwordToken(
                value("tenant." + tenant + ".issuer"),
                value("member.client-id"),
                member,
                value("member.password")));
  }

  /**
   * The sample analyst's access token (carla, through the public client "dashboard", with the
   * members' password): the one principal that reads a chain's sales. hack/local/keycloak-realms.sh
   * and the compose realms (hack/compose/keycloak/) provision her.
   */
  public String analystToken(String tenant) {
    return fresh(
        tenant + "/analyst",
        () ->
            keycloak.passwordToken(
                value("tenant." + tenant + ".issuer"),
                "dashboard",
                "carla",
                value("member.password")));
  }

  public KubernetesClient kubernetes() {
    if (kubernetes == null) {
      throw new IllegalStateException(
          "target " + target() + " has no Kubernetes API; use facts(tenant) for what it knows");
    }
    return kubernetes;
  }

  /** A register's access token for {@code tenant}: client credentials at the tenant's issuer. */
  public String token(String tenant) {
    return fresh(
        tenant,
        () ->
            keycloak.clientCredentialsToken(
                value("tenant." + tenant + ".issuer"),
                value("tenant." + tenant + ".client-id"),
                value("tenant." + tenant + ".client-secret")));
  }

  /**
   * The cached token of {@code key}, or a new one when it has less than a minute left: the realms'
   * tokens live 15 minutes, and the kind suite runs longer than that.
   */
  private String fresh(String key, java.util.function.Supplier<String> fetch) {
    return tokens.compute(
        key,
        (k, cached) ->
            cached != null && expiry(cached).isAfter(java.time.Instant.now().plusSeconds(60))
                ? cached
                : fetch.get());
  }

  /** The {@code exp} of a JWT, read without checking it: the gateway checks it. */
  static java.time.Instant expiry(String jwt) {
    String[] parts = jwt.split("\\.");
    try {
      long exp =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(Base64.getUrlDecoder().decode(parts[1]))
              .path("exp")
              .asLong(0);
      return java.time.Instant.ofEpochSecond(exp);
    } catch (IOException | ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
      return java.time.Instant.EPOCH; // not a JWT we can read: fetch a new one each time
    }
  }

  /** The Tenant resource (targets with Kubernetes only). */
  public Tenant tenant(String name) {
    Tenant tenant =
        kubernetes().resources(Tenant.class).inNamespace(environment()).withName(name).get();
    if (tenant == null) {
      throw new IllegalStateException("no Tenant " + environment() + "/" + name);
    }
    return tenant;
  }

  /** What the tests know of a tenant, on every target. */
  public TenantFacts facts(String tenantName) {
    return facts.computeIfAbsent(
        tenantName, name -> hasKubernetes() ? factsOfTenant(name) : factsOfProperties(name));
  }

  private TenantFacts factsOfTenant(String name) {
    Tenant tenant = tenant(name);
    Map<String, String> credentials = credentials(name);
    return new TenantFacts(
        name,
        tenant.getStatus().getBucket(),
        tenant.getStatus().getQueueUrl(),
        tenant.getStatus().getDeadLetterQueueUrl(),
        tenant.getSpec().getFlavours().stream().map(Flavour::getName).toList(),
        Optional.ofNullable(tenant.getSpec().getInference().getModelVersion()),
        GatewayTenants.holdout(tenant.getSpec().getHoldout()).percent(),
        credentials.get("SUNDAE_S3_REGION"),
        credentials.get("SUNDAE_S3_ACCESS_KEY"),
        credentials.get("SUNDAE_S3_SECRET_KEY"));
  }

  private TenantFacts factsOfProperties(String name) {
    String prefix = "tenant." + name + ".";
    return new TenantFacts(
        name,
        value(prefix + "bucket"),
        value(prefix + "queue-url"),
        value(prefix + "dead-letter-queue-url"),
        Arrays.asList(value(prefix + "flavours").split(",")),
        Optional.ofNullable(properties.getProperty(prefix + "model-version")),
        Integer.parseInt(properties.getProperty(prefix + "holdout-percent", "0")),
        value(prefix + "s3.region"),
        value(prefix + "s3.access-key"),
        value(prefix + "s3.secret-key"));
  }

  /** The values of a tenant's credentials Secret, decoded (targets with Kubernetes only). */
  public Map<String, String> credentials(String tenantName) {
    Tenant tenant = tenant(tenantName);
    Secret secret =
        kubernetes()
            .secrets()
            .inNamespace(tenant.getStatus().getNamespace())
            .withName(tenant.getStatus().getCredentialsSecret())
            .get();
    return secret.getData().entrySet().stream()
        .collect(
            java.util.stream.Collectors.toMap(
                Map.Entry::getKey,
                e -> new String(Base64.getDecoder().decode(e.getValue()), StandardCharsets.UTF_8)));
  }

  /** An S3 client with the tenant's own keys, the only ones the platform hands out. */
  public S3Client s3As(String tenantName) {
    TenantFacts tenant = facts(tenantName);
    return S3Client.builder()
        .endpointOverride(URI.create(value("s3.endpoint")))
        .region(Region.of(tenant.s3Region()))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(tenant.s3AccessKey(), tenant.s3SecretKey())))
        .httpClient(awsHttpClient())
        .build();
  }

  /** An SQS client; ElasticMQ checks no credentials, AWS would want the tenant's role. */
  public SqsClient sqs() {
    return SqsClient.builder()
        .endpointOverride(URI.create(value("sqs.endpoint")))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(awsHttpClient())
        .build();
  }
}
