package dev.sundae.operator.tenant;

import dev.sundae.operator.api.Tenant;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.NameSetter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;

/**
 * A resource outside Kubernetes (bucket, queue, database role). Its backend calls are idempotent
 * "ensure" calls, so every reconcile, including the periodic resync, puts back whatever was changed
 * or deleted by hand: the operator stays level-based without polling each resource's state.
 */
abstract class ExternalDependent<R>
    implements DependentResource<R, Tenant>, Deleter<Tenant>, NameSetter {

  private final Class<R> type;
  // set from @Dependent(name = ...), which the workflow's dependsOn refers to
  private String name;

  ExternalDependent(Class<R> type) {
    this.type = type;
  }

  /** Brings the external resource to what the Tenant asks for and returns what it now is. */
  abstract R ensure(Tenant tenant, TenantContext tenantContext, Context<Tenant> context);

  /** Removes the external resource, or keeps it as the Tenant's deletion policy says. */
  abstract void remove(Tenant tenant, TenantContext tenantContext, Context<Tenant> context);

  @Override
  public ReconcileResult<R> reconcile(Tenant tenant, Context<Tenant> context) {
    R actual = ensure(tenant, TenantContext.of(context), context);
    TenantContext.share(context, type, actual);
    return ReconcileResult.noOperation(actual);
  }

  @Override
  public void delete(Tenant tenant, Context<Tenant> context) {
    remove(tenant, TenantContext.of(context), context);
  }

  @Override
  public Class<R> resourceType() {
    return type;
  }

  @Override
  public String name() {
    return name != null ? name : DependentResource.defaultNameFor(getClass());
  }

  @Override
  public void setName(String name) {
    this.name = name;
  }
}
