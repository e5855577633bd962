package dev.sundae.gateway.bridge;

import dev.sundae.tenancy.ObjectCreatedEvent;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.web.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Forwards one MinIO event notification, unchanged, to the queue of the tenant that owns the
 * bucket; the inference worker reads MinIO's wrapper and AWS's plain {@code {"Records": [...]}}
 * alike ({@code ObjectCreatedEvent.parse}). A notification naming buckets of two tenants is refused
 * whole, so no tenant ever receives another's object keys.
 */
@Component
class EventBridge {

  private static final Logger LOG = LoggerFactory.getLogger(EventBridge.class);

  private final TenantDirectory tenants;
  private final TenantQueues queues;
  private final JsonMapper json;
  private final MeterRegistry meters;

  EventBridge(TenantDirectory tenants, TenantQueues queues, JsonMapper json, MeterRegistry meters) {
    this.tenants = tenants;
    this.queues = queues;
    this.json = json;
    this.meters = meters;
  }

  /** Returns the SQS message id once the tenant's queue has accepted the notification. */
  String forward(String notification) {
    Set<String> buckets = buckets(notification);
    if (buckets.size() != 1) {
      throw Problems.badRequest(
          "invalid-event", "an event notification must name exactly one bucket, not " + buckets);
    }
    String bucket = buckets.iterator().next();
    TenantConfig tenant =
        tenants
            .byBucket(bucket)
            .orElseThrow(
                () -> {
                  LOG.warn("Dropping an event of bucket {}: no tenant owns it", bucket);
                  meters
                      .counter("sundae.bridge.events", "tenant", "", "outcome", "unknown-bucket")
                      .increment();
                  return Problems.of(
                      HttpStatus.UNPROCESSABLE_CONTENT,
                      "unknown-bucket",
                      "Unknown bucket",
                      "No tenant owns bucket " + bucket);
                });
    try {
      String messageId = queues.send(tenant, notification);
      meters
          .counter("sundae.bridge.events", "tenant", tenant.name(), "outcome", "forwarded")
          .increment();
      return messageId;
    } catch (SdkException e) {
      // Not a 2xx: MinIO keeps the event in its queue_dir and sends it again.
      LOG.warn("Queue of tenant {} refused an event: {}", tenant.name(), e.getMessage());
      meters
          .counter("sundae.bridge.events", "tenant", tenant.name(), "outcome", "queue-failed")
          .increment();
      throw Problems.of(
          HttpStatus.SERVICE_UNAVAILABLE,
          "queue-unavailable",
          "Queue unavailable",
          "The queue of the bucket's tenant did not accept the event; send it again later");
    }
  }

  private Set<String> buckets(String notification) {
    JsonNode records;
    try {
      records = json.readTree(notification).path("Records");
    } catch (JacksonException e) {
      throw Problems.badRequest("invalid-event", "not JSON: " + e.getOriginalMessage());
    }
    if (!records.isArray() || records.isEmpty()) {
      throw Problems.badRequest("invalid-event", "no Records in the event notification");
    }
    Set<String> buckets = new TreeSet<>();
    for (JsonNode record : records) {
      String name = record.path("eventName").asString("");
      if (!ObjectCreatedEvent.isObjectCreated(name)) {
        // the buckets' notifications are for created objects only: anything else is forged
        throw Problems.badRequest(
            "invalid-event", "a record of event '" + name + "', not an object creation");
      }
      buckets.add(record.path("s3").path("bucket").path("name").asString(""));
    }
    try {
      // what the worker will read, checked here: the record count, keys and times
      ObjectCreatedEvent.parse(notification);
    } catch (IllegalArgumentException e) {
      throw Problems.badRequest("invalid-event", e.getMessage());
    }
    return buckets;
  }
}
