package dev.sundae.operator.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * A queue's RedrivePolicy attribute. It is JSON inside a string attribute, and servers write it
 * back in their own style (AWS quotes the count, ElasticMQ does not), so it is compared parsed.
 */
record RedrivePolicy(String deadLetterTargetArn, int maxReceiveCount) {

  private static final ObjectMapper JSON = new ObjectMapper();

  String toJson() {
    return JSON.createObjectNode()
        .put("deadLetterTargetArn", deadLetterTargetArn)
        .put("maxReceiveCount", Integer.toString(maxReceiveCount))
        .toString();
  }

  /** The policy in {@code json}; empty when the attribute is missing or not a redrive policy. */
  static Optional<RedrivePolicy> parse(String json) {
    if (json == null || json.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(json);
      JsonNode arn = node.path("deadLetterTargetArn");
      JsonNode count = node.path("maxReceiveCount");
      if (!arn.isTextual() || !count.asText().matches("\\d{1,9}")) {
        return Optional.empty();
      }
      return Optional.of(new RedrivePolicy(arn.asText(), Integer.parseInt(count.asText())));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
