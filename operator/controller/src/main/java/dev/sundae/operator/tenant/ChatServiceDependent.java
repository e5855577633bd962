package dev.sundae.operator.tenant;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The Service in front of the tenant's chat pods. */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector = TenantObjects.CHAT_SELECTOR,
            namespaces = Constants.WATCH_ALL_NAMESPACES))
final class ChatServiceDependent extends WorkloadServiceDependent {

  static final String NAME = "chat-service";

  ChatServiceDependent() {
    super(Workload.CHAT);
  }
}
