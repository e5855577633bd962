package dev.sundae.inference.worker;

import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Moves a message that can never be processed to the tenant's dead-letter queue at once, with the
 * reason, rather than letting it come back maxReceiveCount times first.
 */
final class DeadLetters {

  static final String REASON = "reason";
  static final String SOURCE_QUEUE = "source-queue";
  static final String SOURCE_MESSAGE = "source-message-id";

  private final SqsClient sqs;
  private final String queueUrl;
  private final String deadLetterUrl;

  DeadLetters(SqsClient sqs, String queueUrl, String deadLetterUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.deadLetterUrl = deadLetterUrl;
  }

  /** Sends the message to the dead-letter queue; the caller then deletes the original. */
  void send(Message message, String reason) {
    sqs.sendMessage(
        b ->
            b.queueUrl(deadLetterUrl)
                .messageBody(message.body())
                .messageAttributes(
                    Map.of(
                        REASON, text(reason),
                        SOURCE_QUEUE, text(queueUrl),
                        SOURCE_MESSAGE, text(message.messageId()))));
  }

  private static MessageAttributeValue text(String value) {
    // attribute values are bounded only by the message size; keep a long exception readable
    String shown = value.length() > 1000 ? value.substring(0, 1000) + "..." : value;
    return MessageAttributeValue.builder().dataType("String").stringValue(shown).build();
  }
}
