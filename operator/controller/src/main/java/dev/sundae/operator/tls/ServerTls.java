package dev.sundae.operator.tls;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * How a service the operator runs serves TLS: a {@code kubernetes.io/tls} Secret (the cert-manager
 * layout: {@code tls.crt}, {@code tls.key}, {@code ca.crt}) issued by the Environment's {@link
 * CertificateAuthority} for the Service's DNS names, mounted read-only and handed to Spring Boot as
 * an SSL bundle. The Secret is kept while it still serves and issued again otherwise; the
 * Deployment carries its digest, so a new certificate rolls the pods.
 */
public final class ServerTls {

  /** The Secret of the CA the operator makes when the Environment names none. */
  public static final String CA_SECRET = "sundae-ca";

  public static final String TYPE = "kubernetes.io/tls";
  public static final String CERTIFICATE = "tls.crt";
  public static final String PRIVATE_KEY = "tls.key";
  public static final String CA_CERTIFICATE = "ca.crt";

  /** The name of the port that serves HTTPS, on the container and on the Service. */
  public static final String PORT_NAME = "https";

  /** The Service's port. */
  public static final int SERVICE_PORT = 443;

  static final String VOLUME = "tls";
  static final String MOUNT = "/etc/sundae/tls";
  // one word: an environment variable cannot spell a map key with a dash
  private static final String BUNDLE = "server";

  private ServerTls() {}

  /**
   * The DNS names of Service {@code service} in {@code namespace}, from the shortest to the fully
   * qualified one: what a client in the cluster may call it.
   */
  public static List<String> serviceNames(String service, String namespace) {
    return List.of(
        service + "." + namespace + ".svc",
        service,
        service + "." + namespace,
        service + "." + namespace + ".svc.cluster.local");
  }

  /**
   * The data of the Secret that serves {@code dnsNames}: {@code current}'s as it is while {@code
   * authority} signed it, it names them and it is not due for renewal; else a new certificate.
   */
  public static Map<String, String> data(
      CertificateAuthority authority, List<String> dnsNames, Secret current, Instant now) {
    if (current != null && current.getData() != null) {
      Map<String, String> data = current.getData();
      String certificate = decode(data.get(CERTIFICATE));
      if (authority.certificatePem().equals(decode(data.get(CA_CERTIFICATE)))
          && data.get(PRIVATE_KEY) != null
          && authority.stillServes(certificate, dnsNames, now)) {
        return Map.copyOf(data);
      }
    }
    ServerCertificate issued = authority.issue(dnsNames, now);
    return Map.of(
        CERTIFICATE, encode(issued.certificatePem()),
        PRIVATE_KEY, encode(issued.keyPem()),
        CA_CERTIFICATE, encode(authority.certificatePem()));
  }

  /**
   * The {@code kubernetes.io/tls} Secret with {@code metadata} that serves Service {@code service}
   * of {@code namespace}: {@code current} kept while it serves, else a certificate issued now
   * ({@link #data(CertificateAuthority, List, Secret, Instant)}).
   */
  public static Secret secret(
      ObjectMeta metadata,
      CertificateAuthority authority,
      String service,
      String namespace,
      Secret current) {
    return new SecretBuilder()
        .withMetadata(metadata)
        .withType(TYPE)
        .withData(data(authority, serviceNames(service, namespace), current, Instant.now()))
        .build();
  }

  /** The data of a CA's own Secret. */
  public static Map<String, String> data(CertificateAuthority authority) {
    return Map.of(
        CERTIFICATE, encode(authority.certificatePem()),
        PRIVATE_KEY, encode(authority.keyPem()),
        CA_CERTIFICATE, encode(authority.certificatePem()));
  }

  /** The CA in a {@code kubernetes.io/tls} Secret; {@link IllegalArgumentException} if none. */
  public static CertificateAuthority authority(Secret secret) {
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    String name = secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
    if (data.get(CERTIFICATE) == null || data.get(PRIVATE_KEY) == null) {
      throw new IllegalArgumentException(
          "Secret " + name + " has no " + CERTIFICATE + " and " + PRIVATE_KEY);
    }
    try {
      return CertificateAuthority.fromPem(
          decode(data.get(CERTIFICATE)), decode(data.get(PRIVATE_KEY)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Secret " + name + ": " + e.getMessage(), e);
    }
  }

  /** The pod volume of the server's Secret. */
  public static Volume volume(String secretName) {
    return new VolumeBuilder()
        .withName(VOLUME)
        .withNewSecret()
        .withSecretName(secretName)
        .withDefaultMode(0444)
        .endSecret()
        .build();
  }

  public static VolumeMount mount() {
    return new VolumeMountBuilder()
        .withName(VOLUME)
        .withMountPath(MOUNT)
        .withReadOnly(true)
        .build();
  }

  /**
   * Spring Boot's settings for serving the mounted certificate on the server port; the management
   * port (probes, metrics) stays plain HTTP, reached only by the kubelet and Prometheus.
   */
  public static List<EnvVar> springVariables() {
    String prefix = "SPRING_SSL_BUNDLE_PEM_" + BUNDLE.toUpperCase() + "_";
    return List.of(
        variable("SERVER_SSL_BUNDLE", BUNDLE),
        variable(prefix + "KEYSTORE_CERTIFICATE", MOUNT + "/" + CERTIFICATE),
        variable(prefix + "KEYSTORE_PRIVATEKEY", MOUNT + "/" + PRIVATE_KEY),
        variable("MANAGEMENT_SERVER_SSL_ENABLED", "false"));
  }

  private static EnvVar variable(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static String decode(String base64) {
    return base64 == null
        ? null
        : new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
