package dev.sundae.gateway.bridge;

import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * MinIO's webhook notification target posts here (it cannot publish to SQS itself). MinIO takes any
 * 2xx as delivered, so the answer is 2xx only once the event is in the tenant's queue.
 */
@RestController
class EventBridgeController {

  private final EventBridge bridge;

  EventBridgeController(EventBridge bridge) {
    this.bridge = bridge;
  }

  @PostMapping(path = "/internal/minio/events", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, String>> receive(@RequestBody String notification) {
    return ResponseEntity.ok(Map.of("messageId", bridge.forward(notification)));
  }
}
