package dev.sundae.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sundae.operator.api.AutoscalingSpec;
import dev.sundae.operator.api.Conditions;
import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.api.EnvironmentStatus;
import dev.sundae.operator.api.Flavour;
import dev.sundae.operator.api.OpeningHoursSpec;
import dev.sundae.operator.api.ScheduleSpec;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.api.TenantStatus;
import dev.sundae.operator.runtime.Pods;
import dev.sundae.operator.tls.CertificateAuthority;
import dev.sundae.operator.tls.ServerTls;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TrustedCas;
import dev.sundae.testing.Tools;
import dev.sundae.testing.junit.WithElasticMq;
import dev.sundae.testing.junit.WithKubernetes;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.kubernetes.KubeControlPlane;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.sqs.ElasticMqServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With runtime 'kubernetes' the operator also makes the workloads. This control plane has no nodes,
 * so pods never start: the Deployments must exist as specified and the Tenant must say honestly
 * that they are not available.
 */
@WithKubernetes
@WithMinio
@WithElasticMq
@WithPostgres
class KubernetesRuntimeIT {

  private static final String ENV = "cluster";

  /** The object store as clients outside the cluster reach it. */
  private static final String PUBLIC_ENDPOINT = "https://s3.cluster.example";

  /** The CA of the cluster's backends, as Helm's value {@code trustedCas} hands the operator. */
  private static final String BACKENDS_CA =
      CertificateAuthority.generate("backends CA", Instant.now()).certificatePem();

  private static Platform platform;

  @BeforeAll
  static void start(
      KubeControlPlane cluster, MinioServer minio, ElasticMqServer sqs, PostgresServer postgres) {
    platform =
        Platform.start(
            cluster, minio, sqs, postgres, Duration.ofSeconds(5), Optional.of(BACKENDS_CA));
    platform.createEnvironment(
        ENV,
        EnvironmentSpec.Runtime.KUBERNETES,
        spec -> spec.getObjectStore().setPublicEndpoint(PUBLIC_ENDPOINT));
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void createsWorkloadsAndReportsThemUnavailableWithoutNodes() {
    platform.createTenant(
        ENV,
        "scoops",
        spec -> {
          AutoscalingSpec autoscaling = new AutoscalingSpec();
          autoscaling.setMinReplicas(2);
          autoscaling.setMaxReplicas(5);
          autoscaling.setTargetCpuUtilizationPercent(60);
          autoscaling.setScaleDownStabilizationSeconds(45);
          spec.getInference().setAutoscaling(autoscaling);
        });

    Tenant tenant =
        platform.awaitCondition(
            ENV, "scoops", TenantStatus.INFERENCE_READY, Conditions.FALSE, Duration.ofSeconds(90));

    var inference =
        Conditions.find(tenant.getStatus().getConditions(), TenantStatus.INFERENCE_READY);
    assertThat(inference.orElseThrow().getReason()).isEqualTo("DeploymentNotAvailable");
    // the default quota (8 CPUs) against up to 5 workers and a chat at 2 CPUs of limits, with
    // a rolling update's extra Pods: a warning, which Ready does not wait for
    var quota =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    Conditions.find(
                        platform.tenant(ENV, "scoops").getStatus().getConditions(),
                        TenantStatus.QUOTA_SUFFICIENT),
                Optional::isPresent)
            .orElseThrow();
    assertThat(quota.getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(quota.getReason()).isEqualTo("QuotaTooSmall");
    assertThat(quota.getMessage())
        .contains("inference 5 (+2 while rolling), chat 1 (+1 while rolling)")
        .contains("limits.cpu 8 < 9 x 2");
    assertThat(Conditions.isTrue(tenant.getStatus().getConditions(), TenantStatus.STORAGE_READY))
        .isTrue();
    assertThat(tenant.getStatus().getEndpoints().getInference())
        .isEqualTo("http://sundae-inference.cluster-scoops.svc");

    Deployment deployment =
        platform
            .client
            .apps()
            .deployments()
            .inNamespace("cluster-scoops")
            .withName("sundae-inference")
            .get();
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(deployment.getMetadata().getManagedFields())
        .as("the operator leaves the replica count to the autoscaler")
        .filteredOn(f -> "tenant".equals(f.getManager()))
        .isNotEmpty()
        .allSatisfy(
            f ->
                assertThat(f.getFieldsV1().getAdditionalProperties().toString())
                    .doesNotContain("f:replicas"));
    // the surge the quota check counts (+2 on 5 above) is the one the Deployment rolls with
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal())
        .isEqualTo("25%");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    var container = pod.getContainers().get(0);
    assertThat(container.getEnvFrom().get(0).getSecretRef().getName())
        .isEqualTo("sundae-tenant-credentials");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getEnv())
        .anySatisfy(e -> assertThat(e.getName()).isEqualTo("SUNDAE_MODEL_URI"));
    assertThat(container.getEnv())
        .as("the workload trusts what the operator trusts")
        .contains(new EnvVar(TrustedCas.VARIABLE, BACKENDS_CA, null));
    assertThat(variablesOf(container))
        .as("the workload's variables and its Secret give every tenant setting a service needs")
        .containsKeys(requiredByServices().toArray(String[]::new))
        .containsEntry(
            "SUNDAE_FLAVOURS",
            tenant.getSpec().getFlavours().stream()
                .map(Flavour::getName)
                .collect(Collectors.joining(",")))
        .containsEntry("SUNDAE_DB_SCHEMA", "tenant_cluster_scoops")
        .as("DJL unpacks its native libraries where the read-only root file system allows")
        .containsEntry("DJL_CACHE_DIR", "/tmp/djl")
        .as("the worker signs no URL")
        .doesNotContainKey("SUNDAE_UPLOADS_PUBLICENDPOINT");
    var hpa =
        platform
            .client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace("cluster-scoops")
            .withName("sundae-inference")
            .get();
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(5);
    assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization())
        .isEqualTo(60);
    assertThat(hpa.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds())
        .isEqualTo(45);
    var chat =
        platform
            .client
            .apps()
            .deployments()
            .inNamespace("cluster-scoops")
            .withName("sundae-chat")
            .get()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(chat.getPorts())
        .as("the API's port, and actuator's on a port of its own")
        .extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("https:8080", "management:" + Pods.MANAGEMENT_PORT);
    assertThat(variablesOf(chat))
        .containsEntry("MANAGEMENT_SERVER_PORT", Integer.toString(Pods.MANAGEMENT_PORT))
        .as("the clips' signed URLs name the store as the members' apps reach it")
        .containsEntry("SUNDAE_UPLOADS_PUBLICENDPOINT", PUBLIC_ENDPOINT);
    for (var probe :
        List.of(chat.getReadinessProbe(), chat.getLivenessProbe(), chat.getStartupProbe())) {
      assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
    }
    assertThat(
            platform
                .client
                .services()
                .inNamespace("cluster-scoops")
                .withName("sundae-chat")
                .get()
                .getSpec()
                .getPorts())
        .as("the chat's Service exposes the API, not the metrics")
        .extracting(p -> p.getTargetPort().getStrVal() + "/" + p.getTargetPort().getIntVal())
        .noneMatch(target -> target.contains("management") || target.contains("8081"));
    // kube-controller-manager turns the Deployment into a ReplicaSet and pods that never run
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !platform.client.pods().inNamespace("cluster-scoops").list().getItems().isEmpty());
  }

  @Test
  void runsTheSharedGatewayWithEveryProvisionedTenant() throws Exception {
    Tenant cones = platform.createTenant(ENV, "cones", spec -> {});
    platform.createTenant(ENV, "sorbet", spec -> {});

    Map<String, TenantConfig> tenants =
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                KubernetesRuntimeIT::gatewayTenants,
                t -> t.containsKey("cones") && t.containsKey("sorbet"));

    // the gateway's file may list the tenant before its status names the Secret: wait for it
    Map<String, String> credentials =
        platform.tenantCredentials(
            platform.awaitTenant(
                ENV,
                "cones",
                Duration.ofSeconds(60),
                t -> t.getStatus() != null && t.getStatus().getCredentialsSecret() != null));
    TenantConfig config = tenants.get("cones");
    assertThat(config.environment()).isEqualTo(ENV);
    assertThat(config.issuer()).isEqualTo(cones.getSpec().getIdentity().getIssuer());
    assertThat(config.flavours())
        .containsExactlyElementsOf(
            cones.getSpec().getFlavours().stream().map(Flavour::getName).toList());
    assertThat(config.storage().bucket()).isEqualTo(credentials.get("SUNDAE_S3_BUCKET"));
    assertThat(config.storage().secretKey()).isEqualTo(credentials.get("SUNDAE_S3_SECRET_KEY"));
    assertThat(config.queue().url()).isEqualTo(credentials.get("SUNDAE_SQS_QUEUE_URL"));
    assertThat(config.database().schema()).isEqualTo("tenant_cluster_cones");
    assertThat(config.database().password()).isEqualTo(credentials.get("SUNDAE_DB_PASSWORD"));
    assertThat(tenants.get("sorbet").storage().bucket())
        .as("each tenant with its own keys")
        .isNotEqualTo(config.storage().bucket());

    Deployment gateway =
        platform.client.apps().deployments().inNamespace(ENV).withName("sundae-gateway").get();
    var pod = gateway.getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .anySatisfy(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("sundae-gateway"));
    assertThat(pod.getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem())
        .isTrue();
    assertThat(pod.getContainers().get(0).getEnv())
        .as("the gateway trusts what the operator trusts")
        .contains(new EnvVar(TrustedCas.VARIABLE, BACKENDS_CA, null));
    assertThat(gateway.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
        .isZero();
    assertThat(platform.client.services().inNamespace(ENV).withName("sundae-gateway").get())
        .isNotNull();
    EnvironmentStatus status =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> platform.client.resources(Environment.class).withName(ENV).get().getStatus(),
                s -> "https://sundae-gateway.cluster.svc".equals(s.getEndpoint()));
    // no nodes, so no pods: the Environment says so rather than Ready
    assertThat(Conditions.find(status.getConditions(), EnvironmentStatus.GATEWAY_READY))
        .hasValueSatisfying(
            gatewayReady -> {
              assertThat(gatewayReady.getStatus()).isEqualTo(Conditions.FALSE);
              assertThat(gatewayReady.getReason()).isEqualTo("DeploymentNotAvailable");
            });
    assertThat(Conditions.isTrue(status.getConditions(), EnvironmentStatus.READY)).isFalse();

    String hash = tenantsHash();
    platform.client.resources(Tenant.class).inNamespace(ENV).withName("sorbet").delete();

    await()
        .atMost(Duration.ofSeconds(90))
        .until(KubernetesRuntimeIT::gatewayTenants, t -> !t.containsKey("sorbet"));
    assertThat(gatewayTenants()).containsKey("cones");
    await()
        .atMost(Duration.ofSeconds(30))
        .alias("a tenant gone rolls the gateway's pods")
        .until(() -> !hash.equals(tenantsHash()));
  }

  @Test
  void servesHttpsWithCertificatesOfTheEnvironmentsCaAndIssuesThemAgainWhenDeleted() {
    platform.createTenant(ENV, "cornet", spec -> {});
    CertificateAuthority ca = awaitCa();
    List<String> gatewayNames = ServerTls.serviceNames("sundae-gateway", ENV);
    List<String> chatNames = ServerTls.serviceNames("sundae-chat", "cluster-cornet");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> served(ca, ENV, "sundae-gateway-tls", gatewayNames));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> served(ca, "cluster-cornet", "sundae-chat-tls", chatNames));

    Deployment gateway =
        platform.client.apps().deployments().inNamespace(ENV).withName("sundae-gateway").get();
    var container = gateway.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("SERVER_SSL_BUNDLE");
              assertThat(e.getValue()).isNotBlank();
            });
    assertThat(gateway.getSpec().getTemplate().getSpec().getVolumes())
        .anySatisfy(
            v ->
                assertThat(v.getSecret())
                    .isNotNull()
                    .extracting(s -> s.getSecretName())
                    .isEqualTo("sundae-gateway-tls"));
    assertThat(
            platform
                .client
                .services()
                .inNamespace(ENV)
                .withName("sundae-gateway")
                .get()
                .getSpec()
                .getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort() + "->" + p.getTargetPort().getStrVal())
        .containsExactly("https:443->https");
    assertThat(
            platform
                .client
                .services()
                .inNamespace("cluster-cornet")
                .withName("sundae-chat")
                .get()
                .getSpec()
                .getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort() + "->" + p.getTargetPort().getStrVal())
        .containsExactly("https:443->https");

    // a server certificate deleted by hand: issued again, and the pods roll onto it
    String before = annotation(ENV, "sundae-gateway", "sundae.dev/tls-hash");
    String oldCertificate = secretValue(ENV, "sundae-gateway-tls", ServerTls.CERTIFICATE);
    platform.client.secrets().inNamespace(ENV).withName("sundae-gateway-tls").delete();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                served(ca, ENV, "sundae-gateway-tls", gatewayNames)
                    && !oldCertificate.equals(
                        secretValue(ENV, "sundae-gateway-tls", ServerTls.CERTIFICATE))
                    && !before.equals(annotation(ENV, "sundae-gateway", "sundae.dev/tls-hash")));

    // the CA deleted by hand: a new one, and every server certificate issued by it
    platform.client.secrets().inNamespace(ENV).withName(ServerTls.CA_SECRET).delete();
    CertificateAuthority replaced =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                KubernetesRuntimeIT::awaitCa,
                next -> !next.certificatePem().equals(ca.certificatePem()));
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                served(replaced, ENV, "sundae-gateway-tls", gatewayNames)
                    && served(replaced, "cluster-cornet", "sundae-chat-tls", chatNames));
  }

  private static CertificateAuthority awaitCa() {
    Secret secret =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    platform.client.secrets().inNamespace(ENV).withName(ServerTls.CA_SECRET).get(),
                s -> s != null);
    return ServerTls.authority(secret);
  }

  /** Whether Secret namespace/name holds a certificate of {@code ca} for {@code names}. */
  private static boolean served(
      CertificateAuthority ca, String namespace, String name, List<String> names) {
    String certificate = secretValue(namespace, name, ServerTls.CERTIFICATE);
    return certificate != null
        && secretValue(namespace, name, ServerTls.PRIVATE_KEY) != null
        && ca.stillServes(certificate, names, java.time.Instant.now());
  }

  private static String secretValue(String namespace, String name, String key) {
    Secret secret = platform.client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null || secret.getData() == null || secret.getData().get(key) == null) {
      return null;
    }
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  private static String annotation(String namespace, String deployment, String key) {
    Deployment found =
        platform.client.apps().deployments().inNamespace(namespace).withName(deployment).get();
    return found == null
        ? null
        : found.getSpec().getTemplate().getMetadata().getAnnotations().get(key);
  }

  /** The tenants of the gateway's configuration, read as the gateway binds them (TenantConfig). */
  private static Map<String, TenantConfig> gatewayTenants() throws IOException {
    Secret secret = platform.client.secrets().inNamespace(ENV).withName("sundae-gateway").get();
    if (secret == null) {
      return Map.of();
    }
    byte[] yaml = Base64.getDecoder().decode(secret.getData().get("tenants.yaml"));
    JsonNode tenants = new YAMLMapper().readTree(yaml).path("sundae").path("tenants");
    Map<String, TenantConfig> byName = new HashMap<>();
    for (JsonNode tenant : tenants) {
      TenantConfig config = new YAMLMapper().treeToValue(tenant, TenantConfig.class);
      byName.put(config.name(), config);
    }
    return byName;
  }

  private static String tenantsHash() {
    return platform
        .client
        .apps()
        .deployments()
        .inNamespace(ENV)
        .withName("sundae-gateway")
        .get()
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get("sundae.dev/tenants-hash");
  }

  /**
   * Queue scaling asked on a cluster without KEDA falls back to the CPU autoscaler (at least one
   * replica) and says so; once KEDA's CRDs are installed (those of the module the kind cluster
   * runs) the operator switches, at its next look, to a ScaledObject on the tenant's queue with the
   * opening hours, and back to the CPU autoscaler when the Tenant stops asking.
   */
  @Test
  void scalesOnTheQueueWhereKedaIsInstalledAndOnCpuWhereItIsNot() throws Exception {
    platform.createTenant(
        ENV,
        "waffles",
        spec -> {
          AutoscalingSpec autoscaling = new AutoscalingSpec();
          autoscaling.setMinReplicas(0);
          autoscaling.setMaxReplicas(4);
          autoscaling.setMessagesPerReplica(3);
          ScheduleSpec schedule = new ScheduleSpec();
          schedule.setTimeZone("Europe/Rome");
          OpeningHoursSpec hours = new OpeningHoursSpec();
          hours.setDays(List.of(OpeningHoursSpec.Day.Mon, OpeningHoursSpec.Day.Tue));
          hours.setOpens("10:00");
          hours.setCloses("22:00");
          schedule.setOpeningHours(List.of(hours));
          autoscaling.setSchedule(schedule);
          spec.getInference().setAutoscaling(autoscaling);
        });
    String namespace = "cluster-waffles";

    Tenant without =
        platform.awaitCondition(
            ENV, "waffles", "QueueScaling", Conditions.FALSE, Duration.ofSeconds(90));
    assertThat(
            Conditions.find(without.getStatus().getConditions(), "QueueScaling")
                .orElseThrow()
                .getReason())
        .isEqualTo("KedaNotInstalled");
    var cpu =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> hpa(namespace), java.util.Objects::nonNull);
    assertThat(cpu.getSpec().getMinReplicas()).as("an HPA's floor").isEqualTo(1);
    assertThat(cpu.getSpec().getMaxReplicas()).isEqualTo(4);

    Path crds = Path.of(Tools.get().value("keda.manifests"), "config", "crd", "bases");
    List<String> kinds =
        List.of("keda.sh_scaledobjects.yaml", "keda.sh_triggerauthentications.yaml");
    for (String file : kinds) {
      try (var in = Files.newInputStream(crds.resolve(file))) {
        platform.client.load(in).serverSideApply();
      }
    }
    try {
      // the operator asks discovery at most once a minute
      GenericKubernetesResource scaled =
          await()
              .atMost(Duration.ofSeconds(150))
              .pollInterval(Duration.ofSeconds(1))
              .until(() -> scaledObject(namespace), java.util.Objects::nonNull);
      Tenant with =
          platform.awaitCondition(
              ENV, "waffles", "QueueScaling", Conditions.TRUE, Duration.ofSeconds(30));
      assertThat(hpa(namespace)).as("the CPU autoscaler, replaced").isNull();
      @SuppressWarnings("unchecked")
      Map<String, Object> spec = (Map<String, Object>) scaled.getAdditionalProperties().get("spec");
      assertThat(spec).containsEntry("minReplicaCount", 0).containsEntry("maxReplicaCount", 4);
      assertThat(spec.get("triggers").toString())
          .contains("type=aws-sqs-queue")
          .contains("queueURL=" + with.getStatus().getQueueUrl())
          .contains("scaleOnInFlight=true")
          .contains("timezone=Europe/Rome")
          .contains("start=45 9 * * 1,2");
      assertThat(
              platform
                  .client
                  .genericKubernetesResources("keda.sh/v1alpha1", "TriggerAuthentication")
                  .inNamespace(namespace)
                  .withName("sundae-inference-queue")
                  .get())
          .isNotNull();
      // deleted by hand: put back
      platform
          .client
          .genericKubernetesResources("keda.sh/v1alpha1", "ScaledObject")
          .inNamespace(namespace)
          .withName("sundae-inference")
          .delete();
      await().atMost(Duration.ofSeconds(60)).until(() -> scaledObject(namespace) != null);

      platform.patchSpec(
          ENV,
          "waffles",
          "{\"inference\":{\"autoscaling\":{\"minReplicas\":1,\"messagesPerReplica\":null,"
              + "\"schedule\":null}}}");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> scaledObject(namespace) == null && hpa(namespace) != null);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  Conditions.find(
                          platform.tenant(ENV, "waffles").getStatus().getConditions(),
                          "QueueScaling")
                      .isEmpty());
    } finally {
      for (String kind : List.of("scaledobjects.keda.sh", "triggerauthentications.keda.sh")) {
        platform.client.apiextensions().v1().customResourceDefinitions().withName(kind).delete();
      }
    }
  }

  private static io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler hpa(
      String namespace) {
    return platform
        .client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(namespace)
        .withName("sundae-inference")
        .get();
  }

  private static GenericKubernetesResource scaledObject(String namespace) {
    return platform
        .client
        .genericKubernetesResources("keda.sh/v1alpha1", "ScaledObject")
        .inNamespace(namespace)
        .withName("sundae-inference")
        .get();
  }

  @Test
  void removesTheChatWorkloadWhenChatIsDisabled() {
    platform.createTenant(ENV, "quiet", spec -> {});
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                platform
                        .client
                        .apps()
                        .deployments()
                        .inNamespace("cluster-quiet")
                        .withName("sundae-chat")
                        .get()
                    != null);

    platform.patchSpec(ENV, "quiet", "{\"chat\":{\"enabled\":false}}");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                platform
                        .client
                        .apps()
                        .deployments()
                        .inNamespace("cluster-quiet")
                        .withName("sundae-chat")
                        .get()
                    == null);
    Tenant after =
        platform.awaitCondition(
            ENV, "quiet", TenantStatus.CHAT_READY, Conditions.TRUE, Duration.ofSeconds(30));
    assertThat(
            Conditions.find(after.getStatus().getConditions(), TenantStatus.CHAT_READY)
                .orElseThrow()
                .getReason())
        .isEqualTo("Disabled");
  }

  /**
   * The variables a service's container sees: its own and its credentials Secret's (envFrom), the
   * way the kubelet would pass them.
   */
  private static Map<String, String> variablesOf(Container container) {
    Map<String, String> variables = new HashMap<>();
    Secret credentials =
        platform
            .client
            .secrets()
            .inNamespace("cluster-scoops")
            .withName(container.getEnvFrom().get(0).getSecretRef().getName())
            .get();
    credentials
        .getData()
        .forEach(
            (k, v) ->
                variables.put(
                    k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    container.getEnv().forEach(e -> variables.put(e.getName(), e.getValue()));
    variables.values().removeIf(v -> v == null || v.isBlank());
    return variables;
  }

  /** The variables without a default in the services' Kubernetes tenant mapping (tenancy). */
  private static List<String> requiredByServices() {
    try (InputStream in =
        KubernetesRuntimeIT.class.getResourceAsStream("/sundae/tenant-from-kubernetes.yaml")) {
      String mapping = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> required =
          Pattern.compile("\\$\\{(SUNDAE_[A-Z0-9_]+)}")
              .matcher(mapping)
              .results()
              .map(m -> m.group(1))
              .toList();
      assertThat(required).contains("SUNDAE_TENANT", "SUNDAE_DB_PASSWORD");
      return required;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
