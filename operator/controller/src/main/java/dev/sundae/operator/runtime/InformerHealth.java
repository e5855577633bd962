package dev.sundae.operator.runtime;

import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.api.config.InformerStoppedHandler;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when an informer gives up. The operator's informers retry every error but one they
 * cannot recover from by retrying (a resource they cannot deserialize), as Strimzi's and
 * client-go's do; a watch that the API server ends with an error event ("Timeout: Too large
 * resource version" from a young or slow API server) is relisted, not fatal. An informer that stops
 * all the same is recorded here and fails /healthz, so that the kubelet restarts the operator:
 * JOSDK's default handler calls {@code System.exit(1)} instead, which takes down whatever JVM
 * embeds the operator (a test run's, for one) without a word to its probes.
 */
public final class InformerHealth implements InformerStoppedHandler {

  private static final Logger log = LoggerFactory.getLogger(InformerHealth.class);

  private final Map<String, String> stopped = new ConcurrentSkipListMap<>();

  @Override
  public void onStop(SharedIndexInformer informer, Throwable error) {
    if (error == null) {
      return; // stopped on purpose: the operator is shutting down
    }
    String resource = informer.getApiTypeClass().getSimpleName();
    log.error(
        "The informer of {} stopped and will not resume; /healthz fails from now on",
        resource,
        error);
    stopped.put(resource, String.valueOf(error.getMessage()));
  }

  /** Why the operator is broken, if an informer stopped; empty while every one runs. */
  public Optional<String> failure() {
    if (stopped.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder why = new StringBuilder("informers stopped:");
    stopped.forEach(
        (resource, error) ->
            why.append(' ').append(resource).append(" (").append(error).append(')'));
    return Optional.of(why.toString());
  }
}
