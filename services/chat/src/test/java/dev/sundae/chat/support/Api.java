package dev.sundae.chat.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The chat service's HTTP API as a member's app calls it, over a real socket. */
public final class Api {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public Api(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public String base() {
    return base;
  }

  public Response get(String path, String token) {
    return send(request(path, token).GET());
  }

  public Response post(String path, String token, Object body) {
    String text = body instanceof String s ? s : JSON.writeValueAsString(body);
    return send(
        request(path, token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(text)));
  }

  public Response put(String path, String token, Object body) {
    String text = body instanceof String s ? s : JSON.writeValueAsString(body);
    return send(
        request(path, token)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(text)));
  }

  public Response delete(String path, String token) {
    return send(request(path, token).DELETE());
  }

  /** PUTs {@code body} to a signed URL with the given headers, as an app uploads a clip. */
  public Response put(String url, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    // HttpClient sets Content-Length from the body itself and refuses it as a header
    headers.forEach(
        (name, value) -> {
          if (!name.equalsIgnoreCase("content-length")) {
            request.header(name, value);
          }
        });
    return send(request.PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /**
   * What an app does to send a voice message: a signed upload of {@code clip} (Opus in Ogg), the
   * PUT, and the post; the post's answer, whatever it is.
   */
  public Response voiceMessage(
      String token, String conversation, String clientMessageId, byte[] clip) {
    return post(
        "/v1/conversations/" + conversation + "/messages",
        token,
        Map.of("clientMessageId", clientMessageId, "uploadId", upload(token, "audio/ogg", clip)));
  }

  /**
   * Asks for a signed upload of {@code clip} and PUTs it there, as an app does before it posts a
   * voice message; returns the upload id to post.
   */
  public String upload(String token, String contentType, byte[] clip) {
    Response signed =
        post(
            "/v1/audio/uploads",
            token,
            Map.of("contentType", contentType, "sizeBytes", clip.length));
    if (signed.status() != 201) {
      throw new IllegalStateException("POST /v1/audio/uploads answered " + signed);
    }
    JsonNode upload = signed.json().path("upload");
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    upload
        .path("headers")
        .properties()
        .forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
    Response put = put(upload.path("url").asString(), headers, clip);
    if (put.status() != 200) {
      throw new IllegalStateException("PUT to the signed URL answered " + put);
    }
    return signed.json().path("uploadId").asString();
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A response; {@link #json()} parses the body. */
  public record Response(int status, Map<String, java.util.List<String>> headers, String body) {

    public JsonNode json() {
      return JSON.readTree(body);
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
