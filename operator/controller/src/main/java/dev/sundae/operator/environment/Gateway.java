package dev.sundae.operator.environment;

import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.api.TenantNames;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Environment's shared gateway (public API and MinIO event bridge), run in the Environment's
 * namespace when its runtime is 'kubernetes': a Secret with its tenants' configuration, a
 * Deployment and a Service.
 */
final class Gateway {

  static final String NAME = "sundae-gateway";
  static final String COMPONENT = "gateway";
  static final String SELECTOR =
      EnvironmentNamespaceDependent.SELECTOR + ",app.kubernetes.io/component=gateway";

  /** The event source of the tenants' credentials Secrets. */
  static final String CREDENTIALS = "tenant-credentials";

  /**
   * The Secret, made by the platform engineer, with the token MinIO's webhook target sends (key
   * {@code token}); optional: without it the bridge refuses every event.
   */
  static final String BRIDGE_TOKEN_SECRET = "sundae-gateway-bridge";

  private Gateway() {}

  static Map<String, String> selector(Environment environment) {
    return Map.of(
        "app.kubernetes.io/name",
        NAME,
        "sundae.dev/environment",
        environment.getMetadata().getName());
  }

  static ObjectMeta metadata(Environment environment) {
    return metadata(environment, NAME, COMPONENT);
  }

  /**
   * An object of the Environment's in its namespace; its component tells one informer's objects
   * from another's.
   */
  static ObjectMeta metadata(Environment environment, String name, String component) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(environment.getSpec().getNamespace())
        .addToLabels(selector(environment))
        .addToLabels("app.kubernetes.io/managed-by", "sundae-operator")
        .addToLabels("app.kubernetes.io/part-of", "sundae")
        .addToLabels("app.kubernetes.io/component", component)
        .build();
  }

  /** The in-cluster URL of the gateway (HTTPS on the Service's port 443). */
  static String url(Environment environment) {
    return "https://" + NAME + "." + environment.getSpec().getNamespace() + ".svc";
  }

  /** The gateway's {@code tenants.yaml}, from the Tenants and Secrets in the informers' caches. */
  @SuppressWarnings("unchecked")
  static String tenants(Environment environment, Context<Environment> context) {
    var tenantSource =
        (InformerEventSource<Tenant, Environment>)
            context.eventSourceRetriever().getEventSourceFor(Tenant.class);
    var secretSource =
        (InformerEventSource<Secret, Environment>)
            context.eventSourceRetriever().getEventSourceFor(Secret.class, CREDENTIALS);
    List<Tenant> tenants =
        tenantSource.list(environment.getSpec().getNamespace()).collect(Collectors.toList());
    return GatewayTenants.render(
        environment,
        tenants,
        namespace -> secretSource.get(new ResourceID(TenantNames.CREDENTIALS_SECRET, namespace)));
  }

  /** The gateway runs in the cluster only for an Environment with runtime 'kubernetes'. */
  static final class RunsInCluster implements Condition<Object, Environment> {
    @Override
    public boolean isMet(
        DependentResource<Object, Environment> dependent,
        Environment environment,
        Context<Environment> context) {
      return environment.getSpec().getRuntime() == EnvironmentSpec.Runtime.KUBERNETES;
    }
  }
}
