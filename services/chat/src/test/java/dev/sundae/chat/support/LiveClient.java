package dev.sundae.chat.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One device's WebSocket to {@code /v1/live}, over a real socket, collecting what arrives. */
public final class LiveClient implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  private final AtomicInteger pings = new AtomicInteger();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final WebSocket socket;

  private LiveClient(WebSocket.Builder builder, URI uri) {
    this.socket = builder.buildAsync(uri, new Listener()).join();
  }

  /** Connects with the token in the Authorization header, as a native app does. */
  public static LiveClient connect(int port, String token) {
    return new LiveClient(
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .header("Authorization", "Bearer " + token),
        URI.create("ws://127.0.0.1:" + port + "/v1/live"));
  }

  /** Connects with the token as {@code ?access_token=}, as a browser must. */
  public static LiveClient connectWithQueryToken(int port, String token) {
    return new LiveClient(
        HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)),
        URI.create("ws://127.0.0.1:" + port + "/v1/live?access_token=" + token));
  }

  /** The next event of {@code type}, skipping others, or null after {@code timeout}. */
  public JsonNode next(String type, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      JsonNode event = received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      if (event == null || event.path("type").asString().equals(type)) {
        return event;
      }
    }
  }

  /**
   * The next event whose type is one of {@code types}, skipping others, or null after {@code
   * timeout}.
   */
  public JsonNode nextOf(Duration timeout, String... types) throws InterruptedException {
    java.util.Set<String> wanted = java.util.Set.of(types);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      JsonNode event = received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      if (event == null || wanted.contains(event.path("type").asString())) {
        return event;
      }
    }
  }

  public void send(String text) {
    socket.sendText(text, true).join();
  }

  public int pings() {
    return pings.get();
  }

  /** The close code the server sent, once it did. */
  public CompletableFuture<Integer> closed() {
    return closed;
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS);
    }
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        received.add(JSON.readTree(text.toString()));
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
      pings.incrementAndGet();
      return WebSocket.Listener.super.onPing(webSocket, message);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(-1);
    }
  }
}
