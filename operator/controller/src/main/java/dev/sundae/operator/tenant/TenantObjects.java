package dev.sundae.operator.tenant;

import dev.sundae.operator.api.Tenant;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;

/**
 * Metadata of the Kubernetes objects the operator makes for a tenant. They live in the tenant's own
 * namespace, not beside the Tenant, so they cannot carry an owner reference to it: the operator
 * finds them by the managed-by label (its informers watch nothing else) and maps them back to the
 * Tenant through annotations.
 */
final class TenantObjects {

  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String OPERATOR = "sundae-operator";

  /** The label selector of every informer on tenant objects. */
  static final String SELECTOR = MANAGED_BY + "=" + OPERATOR;

  static final String INFERENCE_SELECTOR = SELECTOR + ",app.kubernetes.io/component=inference";
  static final String CHAT_SELECTOR = SELECTOR + ",app.kubernetes.io/component=chat";

  static final String ENVIRONMENT_LABEL = "sundae.dev/environment";
  static final String TENANT_LABEL = "sundae.dev/tenant";
  static final String COMPONENT_LABEL = "app.kubernetes.io/component";

  private TenantObjects() {}

  static Map<String, String> labels(TenantContext tenant) {
    return Map.of(
        MANAGED_BY,
        OPERATOR,
        "app.kubernetes.io/part-of",
        "sundae",
        ENVIRONMENT_LABEL,
        tenant.names().environment(),
        TENANT_LABEL,
        tenant.names().tenant());
  }

  /** Metadata of an object named {@code name} in the tenant's namespace. */
  static ObjectMeta metadata(TenantContext tenant, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(tenant.names().namespace())
        .withLabels(new java.util.HashMap<>(labels(tenant)))
        .build();
  }

  /** Metadata of a workload's object, also labelled with the workload's component. */
  static ObjectMeta metadata(TenantContext tenant, String name, String component) {
    ObjectMeta meta = metadata(tenant, name);
    meta.getLabels().put(COMPONENT_LABEL, component);
    return meta;
  }

  /** Labels that select the pods of one workload of the tenant. */
  static Map<String, String> selector(TenantContext tenant, String component) {
    return Map.of(
        TENANT_LABEL, tenant.names().tenant(),
        ENVIRONMENT_LABEL, tenant.names().environment(),
        COMPONENT_LABEL, component);
  }

  static String tenantName(Tenant tenant) {
    return tenant.getMetadata().getName();
  }
}
