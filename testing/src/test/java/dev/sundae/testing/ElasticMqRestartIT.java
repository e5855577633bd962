package dev.sundae.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The local run's ElasticMQ, as hack/run-local.sh starts it (its standalone server, the one
 * configuration, a data folder), keeps every accepted message across a {@code kill -9} sent right
 * after the last one was accepted.
 */
class ElasticMqRestartIT {

  private static final Path CONFIG = Path.of("../hack/elasticmq/elasticmq.conf");

  @Test
  void keepsAcceptedMessagesWhenKilled(@TempDir Path data) {
    int port = ServerProcess.freePort();
    String queue;
    try (ServerProcess first = start(port, data);
        SqsClient sqs = client(port)) {
      queue = sqs.createQueue(b -> b.queueName("frames")).queueUrl();
      for (int i = 1; i <= 20; i++) {
        String body = "frame-" + i;
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody(body));
      }
      first.kill();
    }

    try (ServerProcess second = start(port, data);
        SqsClient sqs = client(port)) {
      List<String> bodies = new java.util.ArrayList<>();
      for (int round = 0; round < 5 && bodies.size() < 20; round++) {
        for (Message message :
            sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages()) {
          bodies.add(message.body());
        }
      }
      assertThat(bodies).hasSize(20).contains("frame-1", "frame-20");
    }
  }

  private static ServerProcess start(int port, Path data) {
    var environment =
        ServerCommands.elasticmqEnvironment(
            "http", "127.0.0.1", port, port, "us-east-1", Optional.of(data));
    ServerProcess process =
        new ServerProcess(
                "elasticmq",
                ServerCommands.elasticmq(
                    System.getProperty("java.class.path"), CONFIG.toAbsolutePath()),
                environment)
            .start();
    return process.awaitReady(Duration.ofSeconds(60), () -> Probes.listening(port));
  }

  private static SqsClient client(int port) {
    return SqsClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .build();
  }
}
