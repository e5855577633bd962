package dev.sundae.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.testing.junit.WithElasticMq;
import dev.sundae.testing.sqs.ElasticMqServer;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

@WithElasticMq
class ElasticMqServerIT {

  @Test
  void returnsAnUndeletedMessageAfterItsVisibilityTimeout(ElasticMqServer sqs) {
    try (SqsClient client =
        SqsClient.builder()
            .endpointOverride(URI.create(sqs.endpoint()))
            .region(Region.of(ElasticMqServer.REGION))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
            .build()) {
      String queue =
          client
              .createQueue(
                  b ->
                      b.queueName("smoke")
                          .attributesWithStrings(java.util.Map.of("VisibilityTimeout", "1")))
              .queueUrl();
      assertThat(queue)
          .as("the queue URL names this server, as hack/elasticmq/elasticmq.conf is told")
          .isEqualTo(sqs.endpoint() + "/000000000000/smoke");
      client.sendMessage(b -> b.queueUrl(queue).messageBody("hello"));

      Message first = receiveOne(client, queue);
      assertThat(first.body()).isEqualTo("hello");
      assertThat(client.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(0)).messages())
          .as("invisible while its visibility timeout runs")
          .isEmpty();

      Message again = receiveOne(client, queue);
      assertThat(again.messageId()).isEqualTo(first.messageId());
      assertThat(again.attributesAsStrings()).isNotNull();

      client.deleteMessage(b -> b.queueUrl(queue).receiptHandle(again.receiptHandle()));
      assertThat(client.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(2)).messages())
          .as("gone once deleted, even after the visibility timeout")
          .isEmpty();
    }
  }

  private static Message receiveOne(SqsClient client, String queue) {
    List<Message> messages =
        client
            .receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(5).maxNumberOfMessages(1))
            .messages();
    assertThat(messages).hasSize(1);
    return messages.get(0);
  }
}
