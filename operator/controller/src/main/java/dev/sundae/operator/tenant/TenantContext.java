package dev.sundae.operator.tenant;

import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.api.TenantNames;
import dev.sundae.operator.environment.EnvironmentBackends;
import dev.sundae.operator.tls.CertificateAuthority;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext;
import java.util.function.Supplier;

/**
 * What every dependent of a Tenant needs besides the Tenant: its Environment, the names derived
 * from both, and the Environment's backends. The reconciler puts it into the workflow context
 * before it runs the workflow, so dependents never look these up themselves. {@code kedaInstalled}:
 * whether the cluster serves KEDA's ScaledObject ({@link dev.sundae.operator.runtime.Keda}); {@code
 * models}: what the inference workers serve and the state of a candidate's trial ({@link
 * ModelRollout}).
 */
record TenantContext(
    Environment environment,
    TenantNames names,
    EnvironmentBackends backends,
    Supplier<CertificateAuthority> certificateAuthority,
    boolean kedaInstalled,
    ModelRollout.Outcome models) {

  private static final String KEY = TenantContext.class.getName();

  static TenantContext of(Context<Tenant> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(KEY, TenantContext.class);
  }

  void putInto(Context<Tenant> context) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, this);
  }

  /** True when workloads run in the cluster; false when they run as processes outside it. */
  boolean runsWorkloads() {
    return environment.getSpec().getRuntime() != EnvironmentSpec.Runtime.EXTERNAL;
  }

  /** Values one dependent hands to those that depend on it, within one reconcile. */
  static <T> void share(Context<Tenant> context, Class<T> type, T value) {
    context.managedWorkflowAndDependentResourceContext().put(type.getName(), value);
  }

  static <T> java.util.Optional<T> shared(Context<Tenant> context, Class<T> type) {
    ManagedWorkflowAndDependentResourceContext values =
        context.managedWorkflowAndDependentResourceContext();
    return values.get(type.getName(), type);
  }
}
