package dev.sundae.operator.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import dev.sundae.testing.junit.WithElasticMq;
import dev.sundae.testing.sqs.ElasticMqServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

@WithElasticMq
class SqsQueueServiceIT {

  private SqsQueueService queues;
  private SqsClient sqs;

  @BeforeEach
  void connect(ElasticMqServer server) {
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"));
    URI endpoint = URI.create(server.endpoint());
    Region region = Region.of(ElasticMqServer.REGION);
    queues = SqsQueueService.connect(Optional.of(endpoint), region, credentials);
    sqs =
        SqsClient.builder()
            .endpointOverride(endpoint)
            .region(region)
            .credentialsProvider(credentials)
            .build();
  }

  @AfterEach
  void close() {
    queues.close();
    sqs.close();
  }

  @Test
  void createsQueueWithDeadLetterQueueAndRedrivePolicy() {
    QueueUrls urls = queues.ensureQueues("acme", 30, 3);

    assertThat(urls.queue()).endsWith("/acme");
    assertThat(urls.deadLetterQueue()).endsWith("/acme-dlq");
    Map<QueueAttributeName, String> attributes = attributes(urls.queue());
    assertThat(attributes).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "30");
    assertThat(RedrivePolicy.parse(attributes.get(QueueAttributeName.REDRIVE_POLICY)))
        .contains(new RedrivePolicy(arn(urls.deadLetterQueue()), 3));
    assertThat(queues.ensureQueues("acme", 30, 3)).isEqualTo(urls);
    assertThat(queues.find("acme")).contains(urls);
  }

  @Test
  void movesMessageReceivedTooOftenToTheDeadLetterQueue() {
    QueueUrls urls = queues.ensureQueues("flaky", 1, 2);
    sqs.sendMessage(b -> b.queueUrl(urls.queue()).messageBody("undecodable frame"));

    // Received twice and never deleted, as by a worker that fails on it each time.
    for (int attempt = 1; attempt <= 2; attempt++) {
      await().atMost(Duration.ofSeconds(10)).until(() -> receive(urls.queue()).size() == 1);
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(receive(urls.queue())).isEmpty();
              assertThat(receive(urls.deadLetterQueue()))
                  .extracting(Message::body)
                  .containsExactly("undecodable frame");
            });
  }

  @Test
  void restoresAttributesChangedByHand() {
    QueueUrls urls = queues.ensureQueues("drift", 30, 3);
    sqs.setQueueAttributes(
        b ->
            b.queueUrl(urls.queue())
                .attributes(
                    Map.of(
                        QueueAttributeName.VISIBILITY_TIMEOUT,
                        "999",
                        QueueAttributeName.REDRIVE_POLICY,
                        new RedrivePolicy(arn(urls.deadLetterQueue()), 50).toJson())));

    queues.ensureQueues("drift", 30, 3);

    Map<QueueAttributeName, String> attributes = attributes(urls.queue());
    assertThat(attributes).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "30");
    assertThat(RedrivePolicy.parse(attributes.get(QueueAttributeName.REDRIVE_POLICY)))
        .contains(new RedrivePolicy(arn(urls.deadLetterQueue()), 3));
  }

  @Test
  void recreatesQueueDeletedByHand() {
    QueueUrls urls = queues.ensureQueues("recreated", 30, 3);
    sqs.deleteQueue(b -> b.queueUrl(urls.queue()));
    assertThat(queues.find("recreated")).isEmpty();

    assertThat(queues.ensureQueues("recreated", 30, 3)).isEqualTo(urls);
    assertThat(queues.find("recreated")).contains(urls);
  }

  @Test
  void deletesBothQueuesAndToleratesMissingOnes() {
    queues.ensureQueues("gone", 30, 3);

    queues.deleteQueues("gone");

    assertThat(queues.find("gone")).isEmpty();
    assertThat(sqs.listQueues(b -> b.queueNamePrefix("gone")).queueUrls()).isEmpty();
    assertThatCode(() -> queues.deleteQueues("gone")).doesNotThrowAnyException();
    assertThatCode(() -> queues.deleteQueues("never-created")).doesNotThrowAnyException();
  }

  private Map<QueueAttributeName, String> attributes(String url) {
    return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL))
        .attributes();
  }

  private String arn(String url) {
    return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes()
        .get(QueueAttributeName.QUEUE_ARN);
  }

  private List<Message> receive(String url) {
    return sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1).maxNumberOfMessages(1))
        .messages();
  }
}
