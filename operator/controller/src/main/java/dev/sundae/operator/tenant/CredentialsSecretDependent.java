package dev.sundae.operator.tenant;

import static dev.sundae.operator.tenant.CredentialsSecret.DB_PASSWORD;
import static dev.sundae.operator.tenant.CredentialsSecret.PUSH_VAPID_PRIVATE_KEY;
import static dev.sundae.operator.tenant.CredentialsSecret.PUSH_VAPID_PUBLIC_KEY;
import static dev.sundae.operator.tenant.CredentialsSecret.S3_ACCESS_KEY;
import static dev.sundae.operator.tenant.CredentialsSecret.S3_SECRET_KEY;

import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.queue.QueueUrls;
import dev.sundae.operator.storage.BucketCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The tenant's credentials Secret, in the tenant namespace: bucket keys, queue URLs and the
 * database login, the VAPID key pair its chat signs Web Push with, as environment variables its
 * workloads load whole. The platform hands out nothing else, and nothing in it opens another
 * tenant's data.
 */
@KubernetesDependent(
    informer =
        @Informer(
            // every other Secret of the operator's in the namespace carries a component label
            labelSelector = TenantObjects.SELECTOR + ",!" + TenantObjects.COMPONENT_LABEL,
            namespaces = Constants.WATCH_ALL_NAMESPACES))
final class CredentialsSecretDependent extends CRUDNoGCKubernetesDependentResource<Secret, Tenant> {

  static final String NAME = "credentials";

  /** What the Secret holds now, read before the external dependents run. */
  record Current(Map<String, String> values) {

    Optional<BucketCredentials> bucketCredentials() {
      String accessKey = values.get(S3_ACCESS_KEY);
      String secretKey = values.get(S3_SECRET_KEY);
      return accessKey == null || secretKey == null
          ? Optional.empty()
          : Optional.of(new BucketCredentials(accessKey, secretKey));
    }

    Optional<String> databasePassword() {
      return Optional.ofNullable(values.get(DB_PASSWORD));
    }

    Optional<VapidKeys> vapidKeys() {
      return VapidKeys.parse(values.get(PUSH_VAPID_PUBLIC_KEY), values.get(PUSH_VAPID_PRIVATE_KEY));
    }
  }

  CredentialsSecretDependent() {
    super(Secret.class);
  }

  static Current current(Context<Tenant> context) {
    Map<String, String> values = new LinkedHashMap<>();
    context
        .getSecondaryResource(Secret.class, NAME)
        .map(Secret::getData)
        .ifPresent(
            data ->
                data.forEach(
                    (k, v) ->
                        values.put(
                            k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8))));
    return new Current(values);
  }

  // The Secret's name is fixed; looking it up must not need the values only a reconcile has
  // (cleanup looks it up too).
  @Override
  protected ResourceID targetSecondaryResourceID(Tenant tenant, Context<Tenant> context) {
    TenantContext tenantContext = TenantContext.of(context);
    return new ResourceID(
        tenantContext.names().credentialsSecret(), tenantContext.names().namespace());
  }

  @Override
  protected Secret desired(Tenant tenant, Context<Tenant> context) {
    TenantContext tenantContext = TenantContext.of(context);
    var env = tenantContext.environment().getSpec();
    BucketCredentials keys = TenantContext.shared(context, BucketCredentials.class).orElseThrow();
    QueueUrls queues = TenantContext.shared(context, QueueUrls.class).orElseThrow();
    DatabaseLogin login = TenantContext.shared(context, DatabaseLogin.class).orElseThrow();
    Map<String, String> values =
        CredentialsSecret.values(env, tenantContext.names().bucket(), keys, queues, login);
    VapidKeys vapid = vapidKeys(context);
    values.put(PUSH_VAPID_PUBLIC_KEY, vapid.publicKey());
    values.put(PUSH_VAPID_PRIVATE_KEY, vapid.privateKey());
    Map<String, String> data = new LinkedHashMap<>();
    values.forEach(
        (k, v) ->
            data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withMetadata(
            TenantObjects.metadata(tenantContext, tenantContext.names().credentialsSecret()))
        .withType("Opaque")
        .withData(data)
        .build();
  }

  // kept while the Secret holds a valid pair; one pair per reconcile however often JOSDK asks
  private static VapidKeys vapidKeys(Context<Tenant> context) {
    return TenantContext.shared(context, VapidKeys.class)
        .or(() -> current(context).vapidKeys())
        .orElseGet(
            () -> {
              VapidKeys generated = VapidKeys.generate();
              TenantContext.share(context, VapidKeys.class, generated);
              return generated;
            });
  }
}
