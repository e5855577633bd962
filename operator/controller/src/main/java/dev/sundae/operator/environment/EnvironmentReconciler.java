package dev.sundae.operator.environment;

import dev.sundae.operator.api.ConditionReasons;
import dev.sundae.operator.api.Conditions;
import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.api.EnvironmentStatus;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.api.TenantNames;
import dev.sundae.operator.api.TenantStatus;
import dev.sundae.operator.runtime.Deployments;
import dev.sundae.operator.runtime.EventRecorder;
import dev.sundae.operator.runtime.LogContext;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps an Environment's namespace and shared configuration in place, runs its shared gateway when
 * its runtime is 'kubernetes', checks that its backends answer, and counts its Tenants and how many
 * are Ready.
 */
@Workflow(
    // invoked from reconcile, once the backends (which read the CA) are in the context
    explicitInvocation = true,
    dependents = {
      @Dependent(
          type = EnvironmentNamespaceDependent.class,
          name = EnvironmentNamespaceDependent.NAME),
      @Dependent(
          type = EnvironmentConfigDependent.class,
          name = EnvironmentConfigDependent.NAME,
          dependsOn = EnvironmentNamespaceDependent.NAME),
      @Dependent(
          // every runtime: outside the cluster it is what the services run there read
          type = GatewaySecretDependent.class,
          name = GatewaySecretDependent.NAME,
          dependsOn = EnvironmentNamespaceDependent.NAME),
      @Dependent(
          type = EnvironmentCaDependent.class,
          name = EnvironmentCaDependent.NAME,
          dependsOn = EnvironmentNamespaceDependent.NAME,
          activationCondition = EnvironmentCaDependent.MadeByOperator.class),
      @Dependent(
          type = GatewayTlsDependent.class,
          name = GatewayTlsDependent.NAME,
          dependsOn = EnvironmentNamespaceDependent.NAME,
          activationCondition = Gateway.RunsInCluster.class),
      @Dependent(
          type = GatewayDeploymentDependent.class,
          name = GatewayDeploymentDependent.NAME,
          dependsOn = {GatewaySecretDependent.NAME, GatewayTlsDependent.NAME},
          activationCondition = Gateway.RunsInCluster.class),
      @Dependent(
          type = GatewayServiceDependent.class,
          name = GatewayServiceDependent.NAME,
          dependsOn = EnvironmentNamespaceDependent.NAME,
          activationCondition = Gateway.RunsInCluster.class)
    })
@ControllerConfiguration(name = EnvironmentReconciler.NAME)
public class EnvironmentReconciler implements Reconciler<Environment> {

  public static final String NAME = "environment";
  private static final String BACKENDS = Backends.class.getName();
  private static final String ENVIRONMENT_LABEL = "sundae.dev/environment";

  private final Backends backends;
  private final EventRecorder events;

  public EnvironmentReconciler(Backends backends, EventRecorder events) {
    this.backends = backends;
    this.events = events;
  }

  @Override
  public List<EventSource<?, Environment>> prepareEventSources(
      EventSourceContext<Environment> context) {
    // a Tenant changing readiness changes its Environment's counts
    var tenants =
        InformerEventSourceConfiguration.from(Tenant.class, Environment.class)
            .withSecondaryToPrimaryMapper(
                tenant ->
                    context
                        .getPrimaryCache()
                        .list(
                            environment ->
                                tenant
                                    .getMetadata()
                                    .getNamespace()
                                    .equals(environment.getSpec().getNamespace()))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withPrimaryToSecondaryMapper(environment -> Set.of())
            .build();
    // a tenant's credentials Secret appearing or changing changes the gateway's configuration
    var credentials =
        InformerEventSourceConfiguration.from(Secret.class, Environment.class)
            .withName(Gateway.CREDENTIALS)
            .withLabelSelector(EnvironmentNamespaceDependent.SELECTOR)
            .withNamespaces(Set.of(Constants.WATCH_ALL_NAMESPACES))
            .withSecondaryToPrimaryMapper(
                secret ->
                    TenantNames.CREDENTIALS_SECRET.equals(secret.getMetadata().getName())
                            && secret.getMetadata().getLabels() != null
                            && secret.getMetadata().getLabels().get(ENVIRONMENT_LABEL) != null
                        ? Set.of(
                            new ResourceID(secret.getMetadata().getLabels().get(ENVIRONMENT_LABEL)))
                        : Set.of())
            .withPrimaryToSecondaryMapper(environment -> Set.of())
            .build();
    return List.of(
        new InformerEventSource<>(tenants, context),
        new InformerEventSource<>(credentials, context));
  }

  @Override
  @SuppressWarnings("unchecked")
  public UpdateControl<Environment> reconcile(
      Environment environment, Context<Environment> context) {
    try (var ignored = LogContext.of(environment.getMetadata().getName(), null)) {
      context.managedWorkflowAndDependentResourceContext().put(BACKENDS, backends);
      context
          .managedWorkflowAndDependentResourceContext()
          .reconcileManagedWorkflow()
          .throwAggregateExceptionIfErrorsPresent();
      var source =
          (InformerEventSource<Tenant, Environment>)
              context.eventSourceRetriever().getEventSourceFor(Tenant.class);
      List<Tenant> tenants =
          source.list(environment.getSpec().getNamespace()).collect(Collectors.toList());
      long ready =
          tenants.stream()
              .filter(t -> t.getStatus() != null)
              .filter(t -> Conditions.isTrue(t.getStatus().getConditions(), TenantStatus.READY))
              .count();
      return UpdateControl.patchStatus(
          status(environment, tenants.size(), (int) ready, gatewayServes(environment, context)));
    }
  }

  /** The operator's backends, for the dependents of this reconcile. */
  static Backends backends(Context<Environment> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(BACKENDS, Backends.class);
  }

  /**
   * Whether the shared gateway serves: empty when it runs outside the cluster (runtime 'external'),
   * else whether its Deployment does ({@link Deployments#serving}).
   */
  private static Optional<Boolean> gatewayServes(
      Environment environment, Context<Environment> context) {
    if (environment.getSpec().getRuntime() != EnvironmentSpec.Runtime.KUBERNETES) {
      return Optional.empty();
    }
    return Optional.of(
        context
            .getSecondaryResource(Deployment.class)
            .map(deployment -> Deployments.serving(deployment, OptionalInt.empty()))
            .orElse(false));
  }

  private Environment status(
      Environment environment, int tenants, int ready, Optional<Boolean> gatewayServes) {
    long generation = Objects.requireNonNullElse(environment.getMetadata().getGeneration(), 0L);
    EnvironmentStatus status = new EnvironmentStatus();
    List<io.fabric8.kubernetes.api.model.Condition> conditions =
        new ArrayList<>(
            environment.getStatus() == null ? List.of() : environment.getStatus().getConditions());
    Conditions.set(
        conditions,
        generation,
        EnvironmentStatus.NAMESPACE_READY,
        Conditions.TRUE,
        ConditionReasons.RECONCILED,
        "namespace " + environment.getSpec().getNamespace() + " exists");
    Optional<String> problem = backendProblem(environment);
    boolean wasReady = Conditions.isTrue(conditions, EnvironmentStatus.READY);
    for (EnvironmentConditions.Verdict verdict :
        List.of(
            EnvironmentConditions.gateway(gatewayServes),
            EnvironmentConditions.ready(problem, gatewayServes))) {
      Conditions.set(
          conditions,
          generation,
          verdict.type(),
          verdict.status(),
          verdict.reason(),
          verdict.message());
    }
    if (wasReady && problem.isPresent()) {
      events.warning(environment, EnvironmentConditions.BACKENDS_UNAVAILABLE, problem.get());
    }
    status.setConditions(conditions);
    status.setObservedGeneration(generation);
    status.setTenants(tenants);
    status.setTenantsReady(ready);
    status.setEndpoint(
        environment.getSpec().getRuntime() == EnvironmentSpec.Runtime.KUBERNETES
            ? Gateway.url(environment)
            : null);
    Environment patch = new Environment();
    patch.setMetadata(
        new ObjectMetaBuilder().withName(environment.getMetadata().getName()).build());
    patch.setStatus(status);
    return patch;
  }

  // The object store is the one backend every flow needs first; the others are checked by the
  // Tenants that use them.
  private Optional<String> backendProblem(Environment environment) {
    try {
      backends.of(environment).objectStore().checkReachable();
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }
}
