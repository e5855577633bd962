package dev.sundae.inference.worker;

import dev.sundae.tenancy.ObjectCreatedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.model.Message;

/** One message of a batch, its frames, and what became of it. */
final class Delivery {

  /** One object-created record of the message. */
  static final class Frame {
    final ObjectCreatedEvent event;
    UUID requestId; // null for an object that is not a frame
    int slot = -1; // its place in the batch once decoded
    boolean candidate; // in a canary's session: scored by the candidate, in its own batch

    Frame(ObjectCreatedEvent event) {
      this.event = event;
    }
  }

  final Message message;
  final List<Frame> frames = new ArrayList<>();
  private String deadLetterReason;
  private Exception retryCause;

  Delivery(Message message) {
    this.message = message;
  }

  /** No retry can help: the message goes to the dead-letter queue with {@code reason}. */
  void deadLetter(String reason) {
    if (deadLetterReason == null) {
      deadLetterReason = reason;
    }
  }

  /** Something of ours failed: the message stays, and comes back after its visibility timeout. */
  void retry(Exception cause) {
    if (retryCause == null) {
      retryCause = cause;
    }
  }

  boolean failed() {
    return deadLetterReason != null || retryCause != null;
  }

  String deadLetterReason() {
    return deadLetterReason;
  }

  Exception retryCause() {
    return retryCause;
  }
}
