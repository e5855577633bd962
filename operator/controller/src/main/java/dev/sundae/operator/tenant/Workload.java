package dev.sundae.operator.tenant;

import dev.sundae.operator.api.AutoscalingSpec;
import dev.sundae.operator.api.ChatSpec;
import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.api.Flavour;
import dev.sundae.operator.api.ImagesSpec;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.api.TenantDefaultsSpec;
import dev.sundae.operator.environment.GatewayTenants;
import dev.sundae.operator.runtime.DefaultImages;
import dev.sundae.operator.runtime.Pods;
import dev.sundae.operator.tls.ServerTls;
import dev.sundae.tenancy.TenantConfig;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The two workloads each tenant gets in Kubernetes, and what sets them apart. */
enum Workload {
  INFERENCE("inference"),
  CHAT("chat");

  static final int PORT = 8080;

  /**
   * The extra Pods a rolling update may start, in percent of the replicas (rounded up): set on each
   * workload's Deployment and counted by {@link QuotaFit} against the tenant's quota.
   */
  static final int MAX_SURGE_PERCENT = 25;

  private final String component;

  Workload(String component) {
    this.component = component;
  }

  String component() {
    return component;
  }

  /**
   * The chat serves actuator on a port of its own that its Service does not expose (metrics name
   * tenants and volumes); the inference worker has no public API, so its one port serves both.
   */
  List<ContainerPort> managementPorts() {
    return this == CHAT ? List.of(Pods.managementPort()) : List.of();
  }

  /**
   * Whether it serves callers, over HTTPS with a certificate of {@link ChatTlsDependent}: the chat;
   * the inference worker's one port serves the kubelet only.
   */
  boolean servesTls() {
    return this == CHAT;
  }

  /** The name of the port it serves on, on the container and the Service. */
  String portName() {
    return servesTls() ? ServerTls.PORT_NAME : Pods.HTTP_PORT;
  }

  /** The port of its Service. */
  int servicePort() {
    return servesTls() ? ServerTls.SERVICE_PORT : 80;
  }

  /** The container port the kubelet probes. */
  String probePort() {
    return this == CHAT ? Pods.MANAGEMENT_PORT_NAME : Pods.HTTP_PORT;
  }

  /** Name of the Deployment and of the Service. */
  String objectName() {
    return "sundae-" + component;
  }

  String image(EnvironmentSpec environment) {
    Optional<ImagesSpec> images = Optional.ofNullable(environment.getImages());
    String image =
        this == INFERENCE
            ? images.map(ImagesSpec::getInference).orElse(null)
            : images.map(ImagesSpec::getChat).orElse(null);
    return image != null ? image : DefaultImages.of(component);
  }

  /** Autoscaling bounds: the Tenant's, else the Environment's default; chat never autoscales. */
  Optional<AutoscalingSpec> autoscaling(Tenant tenant, EnvironmentSpec environment) {
    if (this == CHAT) {
      return Optional.empty();
    }
    return Optional.ofNullable(tenant.getSpec().getInference().getAutoscaling())
        .or(
            () ->
                Optional.ofNullable(environment.getTenantDefaults())
                    .map(TenantDefaultsSpec::getAutoscaling));
  }

  /** Fixed replicas, or empty while an autoscaler owns the count. */
  Optional<Integer> replicas(Tenant tenant, EnvironmentSpec environment) {
    if (autoscaling(tenant, environment).isPresent()) {
      return Optional.empty();
    }
    Optional<TenantDefaultsSpec> defaults = Optional.ofNullable(environment.getTenantDefaults());
    Integer own =
        this == INFERENCE
            ? tenant.getSpec().getInference().getReplicas()
            : Optional.ofNullable(tenant.getSpec().getChat())
                .map(ChatSpec::getReplicas)
                .orElse(null);
    Integer fallback =
        this == INFERENCE
            ? defaults.map(TenantDefaultsSpec::getInferenceReplicas).orElse(null)
            : defaults.map(TenantDefaultsSpec::getChatReplicas).orElse(null);
    return Optional.of(own != null ? own : fallback != null ? fallback : 1);
  }

  /** Settings of the workload besides the credentials Secret, which it loads whole. */
  List<EnvVar> environment(Tenant tenant, TenantContext tenantContext) {
    List<EnvVar> env = new ArrayList<>();
    env.add(variable("SUNDAE_ENVIRONMENT", tenantContext.names().environment()));
    env.add(variable("SUNDAE_TENANT", tenantContext.names().tenant()));
    env.add(variable("SUNDAE_OIDC_ISSUER", tenant.getSpec().getIdentity().getIssuer()));
    env.add(variable("SUNDAE_OIDC_AUDIENCE", tenant.getSpec().getIdentity().getAudience()));
    if (tenant.getSpec().getIdentity().getRolesClaim() != null) {
      env.add(variable("SUNDAE_OIDC_ROLES_CLAIM", tenant.getSpec().getIdentity().getRolesClaim()));
    }
    env.add(
        variable(
            "SUNDAE_FLAVOURS",
            tenant.getSpec().getFlavours().stream()
                .map(Flavour::getName)
                .collect(Collectors.joining(","))));
    if (this == INFERENCE) {
      // the spec's model, or a promoted candidate; and a candidate on trial (ModelRollout)
      ModelRollout.Served served = tenantContext.models().served();
      env.add(variable("SUNDAE_MODEL_URI", served.uri()));
      env.add(variable("SUNDAE_MODEL_VERSION", served.version()));
      if (served.candidate() != null) {
        TenantConfig.Candidate candidate = served.candidate();
        env.add(variable("SUNDAE_CANDIDATE_MODEL_URI", candidate.uri()));
        env.add(variable("SUNDAE_CANDIDATE_MODEL_VERSION", candidate.version()));
        env.add(variable("SUNDAE_CANDIDATE_MODE", candidate.mode().name()));
        env.add(variable("SUNDAE_CANDIDATE_PERCENT", String.valueOf(candidate.percent())));
      }
      TenantConfig.Holdout holdout = GatewayTenants.holdout(tenant.getSpec().getHoldout());
      env.add(variable("SUNDAE_HOLDOUT_PERCENT", String.valueOf(holdout.percent())));
      env.add(
          variable("SUNDAE_HOLDOUT_BEST_SELLER_DAYS", String.valueOf(holdout.bestSellerDays())));
      env.add(
          variable(
              "SUNDAE_LEARNING_EXPLORATION_PERCENT",
              String.valueOf(
                  GatewayTenants.learning(tenant.getSpec().getLearning()).explorationPercent())));
      // PyTorch's threads otherwise spin between batches: on a shared node that made the
      // forward pass's p99 two hundred times slower (services/inference/README.md)
      env.add(variable("OMP_WAIT_POLICY", "PASSIVE"));
      // DJL unpacks PyTorch's native libraries on first use; the root file system is read-only
      env.add(variable("DJL_CACHE_DIR", "/tmp/djl"));
      env.add(variable("ENGINE_CACHE_DIR", "/tmp/djl"));
    } else {
      ChatSpec.Admission admission =
          Optional.ofNullable(tenant.getSpec().getChat())
              .map(ChatSpec::getAdmission)
              .orElse(ChatSpec.Admission.OPEN);
      env.add(variable("SUNDAE_CHAT_ADMISSION", admission.name().toLowerCase()));
      Optional.ofNullable(tenant.getSpec().getChat())
          .map(ChatSpec::getPushContact)
          .ifPresent(contact -> env.add(variable("SUNDAE_PUSH_SUBJECT", contact)));
      // the clips' signed URLs are for the members' apps, as the frames' are for registers
      Optional.ofNullable(
              tenantContext.environment().getSpec().getObjectStore().getPublicEndpoint())
          .filter(endpoint -> !endpoint.isBlank())
          .ifPresent(endpoint -> env.add(variable("SUNDAE_UPLOADS_PUBLICENDPOINT", endpoint)));
    }
    if (this == CHAT) {
      env.add(Pods.managementPortVariable());
    }
    if (servesTls()) {
      env.addAll(ServerTls.springVariables());
    }
    return env;
  }

  private static EnvVar variable(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }
}
