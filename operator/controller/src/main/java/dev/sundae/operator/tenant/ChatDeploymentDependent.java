package dev.sundae.operator.tenant;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The tenant's chat Deployment. */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector = TenantObjects.CHAT_SELECTOR,
            namespaces = Constants.WATCH_ALL_NAMESPACES))
final class ChatDeploymentDependent extends WorkloadDeploymentDependent {

  static final String NAME = "chat-deployment";

  ChatDeploymentDependent() {
    super(Workload.CHAT);
  }
}
