package dev.sundae.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;

/** The gateway's public API as a register calls it, and the signed PUT to the object store. */
public final class Gateway {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;

  Gateway(URI base, SSLContext tls) {
    this.base = base;
    this.http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build();
  }

  /** Where the API is served (its OpenAPI spec at {@code /openapi.yaml}). */
  public URI base() {
    return base;
  }

  /** {@code POST /v1/uploads}: a request id and a signed URL for one frame. */
  public Upload requestUpload(String token, String contentType, long size) {
    return requestUpload(token, contentType, size, "e2e-store");
  }

  /** {@code POST /v1/uploads} from the register of {@code store}. */
  public Upload requestUpload(String token, String contentType, long size, String store) {
    return requestUpload(token, contentType, size, store, null);
  }

  /**
   * {@code POST /v1/uploads} from the register of {@code store}, for a frame of the customer's
   * {@code session} (none: the upload is its own session).
   */
  public Upload requestUpload(
      String token, String contentType, long size, String store, String session) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("contentType", contentType);
    request.put("sizeBytes", size);
    request.put("store", store);
    if (session != null) {
      request.put("session", session);
    }
    Response created = post("/v1/uploads", token, request);
    if (created.status() != 201 && created.status() != 200) {
      throw new IllegalStateException("POST /v1/uploads answered " + created);
    }
    JsonNode body = created.json();
    Map<String, String> headers = new LinkedHashMap<>();
    body.path("upload")
        .path("headers")
        .fields()
        .forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
    return new Upload(
        UUID.fromString(body.path("requestId").asText()),
        body.path("upload").path("url").asText(),
        headers);
  }

  /** PUTs the frame to the signed URL exactly as signed (the store refuses anything else). */
  public Response put(Upload upload, byte[] body) {
    return put(upload.url(), upload.headers(), body);
  }

  public Response put(String url, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    // HttpClient sets Content-Length from the body and refuses it as a header
    headers.forEach(
        (name, value) -> {
          if (!name.equalsIgnoreCase("content-length")) {
            request.header(name, value);
          }
        });
    return send(request.PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** {@code GET /v1/recommendations/{id}?waitMs=}: long-polls until the top 3 are there. */
  public Response recommendation(String token, UUID requestId, int waitMs) {
    return get("/v1/recommendations/" + requestId + "?waitMs=" + waitMs, token);
  }

  public Response purchase(String token, UUID requestId, List<String> flavours) {
    return post(
        "/v1/purchases",
        token,
        Map.of(
            "purchaseId", UUID.randomUUID().toString(),
            "requestId", requestId.toString(),
            "flavours", flavours,
            "store", "e2e-store",
            "purchasedAt", Instant.now().toString()));
  }

  public Response effectiveness(String token, Instant from, Instant to) {
    return get("/v1/analytics/effectiveness?from=" + from + "&to=" + to, token);
  }

  public Response get(String path, String token) {
    return send(request(path, token).GET());
  }

  /** A request without a body: PUT or DELETE of a resource named by its path. */
  public Response call(String method, String path, String token) {
    return send(request(path, token).method(method, HttpRequest.BodyPublishers.noBody()));
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

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
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

  /** A signed upload: where to PUT the frame and the headers the signature covers. */
  public record Upload(UUID requestId, String url, Map<String, String> headers) {}

  public record Response(int status, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON: " + body, e);
      }
    }

    /** The flavours of a recommendation, best first. */
    public List<String> flavours() {
      return json().path("flavours").findValuesAsText("flavour");
    }
  }
}
