package dev.sundae.operator.runtime;

import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.api.ImagesSpec;
import dev.sundae.tenancy.TrustedCas;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What every Deployment the operator makes shares (the Environment's gateway, the tenants'
 * inference and chat): a pod that runs as non-root under Pod Security 'restricted', a read-only
 * root file system with a writable /tmp, Spring Boot's health probes on the port named 'http', and
 * a digest of a Secret on the pod template, so that a change of the Secret rolls the pods.
 */
public final class Pods {

  private Pods() {}

  /** The kubelet's pull policy from the Environment's images; {@code IfNotPresent} by default. */
  public static String pullPolicy(EnvironmentSpec environment) {
    return Optional.ofNullable(environment.getImages())
        .map(ImagesSpec::getPullPolicy)
        .map(
            policy ->
                switch (policy) {
                  case ALWAYS -> "Always";
                  case NEVER -> "Never";
                  case IF_NOT_PRESENT -> "IfNotPresent";
                })
        .orElse("IfNotPresent");
  }

  public static PodSecurityContext restrictedPod() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  public static SecurityContext restrictedContainer() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .addToDrop("ALL")
        .endCapabilities()
        .build();
  }

  /** The name of the container port of a service's public API. */
  public static final String HTTP_PORT = "http";

  /**
   * Where the gateway and the chat serve actuator (health, prometheus): a port of its own, which no
   * Service exposes, so that the public port answers the API only. The operator sets it with {@link
   * #managementPortVariable()} and names it {@link #MANAGEMENT_PORT_NAME} for the probes.
   */
  public static final int MANAGEMENT_PORT = 8081;

  public static final String MANAGEMENT_PORT_NAME = "management";

  public static ContainerPort managementPort() {
    return new ContainerPortBuilder()
        .withName(MANAGEMENT_PORT_NAME)
        .withContainerPort(MANAGEMENT_PORT)
        .build();
  }

  /** Spring Boot's own setting, so the service's image needs nothing else. */
  public static EnvVar managementPortVariable() {
    return new EnvVarBuilder()
        .withName("MANAGEMENT_SERVER_PORT")
        .withValue(Integer.toString(MANAGEMENT_PORT))
        .build();
  }

  /**
   * The CAs the operator trusts beyond the JDK's, for a workload to trust as well ({@link
   * TrustedCas}); none when there are none. Certificates are public, so a plain value: a change
   * rolls the pods through their template.
   */
  public static List<EnvVar> trustVariables(Optional<String> trustedCas) {
    return trustedCas.stream()
        .map(pem -> new EnvVarBuilder().withName(TrustedCas.VARIABLE).withValue(pem).build())
        .toList();
  }

  /** Readiness on the named container port, where actuator answers. */
  public static Probe readiness(String port) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath("/actuator/health/readiness")
        .withNewPort(port)
        .endHttpGet()
        .build();
  }

  /**
   * Liveness, checked once the startup probe has passed: a JVM that starts slowly (a busy node
   * starts many at once; seen on a 2-core kind node, where a fixed 30 s initial delay had the
   * kubelet kill Pods that were still starting) is never restarted for it.
   */
  public static Probe liveness(String port) {
    return livenessCheck(port).build();
  }

  /** Up to 5 minutes for Spring Boot to come up, then {@link #liveness} takes over. */
  public static Probe startup(String port) {
    return livenessCheck(port).withPeriodSeconds(5).withFailureThreshold(60).build();
  }

  private static ProbeBuilder livenessCheck(String port) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath("/actuator/health/liveness")
        .withNewPort(port)
        .endHttpGet();
  }

  /** The emptyDir the read-only root file system leaves writable, mounted by {@link #tmpMount}. */
  public static Volume tmpVolume() {
    return new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build();
  }

  public static VolumeMount tmpMount() {
    return new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build();
  }

  /** A short digest of the Secret's content as it is in the cluster ("" when it is absent). */
  public static String digest(Optional<Secret> secret) {
    String data = secret.map(Secret::getData).map(TreeMap::new).map(Object::toString).orElse("");
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(data.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
