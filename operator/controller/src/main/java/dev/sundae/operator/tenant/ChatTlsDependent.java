package dev.sundae.operator.tenant;

import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.tls.ServerTls;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * The chat's server certificate ({@link ServerTls}), issued by the Environment's CA for the chat
 * Service's names; kept while it serves, issued again before it expires or when the CA changes
 * (seen at the next reconcile of the Tenant).
 */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector = ChatTlsDependent.SELECTOR,
            namespaces = Constants.WATCH_ALL_NAMESPACES))
final class ChatTlsDependent extends CRUDNoGCKubernetesDependentResource<Secret, Tenant> {

  static final String NAME = "chat-tls";
  static final String COMPONENT = "chat-tls";
  static final String SELECTOR =
      TenantObjects.SELECTOR + ",app.kubernetes.io/component=" + COMPONENT;

  ChatTlsDependent() {
    super(Secret.class);
  }

  static String secretName() {
    return Workload.CHAT.objectName() + "-tls";
  }

  @Override
  protected Secret desired(Tenant tenant, Context<Tenant> context) {
    TenantContext tenantContext = TenantContext.of(context);
    return ServerTls.secret(
        TenantObjects.metadata(tenantContext, secretName(), COMPONENT),
        tenantContext.certificateAuthority().get(),
        Workload.CHAT.objectName(),
        tenantContext.names().namespace(),
        context.getSecondaryResource(Secret.class, NAME).orElse(null));
  }

  @Override
  protected ResourceID targetSecondaryResourceID(Tenant tenant, Context<Tenant> context) {
    return new ResourceID(secretName(), TenantContext.of(context).names().namespace());
  }
}
