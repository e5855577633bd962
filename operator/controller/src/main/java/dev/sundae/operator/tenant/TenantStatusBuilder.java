package dev.sundae.operator.tenant;

import dev.sundae.operator.api.ConditionReasons;
import dev.sundae.operator.api.Conditions;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.api.TenantEndpoints;
import dev.sundae.operator.api.TenantStatus;
import dev.sundae.operator.queue.QueueUrls;
import dev.sundae.operator.runtime.EventRecorder;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes what the reconcile found into a fresh copy of the Tenant for a status patch, and records
 * an Event whenever a condition changes.
 */
final class TenantStatusBuilder {

  private TenantStatusBuilder() {}

  static Tenant from(
      Tenant tenant,
      TenantContext tenantContext,
      WorkflowReconcileResult result,
      Context<Tenant> context,
      EventRecorder events) {
    Map<String, Outcome> outcomes = new HashMap<>();
    result.getReconciledDependents().forEach(d -> outcomes.put(d.name(), Outcome.READY));
    result.getNotReadyDependents().forEach(d -> outcomes.put(d.name(), Outcome.NOT_READY));
    result.getErroredDependents().forEach((d, e) -> outcomes.put(d.name(), Outcome.failed(e)));
    var verdicts =
        new ArrayList<>(
            TenantConditions.evaluate(
                outcomes, tenantContext.runsWorkloads(), WorkloadConditions.chatEnabled(tenant)));
    if (tenantContext.runsWorkloads()) {
      verdicts.add(QuotaFit.check(tenant, tenantContext.environment()));
      Workload.INFERENCE
          .autoscaling(tenant, tenantContext.environment().getSpec())
          .filter(QueueScaling::requested)
          .ifPresent(
              bounds -> verdicts.add(QueueScaling.verdict(bounds, tenantContext.kedaInstalled())));
    }
    TenantStatus status = facts(tenant, tenantContext, context);
    return withConditions(tenant, status, verdicts, events);
  }

  /** After an exception: from the workflow's result when it ran, else from the exception. */
  static Tenant failed(Tenant tenant, Context<Tenant> context, Exception e, EventRecorder events) {
    var values = context.managedWorkflowAndDependentResourceContext();
    Optional<TenantContext> tenantContext =
        values.get(TenantContext.class.getName(), TenantContext.class);
    Optional<WorkflowReconcileResult> result = values.getWorkflowReconcileResult();
    if (tenantContext.isPresent() && result.isPresent()) {
      return from(tenant, tenantContext.get(), result.get(), context, events);
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    TenantStatus status = copyOf(tenant.getStatus());
    return withConditions(
        tenant,
        status,
        TenantConditions.allFailing("BackendConfigurationInvalid", message),
        events);
  }

  static Tenant environmentMissing(Tenant tenant, EventRecorder events) {
    TenantStatus status = copyOf(tenant.getStatus());
    status.setEnvironment(null);
    String message =
        "No Environment has spec.namespace '" + tenant.getMetadata().getNamespace() + "'";
    return withConditions(
        tenant,
        status,
        TenantConditions.allFailing(ConditionReasons.ENVIRONMENT_NOT_FOUND, message),
        events);
  }

  /** A Tenant whose issuer is not served: nothing (more) provisioned, every condition says why. */
  static Tenant identityRefused(
      Tenant tenant, String environment, TenantIdentities.Refusal refusal, EventRecorder events) {
    TenantStatus status = copyOf(tenant.getStatus());
    status.setEnvironment(environment);
    return withConditions(
        tenant, status, TenantConditions.allFailing(refusal.reason(), refusal.message()), events);
  }

  private static TenantStatus facts(
      Tenant tenant, TenantContext tenantContext, Context<Tenant> context) {
    TenantStatus status = copyOf(tenant.getStatus());
    var names = tenantContext.names();
    status.setEnvironment(names.environment());
    status.setNamespace(names.namespace());
    status.setBucket(names.bucket());
    status.setCredentialsSecret(names.credentialsSecret());
    status.setDatabaseSchema(names.databaseSchema());
    status.setModel(tenantContext.models().status());
    TenantContext.shared(context, QueueUrls.class)
        .ifPresent(
            urls -> {
              status.setQueueUrl(urls.queue());
              status.setDeadLetterQueueUrl(urls.deadLetterQueue());
            });
    if (tenantContext.runsWorkloads()) {
      TenantEndpoints endpoints = new TenantEndpoints();
      endpoints.setInference(WorkloadServiceDependent.url(tenantContext, Workload.INFERENCE));
      if (WorkloadConditions.chatEnabled(tenant)) {
        endpoints.setChat(WorkloadServiceDependent.url(tenantContext, Workload.CHAT));
      }
      status.setEndpoints(endpoints);
    } else {
      status.setEndpoints(null);
    }
    return status;
  }

  private static Tenant withConditions(
      Tenant tenant,
      TenantStatus status,
      List<TenantConditions.Verdict> verdicts,
      EventRecorder events) {
    long generation = Objects.requireNonNullElse(tenant.getMetadata().getGeneration(), 0L);
    List<Condition> before =
        tenant.getStatus() == null ? List.of() : tenant.getStatus().getConditions();
    List<Condition> conditions = new ArrayList<>(before == null ? List.of() : before);
    for (var verdict : verdicts) {
      boolean changed =
          Conditions.set(
              conditions,
              generation,
              verdict.type(),
              verdict.status(),
              verdict.reason(),
              verdict.message());
      if (changed && flipped(before, verdict)) {
        record(tenant, verdict, events);
      }
    }
    // said only while the Tenant asks to scale on the queue
    if (verdicts.stream().noneMatch(v -> v.type().equals(QueueScaling.CONDITION))) {
      conditions.removeIf(c -> QueueScaling.CONDITION.equals(c.getType()));
    }
    status.setConditions(conditions);
    status.setObservedGeneration(generation);
    Tenant patch = new Tenant();
    patch.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName(tenant.getMetadata().getName())
            .withNamespace(tenant.getMetadata().getNamespace())
            .withUid(tenant.getMetadata().getUid())
            .withGeneration(tenant.getMetadata().getGeneration())
            .build());
    patch.setStatus(status);
    return patch;
  }

  // an Event for a change of status or reason, not for a new message of the same state
  private static boolean flipped(List<Condition> before, TenantConditions.Verdict verdict) {
    return Conditions.find(before, verdict.type())
        .map(
            c -> !c.getStatus().equals(verdict.status()) || !c.getReason().equals(verdict.reason()))
        .orElse(true);
  }

  // Events for problems, and one when the whole Tenant becomes Ready: not one per part
  private static void record(
      Tenant tenant, TenantConditions.Verdict verdict, EventRecorder events) {
    if (verdict.isTrue() && !TenantStatus.READY.equals(verdict.type())) {
      return;
    }
    String message = verdict.type() + " " + verdict.status() + ": " + verdict.message();
    if (verdict.isTrue()) {
      events.normal(tenant, verdict.reason(), message);
    } else {
      events.warning(tenant, verdict.reason(), message);
    }
  }

  private static TenantStatus copyOf(TenantStatus status) {
    TenantStatus copy = new TenantStatus();
    if (status != null) {
      copy.setEnvironment(status.getEnvironment());
      copy.setNamespace(status.getNamespace());
      copy.setBucket(status.getBucket());
      copy.setQueueUrl(status.getQueueUrl());
      copy.setDeadLetterQueueUrl(status.getDeadLetterQueueUrl());
      copy.setCredentialsSecret(status.getCredentialsSecret());
      copy.setDatabaseSchema(status.getDatabaseSchema());
      copy.setEndpoints(status.getEndpoints());
      copy.setModel(status.getModel()); // a trial's start and decision: lost, it starts again
    }
    return copy;
  }
}
