package dev.sundae.inference.worker;

import dev.sundae.inference.model.CandidateModel;
import dev.sundae.inference.model.TenantModel;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * One tenant's loop, on its own thread: long-poll a batch, process it, then delete what is done,
 * dead-letter what never can be, and leave the rest to come back after its visibility timeout.
 * Stopping finishes the batch in hand; a killed worker loses nothing, because a message is deleted
 * only after its recommendation is committed.
 */
final class TenantWorker implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(TenantWorker.class);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

  /** How the loop polls. */
  record Polling(int batchSize, Duration longPoll, Duration maxBackoff) {}

  private final TenantConfig tenant;
  private final SqsClient sqs;
  private final TenantModel model;
  private final CandidateModel candidate; // null without one
  private final BatchProcessor processor;
  private final DeadLetters deadLetters;
  private final WorkerMetrics metrics;
  private final Polling polling;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean migrated;
  private volatile String problem = "starting";
  private volatile String crashed;
  private Duration backoff = FIRST_BACKOFF;

  TenantWorker(
      TenantConfig tenant,
      SqsClient sqs,
      TenantModel model,
      CandidateModel candidate,
      BatchProcessor processor,
      WorkerMetrics metrics,
      Polling polling) {
    this.tenant = tenant;
    this.sqs = sqs;
    this.model = model;
    this.candidate = candidate;
    this.processor = processor;
    this.deadLetters = new DeadLetters(sqs, tenant.queue().url(), tenant.queue().deadLetterUrl());
    this.metrics = metrics;
    this.polling = polling;
  }

  @Override
  public void run() {
    try {
      while (stopRequested.getCount() > 0) {
        try {
          pollOnce();
        } catch (Exception e) {
          problem = e.toString();
          log.warn("Tenant {}: {}; retrying in {}", tenant.name(), e.toString(), backoff);
          pause();
        }
      }
    } catch (Throwable e) {
      // an Error (out of memory, say) ends the loop: say so, so that liveness fails and the
      // kubelet restarts the worker, instead of a Pod that looks healthy and serves nobody
      crashed = e.toString();
      problem = "worker loop ended: " + e;
      log.error("Tenant {}: worker loop ended", tenant.name(), e);
      throw e;
    } finally {
      processor.close();
      model.close();
      if (candidate != null) {
        candidate.close();
      }
      stopped.countDown();
    }
  }

  private void pollOnce() throws Exception {
    if (!migrated) { // here, not at start-up, so one tenant's database cannot hold up the others
      TenantSchema.RECOMMENDATIONS.migrate(tenant.database());
      migrated = true;
    }
    TenantModel.Loaded current = model.current();
    BatchProcessor.Models models =
        candidate == null
            ? BatchProcessor.Models.stableOnly(current)
            : new BatchProcessor.Models(
                current, candidate.current(current).orElse(null), candidate);
    List<Message> messages =
        sqs.receiveMessage(
                b ->
                    b.queueUrl(tenant.queue().url())
                        .maxNumberOfMessages(polling.batchSize())
                        .waitTimeSeconds((int) polling.longPoll().toSeconds()))
            .messages();
    problem = null;
    if (messages.isEmpty()) {
      backoff = FIRST_BACKOFF;
      return;
    }
    List<Delivery> deliveries = processor.process(messages, models);
    if (acknowledge(deliveries)) {
      backoff = FIRST_BACKOFF;
    } else {
      pause(); // the database or the store is in trouble: give it room
    }
  }

  /** Deletes what is done or dead-lettered; returns false when something is left for a retry. */
  private boolean acknowledge(List<Delivery> deliveries) {
    List<Message> done = new ArrayList<>();
    boolean allDone = true;
    for (Delivery delivery : deliveries) {
      if (delivery.retryCause() != null) {
        delivery.frames.forEach(f -> metrics.retried());
        problem = delivery.retryCause().toString();
        allDone = false;
      } else if (delivery.deadLetterReason() != null) {
        log.info(
            "Tenant {}: dead-lettering message {}: {}",
            tenant.name(),
            delivery.message.messageId(),
            delivery.deadLetterReason());
        deadLetters.send(delivery.message, delivery.deadLetterReason());
        metrics.deadLettered();
        done.add(delivery.message);
      } else {
        done.add(delivery.message);
      }
    }
    delete(done);
    return allDone;
  }

  private void delete(List<Message> messages) {
    if (messages.isEmpty()) {
      return;
    }
    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      entries.add(
          DeleteMessageBatchRequestEntry.builder()
              .id(Integer.toString(i))
              .receiptHandle(messages.get(i).receiptHandle())
              .build());
    }
    DeleteMessageBatchResponse response =
        sqs.deleteMessageBatch(b -> b.queueUrl(tenant.queue().url()).entries(entries));
    // an undeleted message comes back and is processed again, harmlessly: the writes are idempotent
    response.failed().forEach(f -> log.warn("Tenant {}: delete failed: {}", tenant.name(), f));
  }

  private void pause() {
    try {
      stopRequested.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
    }
    Duration doubled = backoff.multipliedBy(2);
    backoff = doubled.compareTo(polling.maxBackoff()) > 0 ? polling.maxBackoff() : doubled;
  }

  /** Asks the loop to stop after the batch in hand (and the long-poll under way). */
  void stop() {
    stopRequested.countDown();
  }

  boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  String tenant() {
    return tenant.name();
  }

  /** Null while the loop runs (or was stopped); what ended it otherwise. */
  String crashed() {
    return crashed;
  }

  /** Null while the worker serves; otherwise what keeps it from serving. */
  String problem() {
    return problem;
  }
}
