package dev.sundae.operator.tenant;

import static dev.sundae.operator.tenant.WorkloadConditions.ChatEnabled;
import static dev.sundae.operator.tenant.WorkloadConditions.DeploymentAvailable;
import static dev.sundae.operator.tenant.WorkloadConditions.InferenceAutoscaled;
import static dev.sundae.operator.tenant.WorkloadConditions.InferenceQueueScaled;
import static dev.sundae.operator.tenant.WorkloadConditions.RunsWorkloads;

import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.api.TenantNames;
import dev.sundae.operator.api.TenantStatus;
import dev.sundae.operator.environment.Backends;
import dev.sundae.operator.environment.EnvironmentBackends;
import dev.sundae.operator.runtime.EventRecorder;
import dev.sundae.operator.runtime.Keda;
import dev.sundae.operator.runtime.LogContext;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a Tenant into its namespace, bucket, object-store user, queues, database schema,
 * credentials Secret and (with runtime 'kubernetes') its workloads, and reports in the status what
 * is really there. The workflow runs only once the Tenant's Environment and its backends are known,
 * which the dependents then share through the context.
 */
@Workflow(
    explicitInvocation = true,
    handleExceptionsInReconciler = true,
    dependents = {
      @Dependent(type = TenantNamespaceDependent.class, name = TenantNamespaceDependent.NAME),
      @Dependent(
          type = ResourceQuotaDependent.class,
          name = ResourceQuotaDependent.NAME,
          dependsOn = TenantNamespaceDependent.NAME),
      @Dependent(
          type = LimitRangeDependent.class,
          name = LimitRangeDependent.NAME,
          dependsOn = TenantNamespaceDependent.NAME),
      @Dependent(
          type = NetworkPolicyDependent.class,
          name = NetworkPolicyDependent.NAME,
          dependsOn = TenantNamespaceDependent.NAME),
      @Dependent(type = QueueDependent.class, name = QueueDependent.NAME),
      @Dependent(
          type = BucketDependent.class,
          name = BucketDependent.NAME,
          dependsOn = QueueDependent.NAME),
      @Dependent(
          type = BucketUserDependent.class,
          name = BucketUserDependent.NAME,
          dependsOn = BucketDependent.NAME),
      @Dependent(type = DatabaseDependent.class, name = DatabaseDependent.NAME),
      @Dependent(
          type = CredentialsSecretDependent.class,
          name = CredentialsSecretDependent.NAME,
          dependsOn = {
            TenantNamespaceDependent.NAME,
            BucketUserDependent.NAME,
            QueueDependent.NAME,
            DatabaseDependent.NAME
          }),
      @Dependent(
          type = InferenceDeploymentDependent.class,
          name = InferenceDeploymentDependent.NAME,
          dependsOn = CredentialsSecretDependent.NAME,
          activationCondition = RunsWorkloads.class,
          readyPostcondition = DeploymentAvailable.class),
      @Dependent(
          type = InferenceServiceDependent.class,
          name = InferenceServiceDependent.NAME,
          dependsOn = TenantNamespaceDependent.NAME,
          activationCondition = RunsWorkloads.class),
      @Dependent(
          type = InferenceAutoscalerDependent.class,
          name = InferenceAutoscalerDependent.NAME,
          // not on the Deployment: that one is ready only once pods run, which may need scaling
          dependsOn = TenantNamespaceDependent.NAME,
          activationCondition = RunsWorkloads.class,
          reconcilePrecondition = InferenceAutoscaled.class),
      @Dependent(
          type = InferenceQueueScalerDependent.class,
          name = InferenceQueueScalerDependent.NAME,
          dependsOn = {TenantNamespaceDependent.NAME, QueueDependent.NAME},
          // no activation condition: JOSDK (de)registers the event source of an activated
          // dependent, and this one has none (InferenceQueueScaled checks the runtime too)
          reconcilePrecondition = InferenceQueueScaled.class),
      @Dependent(
          type = ChatTlsDependent.class,
          name = ChatTlsDependent.NAME,
          dependsOn = TenantNamespaceDependent.NAME,
          activationCondition = RunsWorkloads.class,
          reconcilePrecondition = ChatEnabled.class),
      @Dependent(
          type = ChatDeploymentDependent.class,
          name = ChatDeploymentDependent.NAME,
          dependsOn = {CredentialsSecretDependent.NAME, ChatTlsDependent.NAME},
          activationCondition = RunsWorkloads.class,
          reconcilePrecondition = ChatEnabled.class,
          readyPostcondition = DeploymentAvailable.class),
      @Dependent(
          type = ChatServiceDependent.class,
          name = ChatServiceDependent.NAME,
          dependsOn = TenantNamespaceDependent.NAME,
          activationCondition = RunsWorkloads.class,
          reconcilePrecondition = ChatEnabled.class)
    })
@ControllerConfiguration(name = TenantReconciler.NAME)
public class TenantReconciler implements Reconciler<Tenant>, Cleaner<Tenant> {

  public static final String NAME = "tenant";

  /** On a Tenant, "true" lets deletion go on without removing bucket, queues or schema. */
  public static final String SKIP_EXTERNAL_CLEANUP = "sundae.dev/skip-external-cleanup";

  private static final Logger log = LoggerFactory.getLogger(TenantReconciler.class);
  private static final Duration ENVIRONMENT_RETRY = Duration.ofSeconds(30);
  // A Deployment's status change reconciles the Tenant through its informer; this is the net under
  // that (a missed watch event, an informer restart) while a workload is not available yet.
  private static final Duration NOT_READY_RECHECK = Duration.ofSeconds(30);

  private final Backends backends;
  private final EventRecorder events;
  private final Keda keda;
  private final Clock clock;

  public TenantReconciler(Backends backends, EventRecorder events, Keda keda) {
    this(backends, events, keda, Clock.systemUTC());
  }

  TenantReconciler(Backends backends, EventRecorder events, Keda keda, Clock clock) {
    this.backends = backends;
    this.events = events;
    this.keda = keda;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Tenant>> prepareEventSources(EventSourceContext<Tenant> context) {
    // A change to an Environment's spec (backends, images, defaults) reconciles all of its
    // Tenants. Its status is left out: it counts Ready Tenants, so reacting to it would make every
    // Tenant that becomes Ready reconcile all the others.
    var environments =
        InformerEventSourceConfiguration.from(Environment.class, Tenant.class)
            .withOnUpdateFilter(
                (updated, old) ->
                    !java.util.Objects.equals(
                        updated.getMetadata().getGeneration(), old.getMetadata().getGeneration()))
            .withSecondaryToPrimaryMapper(
                environment ->
                    context
                        .getPrimaryCache()
                        .list(environment.getSpec().getNamespace())
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withPrimaryToSecondaryMapper(tenant -> Set.of())
            .build();
    return List.of(new InformerEventSource<>(environments, context));
  }

  @Override
  public UpdateControl<Tenant> reconcile(Tenant tenant, Context<Tenant> context) {
    try (var ignored = logContext(tenant)) {
      Optional<Environment> environment = environmentOf(tenant, context);
      if (environment.isEmpty()) {
        return UpdateControl.patchStatus(TenantStatusBuilder.environmentMissing(tenant, events))
            .rescheduleAfter(ENVIRONMENT_RETRY);
      }
      Optional<TenantIdentities.Refusal> refused =
          TenantIdentities.refusal(
              tenant,
              environment.get(),
              context.getPrimaryCache().list(tenant.getMetadata().getNamespace()).toList());
      if (refused.isPresent()) {
        // re-checked: the older Tenant with the issuer may go, the Environment may trust it
        return UpdateControl.patchStatus(
                TenantStatusBuilder.identityRefused(
                    tenant, environment.get().getMetadata().getName(), refused.get(), events))
            .rescheduleAfter(ENVIRONMENT_RETRY);
      }
      TenantContext tenantContext =
          contextFor(tenant, environment.get(), context, ModelRollout.Evaluation.RUN);
      tenantContext.putInto(context);
      var result = context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
      Tenant updated = TenantStatusBuilder.from(tenant, tenantContext, result, context, events);
      // errors go through JOSDK's retry with backoff, after the status says what failed
      result.throwAggregateExceptionIfErrorsPresent();
      UpdateControl<Tenant> control = UpdateControl.patchStatus(updated);
      if (!result.allDependentResourcesReady()) {
        return control.rescheduleAfter(NOT_READY_RECHECK);
      }
      return tenantContext.models().undecided()
          ? control.rescheduleAfter(ModelRollout.EVALUATION_INTERVAL)
          : control;
    }
  }

  @Override
  public ErrorStatusUpdateControl<Tenant> updateErrorStatus(
      Tenant tenant, Context<Tenant> context, Exception e) {
    try (var ignored = logContext(tenant)) {
      log.warn("Tenant not reconciled: {}", e.getMessage());
      return ErrorStatusUpdateControl.patchStatus(
          TenantStatusBuilder.failed(tenant, context, e, events));
    }
  }

  @Override
  public DeleteControl cleanup(Tenant tenant, Context<Tenant> context) {
    try (var ignored = logContext(tenant)) {
      Optional<Environment> environment = environmentOf(tenant, context);
      if ("true"
          .equals(
              Optional.ofNullable(tenant.getMetadata().getAnnotations())
                  .map(a -> a.get(SKIP_EXTERNAL_CLEANUP))
                  .orElse(null))) {
        events.warning(
            tenant, "ExternalCleanupSkipped", "bucket, queues and schema were left as they are");
        return DeleteControl.defaultDelete();
      }
      if (environment.isEmpty()) {
        // nothing to reach the backends with: keeping the finalizer would block forever
        events.warning(
            tenant, "EnvironmentGone", "no Environment for namespace; external resources kept");
        return DeleteControl.defaultDelete();
      }
      contextFor(tenant, environment.get(), context, ModelRollout.Evaluation.SKIP).putInto(context);
      var result = context.managedWorkflowAndDependentResourceContext().cleanupManageWorkflow();
      result.throwAggregateExceptionIfErrorsPresent();
      log.info("Tenant cleaned up ({} policy)", TenantSpecs.deletionPolicy(tenant));
      return DeleteControl.defaultDelete();
    }
  }

  private TenantContext contextFor(
      Tenant tenant,
      Environment environment,
      Context<Tenant> context,
      ModelRollout.Evaluation models) {
    TenantNames names =
        new TenantNames(environment.getMetadata().getName(), tenant.getMetadata().getName());
    EnvironmentBackends environmentBackends = backends.of(environment);
    ModelRollout.FiguresSource figures =
        (stable, candidate, mode, since) ->
            environmentBackends
                .database()
                .trialFigures(
                    names.databaseSchema(), names.databaseRole(), stable, candidate, mode, since);
    // the CA only where a certificate is issued, and read then (a Secret GET)
    return new TenantContext(
        environment,
        names,
        environmentBackends,
        () -> backends.certificateAuthority(environment),
        keda.installed(context.getClient()),
        ModelRollout.of(tenant, figures, models, clock, events));
  }

  @SuppressWarnings("unchecked")
  private static Optional<Environment> environmentOf(Tenant tenant, Context<Tenant> context) {
    String namespace = tenant.getMetadata().getNamespace();
    var source =
        (InformerEventSource<Environment, Tenant>)
            context.eventSourceRetriever().getEventSourceFor(Environment.class);
    return source
        .list(environment -> namespace.equals(environment.getSpec().getNamespace()))
        .findFirst();
  }

  private static LogContext logContext(Tenant tenant) {
    return LogContext.of(tenant.getMetadata().getNamespace(), tenant.getMetadata().getName());
  }

  /** The condition types of a Tenant, in the order the status lists them. */
  static final List<String> CONDITION_TYPES =
      List.of(
          TenantStatus.READY,
          TenantStatus.STORAGE_READY,
          TenantStatus.QUEUE_READY,
          TenantStatus.DATABASE_READY,
          TenantStatus.INFERENCE_READY,
          TenantStatus.CHAT_READY);
}
