package dev.sundae.operator.tenant;

import dev.sundae.operator.queue.QueueService;
import dev.sundae.operator.storage.ObjectStoreException;
import java.util.Optional;

/** What became of one dependent in one reconcile. */
record Outcome(State state, Optional<Exception> error) {

  enum State {
    /** Reconciled, and ready where readiness is checked. */
    READY,
    /** Reconciled, but its ready condition does not hold yet (e.g. pods still starting). */
    NOT_READY,
    /** Its reconcile threw. */
    FAILED,
    /** Not reconciled: a dependent it depends on failed or is not ready. */
    NOT_REACHED
  }

  static final Outcome READY = new Outcome(State.READY, Optional.empty());
  static final Outcome NOT_READY = new Outcome(State.NOT_READY, Optional.empty());
  static final Outcome NOT_REACHED = new Outcome(State.NOT_REACHED, Optional.empty());

  static Outcome failed(Exception e) {
    return new Outcome(State.FAILED, Optional.of(e));
  }

  /** A CamelCase reason for a failure, by what failed. */
  String failureReason() {
    Exception e = error.orElseThrow();
    if (e instanceof dev.sundae.operator.runtime.Ownership.AdoptionRefusedException) {
      return "AdoptionRefused";
    }
    if (e instanceof ObjectStoreException) {
      return "ObjectStoreError";
    }
    if (e instanceof dev.sundae.operator.database.TenantDatabaseException) {
      return "DatabaseError";
    }
    if (e instanceof software.amazon.awssdk.core.exception.SdkException
        || e.getClass().getPackageName().startsWith(QueueService.class.getPackageName())) {
      return "QueueServiceError";
    }
    if (e instanceof io.fabric8.kubernetes.client.KubernetesClientException) {
      return "KubernetesApiError";
    }
    return "ReconcileFailed";
  }

  String message() {
    return error
        .map(e -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
        .orElse("");
  }
}
