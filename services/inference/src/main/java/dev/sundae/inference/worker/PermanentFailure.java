package dev.sundae.inference.worker;

/**
 * A message that no retry can process (not an event, not a picture, not this tenant's bucket): it
 * goes to the dead-letter queue with this reason instead of blocking the queue.
 */
final class PermanentFailure extends Exception {

  PermanentFailure(String reason) {
    super(reason);
  }
}
