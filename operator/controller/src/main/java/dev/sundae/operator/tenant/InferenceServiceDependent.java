package dev.sundae.operator.tenant;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The Service in front of the tenant's inference pods. */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector = TenantObjects.INFERENCE_SELECTOR,
            namespaces = Constants.WATCH_ALL_NAMESPACES))
final class InferenceServiceDependent extends WorkloadServiceDependent {

  static final String NAME = "inference-service";

  InferenceServiceDependent() {
    super(Workload.INFERENCE);
  }
}
