package dev.sundae.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.e2e.support.Frames;
import dev.sundae.e2e.support.Gateway;
import dev.sundae.e2e.support.Platform;
import dev.sundae.tenancy.Arms;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** A picture that is no picture ends in its tenant's dead-letter queue; good ones keep flowing. */
class DeadLetterE2E {

  private final Platform platform = Platform.get();
  private final Gateway gateway = platform.gateway();

  @Test
  void corruptPictureEndsInTheTenantsDeadLetterQueueWhileGoodPicturesFlow() {
    String tenant = platform.tenantNames().get(1);
    String token = platform.token(tenant);
    byte[] text = "this is a text file, renamed .jpg\n".repeat(20).getBytes(StandardCharsets.UTF_8);
    Gateway.Upload bad = gateway.requestUpload(token, "image/jpeg", text.length);
    assertThat(gateway.put(bad, text).status()).isEqualTo(200);
    byte[] pink = Frames.jpeg(Frames.PINK, 31);
    // a session in the model's arm: a held-out one is shown the best sellers (HoldoutE2E)
    String session = platform.facts(tenant).session(Arms.Arm.MODEL);
    Gateway.Upload good =
        gateway.requestUpload(token, "image/jpeg", pink.length, "e2e-store", session);
    assertThat(gateway.put(good, pink).status()).isEqualTo(200);

    Gateway.Response goodResult = gateway.recommendation(token, good.requestId(), 10_000);
    assertThat(goodResult.status()).isEqualTo(200);
    assertThat(goodResult.flavours().get(0)).isEqualTo("strawberry");

    String deadLetterUrl = platform.facts(tenant).deadLetterQueueUrl();
    Optional<Message> deadLetter = findDeadLetter(deadLetterUrl, bad.requestId().toString());
    assertThat(deadLetter).as("dead letter of %s", bad.requestId()).isPresent();
    assertThat(deadLetter.get().messageAttributes().get("reason").stringValue()).isNotBlank();
    assertThat(gateway.recommendation(token, bad.requestId(), 0).status()).isEqualTo(404);
    // and not in the other tenant's dead-letter queue
    String otherDeadLetterUrl = platform.facts(platform.tenantNames().get(0)).deadLetterQueueUrl();
    assertThat(
            findDeadLetter(otherDeadLetterUrl, bad.requestId().toString(), Duration.ofSeconds(2)))
        .isEmpty();
  }

  private Optional<Message> findDeadLetter(String queueUrl, String requestId) {
    return findDeadLetter(queueUrl, requestId, Duration.ofSeconds(30));
  }

  /**
   * Looks through the dead-letter queue for the message of {@code requestId}; the others (of
   * earlier runs) are left there, hidden for a moment only.
   */
  private Optional<Message> findDeadLetter(String queueUrl, String requestId, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    try (SqsClient sqs = platform.sqs()) {
      do {
        for (Message message :
            sqs.receiveMessage(
                    r ->
                        r.queueUrl(queueUrl)
                            .maxNumberOfMessages(10)
                            .visibilityTimeout(1)
                            .waitTimeSeconds(1)
                            .messageAttributeNames("All"))
                .messages()) {
          if (message.body().contains(requestId)) {
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            return Optional.of(message);
          }
        }
      } while (System.nanoTime() < deadline);
    }
    return Optional.empty();
  }
}
