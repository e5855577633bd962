package dev.sundae.operator.runtime;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Kubernetes Events on the resources the operator reconciles, so that {@code kubectl
 * describe tenant} shows what went wrong and when. A failed write is logged, never fatal.
 */
public class EventRecorder {

  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private static final String COMPONENT = "sundae-operator";

  private final KubernetesClient client;

  public EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  public void normal(HasMetadata resource, String reason, String message) {
    record(resource, "Normal", reason, message);
  }

  public void warning(HasMetadata resource, String reason, String message) {
    record(resource, "Warning", reason, message);
  }

  private void record(HasMetadata resource, String type, String reason, String message) {
    String namespace =
        resource.getMetadata().getNamespace() != null
            ? resource.getMetadata().getNamespace()
            : "default";
    String now = Instant.now().toString();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(resource.getMetadata().getName() + "." + UUID.randomUUID())
            .withNamespace(namespace)
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(resource.getApiVersion())
                    .withKind(resource.getKind())
                    .withName(resource.getMetadata().getName())
                    .withNamespace(resource.getMetadata().getNamespace())
                    .withUid(resource.getMetadata().getUid())
                    .withResourceVersion(resource.getMetadata().getResourceVersion())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(message == null ? "" : truncate(message))
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      log.warn(
          "Could not record event {} on {}: {}",
          reason,
          resource.getMetadata().getName(),
          e.getMessage());
    }
  }

  private static String truncate(String message) {
    return message.length() > 1000 ? message.substring(0, 1000) + "..." : message;
  }
}
