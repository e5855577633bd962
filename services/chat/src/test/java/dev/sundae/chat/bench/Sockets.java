package dev.sundae.chat.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Many WebSocket connections from one JVM: the JDK's client on one shared {@link HttpClient}, whose
 * one selector thread serves every socket and whose two callback threads run the listeners, so ten
 * thousand connections need no ten thousand threads. Counts pings, closes and failures.
 */
final class Sockets implements AutoCloseable {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private final ExecutorService callbacks =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread thread = new Thread(r, "ws-client");
            thread.setDaemon(true);
            return thread;
          });
  private final HttpClient http =
      HttpClient.newBuilder().executor(callbacks).connectTimeout(CONNECT_TIMEOUT).build();
  private final List<WebSocket> open = new ArrayList<>();
  // each connection's listener by its index in open(): what reopenClosed() finds closed
  private final Map<Integer, Listener> listeners = new ConcurrentHashMap<>();
  private final AtomicInteger closed = new AtomicInteger();
  private final AtomicLong pings = new AtomicLong();
  private final Map<Integer, AtomicInteger> closeCodes = new ConcurrentHashMap<>();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();
  private final TextHandler onText;

  /** What a socket does with each whole text frame. */
  interface TextHandler {
    void onText(CharSequence text, long receivedAt);
  }

  /**
   * @param uri the WebSocket URI
   * @param bearer the access token to send, or null
   */
  record Target(URI uri, String bearer) {}

  Sockets(TextHandler onText) {
    this.onText = onText;
  }

  /**
   * Opens {@code count} connections, at most {@code inFlight} handshakes at a time, and gives up on
   * the rest after {@code limit}; returns the sockets that opened, in order of opening.
   */
  List<WebSocket> open(int count, IntFunction<Target> target, int inFlight, Duration limit)
      throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    Semaphore handshakes = new Semaphore(inFlight);
    for (int i = 0; i < count && System.nanoTime() < end; i++) {
      if (!handshakes.tryAcquire(end - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        break;
      }
      if (i > 0 && i % 2_000 == 0) {
        System.out.printf("  %,d handshakes started, %,d open%n", i, stillOpen());
      }
      connect(i, target.apply(i)).whenComplete((socket, error) -> handshakes.release());
    }
    // the handshakes still on their way, bounded by their connect timeout
    handshakes.tryAcquire(
        inFlight, CONNECT_TIMEOUT.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
    synchronized (open) {
      return List.copyOf(open);
    }
  }

  /**
   * Opens again, one after the other, each connection of {@link #open} that the server or an error
   * closed since, to the same target; returns how many it reopened (a failed handshake counts in
   * {@link #failed}). The close codes and the first failure keep what happened.
   */
  int reopenClosed(IntFunction<Target> target) throws InterruptedException {
    int reopened = 0;
    for (Map.Entry<Integer, Listener> entry : Map.copyOf(listeners).entrySet()) {
      if (entry.getValue().ended()) {
        try {
          connect(entry.getKey(), target.apply(entry.getKey()))
              .get(CONNECT_TIMEOUT.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
          reopened++;
        } catch (java.util.concurrent.ExecutionException
            | java.util.concurrent.TimeoutException e) {
          // counted by connect()
        }
      }
    }
    return reopened;
  }

  /** Connection {@code index} to {@code to}: in {@link #open} once its handshake succeeds. */
  private java.util.concurrent.CompletableFuture<WebSocket> connect(int index, Target to) {
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
    if (to.bearer() != null) {
      builder.header("Authorization", "Bearer " + to.bearer());
    }
    Listener listener = new Listener();
    listeners.put(index, listener);
    return builder
        .buildAsync(to.uri(), listener)
        .whenComplete(
            (socket, error) -> {
              if (error != null) {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, describe(error));
              } else {
                synchronized (open) {
                  open.add(socket);
                }
              }
            });
  }

  /** Connections opened and not closed by the server or an error since. */
  int stillOpen() {
    synchronized (open) {
      return open.size() - closed.get();
    }
  }

  long pings() {
    return pings.get();
  }

  int failed() {
    return failed.get();
  }

  String firstFailure() {
    return firstFailure.get();
  }

  /** Close codes the server sent (-1: an error), and how often. */
  Map<Integer, Integer> closeCodes() {
    Map<Integer, Integer> codes = new TreeMap<>();
    closeCodes.forEach((code, n) -> codes.put(code, n.get()));
    return codes;
  }

  /** Closes every connection with a close handshake, aborting what has not closed after a while. */
  @Override
  public void close() {
    List<WebSocket> all;
    synchronized (open) {
      all = List.copyOf(open);
    }
    all.forEach(socket -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < end && all.stream().anyMatch(s -> !s.isInputClosed())) {
      sleep(Duration.ofMillis(200));
    }
    all.forEach(WebSocket::abort);
    callbacks.shutdownNow();
  }

  private static String describe(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause instanceof WebSocketHandshakeException handshake
        ? "handshake answered " + handshake.getResponse().statusCode()
        : String.valueOf(cause);
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private final class Listener implements WebSocket.Listener {
    private StringBuilder partial;
    private boolean done;

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      long at = System.nanoTime();
      if (!last) {
        partial = partial == null ? new StringBuilder(data) : partial.append(data);
      } else if (partial != null) {
        onText.onText(partial.append(data), at);
        partial = null;
      } else {
        onText.onText(data, at);
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket socket, ByteBuffer message) {
      // the JDK's client answers with a pong by itself
      pings.incrementAndGet();
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
      ended(code);
      return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      firstFailure.compareAndSet(null, String.valueOf(error));
      ended(-1);
    }

    synchronized boolean ended() {
      return done;
    }

    private synchronized void ended(int code) {
      if (!done) {
        done = true;
        closed.incrementAndGet();
        closeCodes.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
      }
    }
  }
}
