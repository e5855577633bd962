package dev.sundae.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/** The chat's public API as a member's app calls it: REST, the signed PUT, and the live socket. */
public final class Chat {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;

  /** The chat at {@code base}, e.g. one Pod of it through a port-forward, trusting {@code tls}. */
  Chat(URI base, SSLContext tls) {
    this.base = base;
    this.http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build();
  }

  /** Where the API is served (its OpenAPI spec at {@code /openapi.yaml}). */
  public URI base() {
    return base;
  }

  public Response get(String path, String token) {
    return send(request(path, token).GET());
  }

  public Response post(String path, String token, Object body) {
    try {
      return send(
          request(path, token)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** PUTs the clip to the signed URL of {@code upload} with exactly the signed headers. */
  public int put(JsonNode upload, byte[] clip) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(upload.path("url").asText()))
            .timeout(Duration.ofSeconds(30));
    upload
        .path("headers")
        .fields()
        .forEachRemaining(
            header -> {
              if (!header.getKey().equalsIgnoreCase("content-length")) {
                request.header(header.getKey(), header.getValue().asText());
              }
            });
    return send(request.PUT(HttpRequest.BodyPublishers.ofByteArray(clip))).status();
  }

  /**
   * A member's voice message, as the app sends one: a signed upload for the clip, the PUT, then the
   * message naming the upload. The PUT must succeed; the post's answer is returned as is.
   */
  public Response postVoiceMessage(String token, String conversationId, byte[] clip) {
    JsonNode upload =
        post(
                "/v1/audio/uploads",
                token,
                Map.of("contentType", "audio/ogg", "sizeBytes", clip.length))
            .json();
    int put = put(upload.path("upload"), clip);
    if (put != 200) {
      throw new IllegalStateException("PUT of the clip to its signed URL answered " + put);
    }
    return post(
        "/v1/conversations/" + conversationId + "/messages",
        token,
        Map.of(
            "clientMessageId",
            UUID.randomUUID().toString(),
            "uploadId",
            upload.path("uploadId").asText()));
  }

  public byte[] download(String url) {
    try {
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET of the signed URL answered " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A device connected to {@code /v1/live}; its JSON events queue up until taken. */
  public Device connect(String token) {
    Device device = new Device();
    URI live =
        URI.create(base.toString().replaceFirst("^http", "ws") + "/v1/live?access_token=" + token);
    device.socket = http.newWebSocketBuilder().buildAsync(live, device).join();
    return device;
  }

  private HttpRequest.Builder request(String path, String token) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token);
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public record Response(int status, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON: " + body, e);
      }
    }
  }

  /** One device of a member. */
  public static final class Device implements WebSocket.Listener, AutoCloseable {

    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          events.add(JSON.readTree(partial.toString()));
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    /** The next event of {@code type}, skipping others; fails after {@code timeout}. */
    public JsonNode next(String type, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      List<String> skipped = new java.util.ArrayList<>();
      while (true) {
        JsonNode event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (event == null) {
          throw new AssertionError(
              "no '" + type + "' event within " + timeout + "; saw " + skipped);
        }
        if (type.equals(event.path("type").asText())) {
          return event;
        }
        skipped.add(event.path("type").asText());
      }
    }

    @Override
    public void close() {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }
  }
}
