package dev.sundae.gateway.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The gateway's HTTP API as a register calls it, over a real socket. */
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

  /** A request without a body, such as PUT or DELETE of a resource named by its path. */
  public Response call(String method, String path, String token) {
    return send(request(path, token).method(method, HttpRequest.BodyPublishers.noBody()));
  }

  /** PUTs {@code body} to a signed URL with the given headers, as a register uploads a frame. */
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
