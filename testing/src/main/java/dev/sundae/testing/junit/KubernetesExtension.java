package dev.sundae.testing.junit;

import dev.sundae.testing.kubernetes.KubeControlPlane;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** See {@link WithKubernetes}. */
public final class KubernetesExtension extends ServerExtension<KubeControlPlane> {

  public KubernetesExtension() {
    super(KubeControlPlane.class);
  }

  @Override
  protected KubeControlPlane create(ExtensionContext context) {
    boolean controllerManager =
        AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WithKubernetes.class)
            .map(WithKubernetes::controllerManager)
            .orElse(true);
    return new KubeControlPlane(controllerManager);
  }
}
