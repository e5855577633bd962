package dev.sundae.chat.live;

import java.time.Duration;
import java.util.UUID;

/**
 * The last typing or recording state one connection relayed. Apps repeat "typing" every second or
 * two while the member types; each relay costs three queries and a NOTIFY, and the others'
 * indicator is already on, so the same state (kind and conversation) again within {@code window} is
 * dropped before any query. A different conversation or kind, or the same one after the window, is
 * relayed.
 */
final class TypingRepeats {

  private final long windowNanos;
  private String last;
  private long relayedAt;

  TypingRepeats(Duration window) {
    this.windowNanos = window.toNanos();
  }

  /** Whether {@code kind} in {@code conversation} at {@code now} repeats what was just relayed. */
  synchronized boolean repeats(String kind, UUID conversation, long now) {
    return (kind + "/" + conversation).equals(last) && now - relayedAt < windowNanos;
  }

  /** Remembers a state once it was relayed (a refused one is not, so its error is not lost). */
  synchronized void relayed(String kind, UUID conversation, long now) {
    last = kind + "/" + conversation;
    relayedAt = now;
  }
}
