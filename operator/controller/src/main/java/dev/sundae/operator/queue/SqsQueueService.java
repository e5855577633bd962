package dev.sundae.operator.queue;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * {@link QueueService} on the SQS API (AWS SQS, ElasticMQ). Existing queues are compared attribute
 * by attribute and only what differs is written back. Failures surface as the AWS SDK's exceptions,
 * whose messages carry the server's reason.
 */
public final class SqsQueueService implements QueueService, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SqsQueueService.class);

  static final String DEAD_LETTER_SUFFIX = "-dlq";

  /** SQS's longest retention, 14 days: time for someone to look at what could not be processed. */
  static final String DEAD_LETTER_RETENTION_SECONDS = Integer.toString(14 * 24 * 3600);

  // SQS allows 80 characters; the dead-letter queue's suffix needs four of them.
  private static final Pattern QUEUE_NAME = Pattern.compile("^[A-Za-z0-9_-]{1,76}$");

  private final SqsClient sqs;

  public SqsQueueService(SqsClient sqs) {
    this.sqs = sqs;
  }

  /** Connects to SQS in {@code region}, or to the SQS-compatible server at {@code endpoint}. */
  public static SqsQueueService connect(
      Optional<URI> endpoint, Region region, AwsCredentialsProvider credentials) {
    var builder =
        SqsClient.builder()
            .region(region)
            .credentialsProvider(credentials)
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60)));
    endpoint.ifPresent(builder::endpointOverride);
    return new SqsQueueService(builder.build());
  }

  @Override
  public QueueUrls ensureQueues(String name, int visibilityTimeoutSeconds, int maxReceiveCount) {
    requireValidName(name);
    if (visibilityTimeoutSeconds < 0 || maxReceiveCount < 1) {
      throw new IllegalArgumentException(
          "visibilityTimeoutSeconds must be at least 0 and maxReceiveCount at least 1");
    }
    // The dead-letter queue first: the queue's redrive policy names it by ARN. Its retention is
    // set when it is created but not kept up: ElasticMQ ignores the attribute, so writing it
    // again on every reconcile would change nothing there.
    String deadLetterUrl =
        ensureQueue(
            name + DEAD_LETTER_SUFFIX,
            Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, DEAD_LETTER_RETENTION_SECONDS),
            Map.of());
    String deadLetterArn =
        sqs.getQueueAttributes(
                b -> b.queueUrl(deadLetterUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    String queueUrl =
        ensureQueue(
            name,
            Map.of(),
            Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT,
                Integer.toString(visibilityTimeoutSeconds),
                QueueAttributeName.REDRIVE_POLICY,
                new RedrivePolicy(deadLetterArn, maxReceiveCount).toJson()));
    return new QueueUrls(queueUrl, deadLetterUrl);
  }

  @Override
  public Optional<QueueUrls> find(String name) {
    requireValidName(name);
    return url(name)
        .flatMap(queue -> url(name + DEAD_LETTER_SUFFIX).map(dlq -> new QueueUrls(queue, dlq)));
  }

  @Override
  public void deleteQueues(String name) {
    requireValidName(name);
    delete(name);
    delete(name + DEAD_LETTER_SUFFIX);
  }

  @Override
  public void close() {
    sqs.close();
  }

  /**
   * Creates the queue with {@code atCreation} and {@code kept}, or sets back those of the {@code
   * kept} attributes that differ.
   */
  private String ensureQueue(
      String name,
      Map<QueueAttributeName, String> atCreation,
      Map<QueueAttributeName, String> kept) {
    Optional<String> existing = url(name);
    if (existing.isEmpty()) {
      Map<QueueAttributeName, String> attributes = new HashMap<>(atCreation);
      attributes.putAll(kept);
      String url = sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
      LOG.info("Created queue {}", name);
      return url;
    }
    String url = existing.get();
    if (kept.isEmpty()) {
      return url;
    }
    Map<QueueAttributeName, String> actual =
        sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(kept.keySet())).attributes();
    Map<QueueAttributeName, String> drifted = new HashMap<>();
    kept.forEach(
        (attribute, value) -> {
          if (!same(attribute, actual.get(attribute), value)) {
            drifted.put(attribute, value);
          }
        });
    if (!drifted.isEmpty()) {
      sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(drifted));
      LOG.info("Set {} of queue {} back to the desired values", drifted.keySet(), name);
    }
    return url;
  }

  private static boolean same(QueueAttributeName attribute, String actual, String desired) {
    if (attribute == QueueAttributeName.REDRIVE_POLICY) {
      return RedrivePolicy.parse(actual).equals(RedrivePolicy.parse(desired));
    }
    return Objects.equals(actual, desired);
  }

  private Optional<String> url(String name) {
    try {
      return Optional.of(sqs.getQueueUrl(b -> b.queueName(name)).queueUrl());
    } catch (QueueDoesNotExistException e) {
      return Optional.empty();
    }
  }

  private void delete(String name) {
    Optional<String> url = url(name);
    if (url.isEmpty()) {
      return;
    }
    try {
      sqs.deleteQueue(b -> b.queueUrl(url.get()));
      LOG.info("Deleted queue {}", name);
    } catch (QueueDoesNotExistException e) {
      // deleted by someone else in between: the outcome we wanted
    }
  }

  private static void requireValidName(String name) {
    if (name == null || !QUEUE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Invalid queue name '" + name + "': 1 to 76 of A-Z, a-z, 0-9, '-', '_'");
    }
  }
}
