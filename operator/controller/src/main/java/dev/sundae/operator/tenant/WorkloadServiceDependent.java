package dev.sundae.operator.tenant;

import dev.sundae.operator.api.Tenant;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;

/** The ClusterIP Service in front of a tenant workload. */
abstract class WorkloadServiceDependent
    extends CRUDNoGCKubernetesDependentResource<Service, Tenant> {

  private final Workload workload;

  WorkloadServiceDependent(Workload workload) {
    super(Service.class);
    this.workload = workload;
  }

  @Override
  protected Service desired(Tenant tenant, Context<Tenant> context) {
    TenantContext tenantContext = TenantContext.of(context);
    return new ServiceBuilder()
        .withMetadata(
            TenantObjects.metadata(tenantContext, workload.objectName(), workload.component()))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(TenantObjects.selector(tenantContext, workload.component()))
        .addNewPort()
        .withName(workload.portName())
        .withPort(workload.servicePort())
        .withTargetPort(new IntOrString(workload.portName()))
        .endPort()
        .endSpec()
        .build();
  }

  /** The in-cluster URL of the workload. */
  static String url(TenantContext tenantContext, Workload workload) {
    return (workload.servesTls() ? "https://" : "http://")
        + workload.objectName()
        + "."
        + tenantContext.names().namespace()
        + ".svc";
  }
}
