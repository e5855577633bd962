package dev.sundae.operator.queue;

import java.util.Optional;

/**
 * The SQS-compatible queue service of one environment: a tenant's queue and its dead-letter queue.
 * Every method is idempotent.
 */
public interface QueueService {

  /**
   * Creates the dead-letter queue {@code name + "-dlq"} and the queue {@code name} with a redrive
   * policy to it, or brings their attributes back to the given values.
   */
  QueueUrls ensureQueues(String name, int visibilityTimeoutSeconds, int maxReceiveCount);

  /** The URLs of both queues, when both exist. */
  Optional<QueueUrls> find(String name);

  /** Deletes both queues; nothing happens when they are gone. */
  void deleteQueues(String name);
}
