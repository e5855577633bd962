package dev.sundae.operator;

import dev.sundae.tenancy.TrustedCas;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How the operator runs, from environment variables (the Helm chart sets them).
 *
 * @param watchedNamespaces namespaces whose Tenants it reconciles; empty for all
 * @param resyncInterval every Tenant is reconciled at least this often, which puts back changes
 *     made by hand to buckets, users and queues (Kubernetes objects are repaired at once)
 * @param retryMaxInterval the longest wait between retries of a failing Tenant
 * @param httpPort port of /metrics, /healthz and /readyz; 0 for a free one
 * @param leaderElection whether to elect a leader among replicas before reconciling
 * @param leaseNamespace namespace of the leader-election Lease (empty: the operator's own)
 * @param reconcileThreads Tenants reconciled at the same time
 * @param secretNamespaces the only namespaces an Environment's Secrets may be read from: the
 *     operator's own ({@code SUNDAE_OPERATOR_NAMESPACE}) and those of {@code
 *     SUNDAE_SECRET_NAMESPACES}; empty (an operator run outside a cluster that names neither): any
 * @param trustedCas PEM certificates of the CAs that sign the backends' certificates, beyond the
 *     JDK's ({@link TrustedCas#VARIABLE}): the operator trusts them and hands them to every
 *     workload it runs
 */
public record OperatorSettings(
    Set<String> watchedNamespaces,
    Duration resyncInterval,
    Duration retryMaxInterval,
    int httpPort,
    boolean leaderElection,
    Optional<String> leaseNamespace,
    int reconcileThreads,
    Set<String> secretNamespaces,
    Optional<String> trustedCas) {

  public static final String LEASE_NAME = "sundae-operator-leader";

  public static OperatorSettings fromEnvironment() {
    return from(System.getenv());
  }

  static OperatorSettings from(Map<String, String> env) {
    return new OperatorSettings(
        list(env, "SUNDAE_WATCH_NAMESPACES"),
        duration(env, "SUNDAE_RESYNC_INTERVAL", Duration.ofMinutes(5)),
        duration(env, "SUNDAE_RETRY_MAX_INTERVAL", Duration.ofMinutes(1)),
        Integer.parseInt(env.getOrDefault("SUNDAE_HTTP_PORT", "8080")),
        Boolean.parseBoolean(env.getOrDefault("SUNDAE_LEADER_ELECTION", "false")),
        Optional.ofNullable(env.get("SUNDAE_LEASE_NAMESPACE")).filter(s -> !s.isBlank()),
        Integer.parseInt(env.getOrDefault("SUNDAE_RECONCILE_THREADS", "50")),
        Stream.concat(
                list(env, "SUNDAE_SECRET_NAMESPACES").stream(),
                Stream.ofNullable(env.get("SUNDAE_OPERATOR_NAMESPACE")))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet()),
        Optional.ofNullable(env.get(TrustedCas.VARIABLE)).filter(s -> !s.isBlank()));
  }

  private static Set<String> list(Map<String, String> env, String key) {
    return Arrays.stream(env.getOrDefault(key, "").split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Settings for tests and local runs: quick resync and retries, no leader election. */
  public static OperatorSettings local(Duration resyncInterval) {
    return new OperatorSettings(
        Set.of(),
        resyncInterval,
        Duration.ofSeconds(5),
        0,
        false,
        Optional.empty(),
        50,
        Set.of(),
        Optional.empty());
  }

  /** The same settings, trusting these CAs (PEM) beyond the JDK's. */
  public OperatorSettings withTrustedCas(Optional<String> pem) {
    return new OperatorSettings(
        watchedNamespaces,
        resyncInterval,
        retryMaxInterval,
        httpPort,
        leaderElection,
        leaseNamespace,
        reconcileThreads,
        secretNamespaces,
        pem);
  }

  private static Duration duration(Map<String, String> env, String key, Duration fallback) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Duration.parse(value);
    } catch (java.time.format.DateTimeParseException notIso) {
      return Duration.ofSeconds(Long.parseLong(value.trim()));
    }
  }
}
