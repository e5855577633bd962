package dev.sundae.testing.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sundae.testing.Probes;
import dev.sundae.testing.ServerProcess;
import dev.sundae.testing.TestServer;
import dev.sundae.testing.Tools;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Web Push service (web-push-testing, installed from npm by hack/bootstrap.sh) on a free
 * loopback port. It plays both sides a browser's push service has: it hands out subscriptions (its
 * own P-256 key pair and auth secret per subscription), and it receives RFC 8030 pushes at their
 * endpoints, refusing one whose VAPID token was not signed by the subscription's
 * applicationServerKey, decrypting the RFC 8291 payload, and answering 410 once a subscription is
 * expired.
 */
public final class PushServiceServer implements TestServer {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final int port = ServerProcess.freePort();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private ServerProcess process;

  @Override
  public void start() {
    Tools tools = Tools.get();
    List<String> command =
        List.of(
            tools.binary("node").toString(),
            tools.value("web-push-testing"),
            Integer.toString(port));
    process = new ServerProcess("web-push-testing", command, Map.of()).start();
    process.awaitReady(Duration.ofSeconds(30), () -> Probes.listening(port) && answers());
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
  }

  /** Where it listens: its subscriptions' endpoints are under this origin. */
  public String origin() {
    return "http://localhost:" + port;
  }

  public int port() {
    return port;
  }

  /**
   * A new subscription for {@code applicationServerKey} (base64url), as a browser's {@code
   * pushManager.subscribe} makes it.
   */
  public Subscription subscribe(String applicationServerKey) {
    JsonNode data =
        post(
                "/subscribe",
                "{\"userVisibleOnly\":\"true\",\"applicationServerKey\":\""
                    + applicationServerKey
                    + "\"}",
                200)
            .path("data");
    return new Subscription(
        data.path("endpoint").asText(),
        data.path("keys").path("p256dh").asText(),
        data.path("keys").path("auth").asText(),
        data.path("clientHash").asText());
  }

  /** The decrypted payloads the subscription received, oldest first. */
  public List<String> messages(Subscription subscription) {
    JsonNode messages =
        post("/get-notifications", "{\"clientHash\":\"" + subscription.clientHash() + "\"}", 200)
            .path("data")
            .path("messages");
    List<String> out = new ArrayList<>();
    messages.forEach(m -> out.add(m.asText()));
    return out;
  }

  /** Expires the subscription, as a browser does on unsubscribe: later pushes get 410. */
  public void expire(Subscription subscription) {
    post("/expire-subscription/" + subscription.clientHash(), "", 200);
  }

  @Override
  public List<Path> logs() {
    return process == null ? List.of() : List.of(process.logFile());
  }

  private boolean answers() {
    try {
      return send("/status", "").statusCode() == 200;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private JsonNode post(String path, String body, int expected) {
    try {
      HttpResponse<String> response = send(path, body);
      if (response.statusCode() != expected) {
        throw new IllegalStateException(
            "POST " + path + " -> " + response.statusCode() + " " + response.body());
      }
      // sendStatus answers plain "OK"
      return response.body().startsWith("{")
          ? JSON.readTree(response.body())
          : JSON.createObjectNode();
    } catch (IOException e) {
      throw new IllegalStateException("POST " + path + ": " + e.getMessage(), e);
    }
  }

  private HttpResponse<String> send(String path, String body) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /**
   * A subscription as {@code PushSubscription.toJSON()} gives it, and the service's own handle.
   *
   * @param endpoint where the application server POSTs pushes
   * @param p256dh the user agent's public key, base64url (65-byte uncompressed P-256 point)
   * @param auth the 16-byte authentication secret, base64url
   * @param clientHash the service's id of the subscription, to read its messages
   */
  public record Subscription(String endpoint, String p256dh, String auth, String clientHash) {}
}
