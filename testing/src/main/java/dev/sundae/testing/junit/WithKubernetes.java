package dev.sundae.testing.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts a real Kubernetes control plane ({@link dev.sundae.testing.kubernetes.KubeControlPlane})
 * for the annotated test class; declare a parameter of that type to get it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KubernetesExtension.class)
public @interface WithKubernetes {

  /** Also run kube-controller-manager (garbage collection, namespace deletion, Deployments). */
  boolean controllerManager() default true;
}
