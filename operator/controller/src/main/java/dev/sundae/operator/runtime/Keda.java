package dev.sundae.operator.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether the cluster serves KEDA's ScaledObject, asked of the API server's discovery at most once
 * a minute: installing (or removing) KEDA switches the Tenants' inference scaling at their next
 * reconcile, without restarting the operator.
 */
public final class Keda {

  public static final String API_VERSION = "keda.sh/v1alpha1";
  public static final String SCALED_OBJECT = "ScaledObject";
  public static final String TRIGGER_AUTHENTICATION = "TriggerAuthentication";
  private static final Duration RECHECK = Duration.ofMinutes(1);

  private final Clock clock;
  private Instant checkedAt = Instant.MIN;
  private boolean installed;

  public Keda(Clock clock) {
    this.clock = clock;
  }

  public synchronized boolean installed(KubernetesClient client) {
    Instant now = clock.instant();
    if (Duration.between(checkedAt, now).compareTo(RECHECK) >= 0) {
      installed = client.supports(API_VERSION, SCALED_OBJECT);
      checkedAt = now;
    }
    return installed;
  }
}
