package dev.sundae.operator.tenant;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The tenant's inference Deployment. */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector = TenantObjects.INFERENCE_SELECTOR,
            namespaces = Constants.WATCH_ALL_NAMESPACES))
final class InferenceDeploymentDependent extends WorkloadDeploymentDependent {

  static final String NAME = "inference-deployment";

  InferenceDeploymentDependent() {
    super(Workload.INFERENCE);
  }
}
