package dev.sundae.operator.environment;

import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.api.TrustSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Environment's shared configuration, for the workloads in its namespace (gateway, event
 * bridge): where the backends are and which issuers are trusted. No secrets. Owned by the
 * Environment, so it goes when the Environment does.
 */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector = EnvironmentNamespaceDependent.SELECTOR,
            namespaces = Constants.WATCH_ALL_NAMESPACES))
final class EnvironmentConfigDependent
    extends CRUDKubernetesDependentResource<ConfigMap, Environment> {

  static final String NAME = "environment-config";
  static final String CONFIG_MAP = "sundae-environment";

  EnvironmentConfigDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(Environment environment, Context<Environment> context) {
    EnvironmentSpec spec = environment.getSpec();
    Map<String, String> data = new LinkedHashMap<>();
    data.put("environment", environment.getMetadata().getName());
    data.put("runtime", String.valueOf(spec.getRuntime()).toLowerCase());
    data.put("objectStore.provider", spec.getObjectStore().getProvider().name().toLowerCase());
    put(data, "objectStore.endpoint", spec.getObjectStore().getEndpoint());
    put(data, "objectStore.region", spec.getObjectStore().getRegion());
    put(data, "objectStore.notificationTarget", spec.getObjectStore().getNotificationTarget());
    if (spec.getQueue() != null) {
      put(data, "queue.endpoint", spec.getQueue().getEndpoint());
      put(data, "queue.region", spec.getQueue().getRegion());
    }
    data.put("database.jdbcUrl", spec.getDatabase().getJdbcUrl());
    data.put(
        "identity.trustedIssuers",
        String.join(
            ",",
            Optional.ofNullable(spec.getIdentity())
                .map(TrustSpec::getTrustedIssuers)
                .orElse(List.of())));
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(CONFIG_MAP)
        .withNamespace(spec.getNamespace())
        .addToLabels("app.kubernetes.io/managed-by", "sundae-operator")
        .addToLabels("app.kubernetes.io/part-of", "sundae")
        .addToLabels("sundae.dev/environment", environment.getMetadata().getName())
        .endMetadata()
        .withData(data)
        .build();
  }

  private static void put(Map<String, String> data, String key, String value) {
    if (value != null && !value.isBlank()) {
      data.put(key, value);
    }
  }
}
