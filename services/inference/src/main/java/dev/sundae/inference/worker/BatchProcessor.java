package dev.sundae.inference.worker;

import dev.sundae.inference.frame.FrameBatch;
import dev.sundae.inference.frame.FrameDecoder;
import dev.sundae.inference.frame.UndecodableFrameException;
import dev.sundae.inference.model.CandidateModel;
import dev.sundae.inference.model.TenantModel;
import dev.sundae.inference.recommendation.Recommendation;
import dev.sundae.inference.recommendation.RecommendationWriter;
import dev.sundae.tenancy.Arms;
import dev.sundae.tenancy.ObjectCreatedEvent;
import dev.sundae.tenancy.StorageKeys;
import dev.sundae.tenancy.TenantConfig;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
  private final TenantConfig tenantConfig;
  private final FrameStore store;
  private final RecommendationWriter writer;
  private final WorkerMetrics metrics;
  private final Clock clock;
  private final FrameDecoder decoder = new FrameDecoder();
  private final FrameBatch batch;
  private FrameBatch candidateBatch;

  BatchProcessor(
      TenantConfig tenant,
      FrameStore store,
      RecommendationWriter writer,
      WorkerMetrics metrics,
      int capacity,
      Clock clock) {
    this.tenant = tenant.name();
    this.tenantConfig = tenant;
    this.store = store;
    this.writer = writer;
    this.metrics = metrics;
    this.clock = clock;
    this.batch = new FrameBatch(capacity);
  }

  /** The models of one batch: the stable one, and a candidate when it can take traffic. */
  record Models(TenantModel.Loaded stable, TenantModel.Loaded candidate, CandidateModel trial) {

    static Models stableOnly(TenantModel.Loaded stable) {
      return new Models(stable, null, null);
    }

    boolean canary() {
      return candidate != null && trial.trial().mode() == TenantConfig.Candidate.Mode.CANARY;
    }

    boolean shadow() {
      return candidate != null && trial.trial().mode() == TenantConfig.Candidate.Mode.SHADOW;
    }
  }

  /**
   * Processes the messages in order, in forward passes of at most the batch's capacity: the batch
   * never grows, so no message can size the worker's memory. A message with more frames than one
   * pass holds is dead-lettered (the bridge and the parser already cap records far below).
   *
   * <p>With a canary, the frames of its sessions ({@link Arms#candidate}; not the holdout's) fill a
   * second batch, which the candidate scores; a shadow scores the stable model's batch too.
   */
  List<Delivery> process(List<Message> messages, Models models) {
    List<Delivery> deliveries = messages.stream().map(BatchProcessor::parse).toList();
    if (models.canary()) {
      split(deliveries, models.trial().trial().percent());
    }
    List<Delivery> pass = new ArrayList<>();
    batch.clear();
    if (models.canary()) {
      candidateBatch().clear();
    }
    for (Delivery delivery : deliveries) {
      if (delivery.failed()) {
        continue;
      }
      if (delivery.frames.size() > batch.capacity()) {
        delivery.deadLetter(
            delivery.frames.size() + " records, more than a batch of " + batch.capacity());
        continue;
      }
      long toCandidate = delivery.frames.stream().filter(f -> f.candidate).count();
      if (batch.size() + delivery.frames.size() - toCandidate > batch.capacity()
          || (toCandidate > 0 && candidateBatch.size() + toCandidate > batch.capacity())) {
        score(pass, models);
      }
      for (Delivery.Frame frame : delivery.frames) {
        if (!delivery.failed()) {
          prepare(delivery, frame);
        }
      }
      pass.add(delivery);
    }
    score(pass, models);
    return deliveries;
  }

  // the canary's sessions, read in one query for the batch; the writer decides the holdout arm
  // from the same sessions when it stores each recommendation
  private void split(List<Delivery> deliveries, int percent) {
    Map<UUID, Delivery.Frame> frames = new HashMap<>();
    for (Delivery delivery : deliveries) {
      for (Delivery.Frame frame : delivery.frames) {
        StorageKeys.requestIdOf(frame.event.key()).ifPresent(id -> frames.put(id, frame));
      }
    }
    Map<UUID, String> sessions;
    try {
      sessions = writer.sessions(frames.keySet());
    } catch (SQLException | RuntimeException e) {
      // the database would refuse the recommendations too: the whole batch comes back
      log.warn(
          "Tenant {}: reading the batch's sessions failed, will retry: {}", tenant, e.toString());
      deliveries.forEach(d -> d.retry(e));
      return;
    }
    TenantConfig.Holdout holdout = tenantConfig.holdoutOrNone();
    sessions.forEach(
        (id, session) ->
            frames.get(id).candidate =
                (holdout.percent() == 0
                        || Arms.of(tenantConfig.name(), session, holdout.percent())
                            == Arms.Arm.MODEL)
                    && Arms.candidate(tenantConfig.name(), session, percent));
  }

  private FrameBatch candidateBatch() {
    if (candidateBatch == null) { // allocated on a canary's first batch: a batch is tens of MB
      candidateBatch = new FrameBatch(batch.capacity());
    }
    return candidateBatch;
  }

  /**
   * The forward passes over the batches, then each delivery's results stored; empties all. A
   * candidate whose pass fails is dropped ({@link CandidateModel#broke}) and the stable model
   * scores its frames instead.
   */
  private void score(List<Delivery> pass, Models models) {
    Pass stable = forward(models.stable(), batch);
    Pass candidate = null;
    Pass shadow = null;
    if (models.canary() && candidateBatch.size() > 0) {
      candidate = candidateForward(models, candidateBatch);
      if (candidate == null) {
        candidate = forward(models.stable(), candidateBatch);
      }
    } else if (models.shadow() && batch.size() > 0) {
      shadow = candidateForward(models, batch);
    }
    for (Delivery delivery : pass) {
      if (!delivery.failed()) {
        store(delivery, stable, candidate, shadow);
      }
    }
    pass.clear();
    batch.clear();
    if (candidateBatch != null) {
      candidateBatch.clear();
    }
  }

  /** The candidate's pass over {@code frames}; null when it takes no traffic (any more). */
  private Pass candidateForward(Models models, FrameBatch frames) {
    if (models.trial().broken()) { // in an earlier pass of the same messages
      return null;
    }
    try {
      return forward(models.candidate(), frames);
    } catch (RuntimeException e) {
      models.trial().broke(e, frames.size());
      return null;
    }
  }

  /** One forward pass: its model, its scores and its time per frame. */
  private record Pass(TenantModel.Loaded model, float[][] scores, double millisPerFrame) {}

  private Pass forward(TenantModel.Loaded model, FrameBatch frames) {
    if (frames.size() == 0) {
      return new Pass(model, new float[0][], 0);
    }
    long start = System.nanoTime();
    float[][] scores = metrics.forward().record(() -> model.model().scores(frames));
    return new Pass(model, scores, (System.nanoTime() - start) / 1e6 / frames.size());
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
      frame.slot =
          (frame.candidate ? candidateBatch : batch).add(decoder.decode(store.read(frame.event)));
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

  private void store(Delivery delivery, Pass stable, Pass candidate, Pass shadow) {
    for (Delivery.Frame frame : delivery.frames) {
      if (frame.slot < 0) {
        metrics.skipped();
        continue;
      }
      Pass served = frame.candidate ? candidate : stable;
      float[] scores = served.scores()[frame.slot];
      ObjectCreatedEvent event = frame.event;
      Recommendation recommendation =
          new Recommendation(
              frame.requestId,
              event.bucket(),
              event.key(),
              event.versionId(),
              event.eventTime(),
              served.model().model().version(),
              served.model().catalogue().ranking(scores),
              served.millisPerFrame(),
              served.scores().length,
              shadow == null
                  ? null
                  : new Recommendation.Shadow(
                      shadow.model().model().version(),
                      shadow.model().catalogue().ranking(shadow.scores()[frame.slot]),
                      shadow.millisPerFrame()));
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
