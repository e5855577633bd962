package dev.sundae.operator.tenant;

import dev.sundae.operator.api.AutoscalingSpec;
import dev.sundae.operator.api.Tenant;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Objects;

/**
 * Scales the tenant's inference workers on CPU between the Tenant's bounds: the autoscaler unless
 * the Tenant scales on its queue and KEDA is installed ({@link InferenceQueueScalerDependent}).
 */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector = TenantObjects.INFERENCE_SELECTOR,
            namespaces = Constants.WATCH_ALL_NAMESPACES))
final class InferenceAutoscalerDependent
    extends CRUDNoGCKubernetesDependentResource<HorizontalPodAutoscaler, Tenant> {

  static final String NAME = "inference-autoscaler";

  InferenceAutoscalerDependent() {
    super(HorizontalPodAutoscaler.class);
  }

  @Override
  protected HorizontalPodAutoscaler desired(Tenant tenant, Context<Tenant> context) {
    TenantContext tenantContext = TenantContext.of(context);
    AutoscalingSpec bounds =
        Workload.INFERENCE
            .autoscaling(tenant, tenantContext.environment().getSpec())
            .orElseThrow(() -> new IllegalStateException("autoscaler active without bounds"));
    return new HorizontalPodAutoscalerBuilder()
        .withMetadata(
            TenantObjects.metadata(
                tenantContext, Workload.INFERENCE.objectName(), Workload.INFERENCE.component()))
        .withNewSpec()
        .withNewScaleTargetRef()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName(Workload.INFERENCE.objectName())
        .endScaleTargetRef()
        // a HorizontalPodAutoscaler cannot go below one: zero takes KEDA (QueueScaling)
        .withMinReplicas(QueueScaling.minReplicasAboveZero(bounds))
        .withMaxReplicas(Objects.requireNonNullElse(bounds.getMaxReplicas(), 4))
        .addNewMetric()
        .withType("Resource")
        .withNewResource()
        .withName("cpu")
        .withNewTarget()
        .withType("Utilization")
        .withAverageUtilization(
            Objects.requireNonNullElse(
                bounds.getTargetCpuUtilizationPercent(),
                AutoscalingSpec.DEFAULT_TARGET_CPU_UTILIZATION_PERCENT))
        .endTarget()
        .endResource()
        .endMetric()
        .withNewBehavior()
        .withNewScaleDown()
        .withStabilizationWindowSeconds(
            Objects.requireNonNullElse(
                bounds.getScaleDownStabilizationSeconds(),
                AutoscalingSpec.DEFAULT_SCALE_DOWN_STABILIZATION_SECONDS))
        .endScaleDown()
        .endBehavior()
        .endSpec()
        .build();
  }
}
