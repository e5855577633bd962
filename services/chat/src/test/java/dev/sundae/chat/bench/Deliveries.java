package dev.sundae.chat.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Messages on their way to devices: when each was sent, and how long each device took to get it. A
 * frame is matched by the {@code "clientMessageId":"…"} it carries, found without parsing the JSON,
 * so that the receiving side costs the same for the chat's events and the baseline's frames.
 */
final class Deliveries {

  private static final String ID_FIELD = "\"clientMessageId\":\"";

  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicInteger frameLength = new AtomicInteger();

  /** Starts the clock of message {@code id}, just before it is sent. */
  Pending expect(String id, int recipients, Samples latencies) {
    Pending sent = new Pending(System.nanoTime(), new CountDownLatch(recipients), latencies);
    pending.put(id, sent);
    return sent;
  }

  /** What every device's socket calls with each text frame it receives. */
  void received(CharSequence text, long receivedAt) {
    String id = idOf(text);
    Pending sent = id == null ? null : pending.get(id);
    if (sent != null) {
      sent.latencies.add(receivedAt - sent.sentAt);
      frameLength.set(text.length());
      sent.left.countDown();
    }
  }

  /** Recipients that have not received {@code id} yet. */
  long pendingFor(String id) {
    Pending sent = pending.get(id);
    return sent == null ? 0 : sent.left.getCount();
  }

  /** Forgets {@code id}; returns how many recipients had not received it. */
  long forget(String id) {
    Pending sent = pending.remove(id);
    return sent == null ? 0 : sent.left.getCount();
  }

  /** The length of the last matched frame: the baseline sends frames of the chat event's size. */
  int frameLength() {
    return frameLength.get();
  }

  static String idOf(CharSequence text) {
    String s = text.toString();
    int start = s.indexOf(ID_FIELD);
    if (start < 0) {
      return null;
    }
    start += ID_FIELD.length();
    int end = s.indexOf('"', start);
    return end < 0 ? null : s.substring(start, end);
  }

  /**
   * @param sentAt {@link System#nanoTime()} just before the send
   * @param left recipients still to receive it
   * @param latencies where each recipient's latency goes
   */
  record Pending(long sentAt, CountDownLatch left, Samples latencies) {
    boolean await(Duration timeout) throws InterruptedException {
      return left.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
  }
}
