package dev.sundae.inference.worker;

import dev.sundae.inference.frame.FrameBatch;
import dev.sundae.inference.frame.FrameDecoder;
import dev.sundae.inference.frame.UndecodableFrameException;
import dev.sundae.inference.model.TenantModel;
import dev.sundae.inference.recommendation.Recommendation;
import dev.sundae.inference.recommendation.RecommendationWriter;
import dev.sundae.tenancy.ObjectCreatedEvent;
import dev.sundae.tenancy.StorageKeys;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Turns a batch of queue messages into recommendations: reads and decodes every frame, scores them
 * all in one forward pass, and stores each message's results. It decides each message's fate (done,
 * dead-letter, retry) but does not touch the queue. One per worker thread.
 */
final class BatchProcessor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BatchProcessor.class);

  private final String tenant;
  private final FrameStore store;
  private final RecommendationWriter writer;
  private final WorkerMetrics metrics;
  private final Clock clock;
  private final FrameDecoder decoder = new FrameDecoder();
  private final FrameBatch batch;

  BatchProcessor(
      String tenant,
      FrameStore store,
      RecommendationWriter writer,
      WorkerMetrics metrics,
      int capacity,
      Clock clock) {
    this.tenant = tenant;
    this.store = store;
    this.writer = writer;
    this.metrics = metrics;
    this.clock = clock;
    this.batch = new FrameBatch(capacity);
  }

  /**
   * Processes the messages in order, in forward passes of at most the batch's capacity: the batch
   * never grows, so no message can size the worker's memory. A message with more frames than one
   * pass holds is dead-lettered (the bridge and the parser already cap records far below).
   */
  List<Delivery> process(List<Message> messages, TenantModel.Loaded model) {
    List<Delivery> deliveries = messages.stream().map(BatchProcessor::parse).toList();
    List<Delivery> pass = new ArrayList<>();
    batch.clear();
    for (Delivery delivery : deliveries) {
      if (delivery.failed()) {
        continue;
      }
      if (delivery.frames.size() > batch.capacity()) {
        delivery.deadLetter(
            delivery.frames.size() + " records, more than a batch of " + batch.capacity());
        continue;
      }
      if (batch.size() + delivery.frames.size() > batch.capacity()) {
        score(pass, model);
      }
      for (Delivery.Frame frame : delivery.frames) {
        if (!delivery.failed()) {
          prepare(delivery, frame);
        }
      }
      pass.add(delivery);
    }
    score(pass, model);
    return deliveries;
  }

  /** One forward pass over the batch, then each delivery's results stored; empties both. */
  private void score(List<Delivery> pass, TenantModel.Loaded model) {
    float[][] scores =
        batch.size() == 0
            ? new float[0][]
            : metrics.forward().record(() -> model.model().scores(batch));
    for (Delivery delivery : pass) {
      if (!delivery.failed()) {
        store(delivery, model, scores);
      }
    }
    pass.clear();
    batch.clear();
  }

  private static Delivery parse(Message message) {
    Delivery delivery = new Delivery(message);
    try {
      ObjectCreatedEvent.parse(message.body())
          .forEach(e -> delivery.frames.add(new Delivery.Frame(e)));
    } catch (IllegalArgumentException e) {
      delivery.deadLetter(e.getMessage());
    }
    return delivery;
  }

  private void prepare(Delivery delivery, Delivery.Frame frame) {
    String key = frame.event.key();
    try {
      store.checkBucket(frame.event);
      frame.requestId = StorageKeys.requestIdOf(key).orElse(null);
      if (frame.requestId == null) {
        if (key.startsWith("frames/")) {
          throw new PermanentFailure("not a frame key: " + key);
        }
        return; // another object of the tenant's bucket (an export): nothing to recommend
      }
      frame.slot = batch.add(decoder.decode(store.read(frame.event)));
    } catch (PermanentFailure | UndecodableFrameException e) {
      delivery.deadLetter(e.getMessage() + " (" + key + ")");
      consumeTicket(frame);
    } catch (RuntimeException e) {
      log.warn("Tenant {}: reading {} failed, will retry: {}", tenant, key, e.toString());
      delivery.retry(e);
    }
  }

  // settled for good: the gateway's sweep sends events only for tickets nothing consumed
  private void consumeTicket(Delivery.Frame frame) {
    if (frame.requestId == null) {
      return;
    }
    try {
      writer.consumeTicket(frame.requestId);
    } catch (SQLException | RuntimeException e) {
      log.warn(
          "Tenant {}: could not mark ticket {} consumed; the sweep may send its event once more: {}",
          tenant,
          frame.requestId,
          e.toString());
    }
  }

  private void store(Delivery delivery, TenantModel.Loaded model, float[][] scores) {
    for (Delivery.Frame frame : delivery.frames) {
      if (frame.slot < 0) {
        metrics.skipped();
        continue;
      }
      ObjectCreatedEvent event = frame.event;
      Recommendation recommendation =
          new Recommendation(
              frame.requestId,
              event.bucket(),
              event.key(),
              event.versionId(),
              event.eventTime(),
              model.model().version(),
              model.catalogue().ranking(scores[frame.slot]));
      try {
        if (writer.save(recommendation)) {
          metrics.recommended(event.eventTime(), clock.instant());
        } else {
          metrics.duplicate();
        }
      } catch (SQLException | RuntimeException e) {
        log.warn("Tenant {}: storing {} failed, will retry: {}", tenant, event.key(), e.toString());
        delivery.retry(e);
        return;
      }
    }
  }

  @Override
  public void close() {
    decoder.close();
  }
}
